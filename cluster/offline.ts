// Offline snapshots: a file from `kubectl get roles,clusterroles,rolebindings,clusterrolebindings,
// serviceaccounts -A -o yaml` (a List), or the same as JSON, read as if it were the cluster; and the
// reverse, `kube-rbac snapshot -o FILE`, writing such a List from any snapshot.

import * as fs from "node:fs";
import { stringify } from "yaml";
import { isListKind, namedFromPlain, rbacFromPlain, looksLikeRbac } from "../core/defaulting";
import { NamedObject, RbacObject } from "../core/model";
import { parseManifests } from "../core/parse";
import { ClusterError } from "./errors";
import { RbacSnapshot } from "./snapshot";
import { metaToPlain, rbacToPlain } from "../core/to-plain";

export interface LoadedSnapshot {
  readonly snapshot: RbacSnapshot;
  /** YAML problems, as messages with a line number. */
  readonly problems: readonly string[];
}

/** Read a snapshot file (YAML or JSON, a List or several documents). Throws ClusterError("config") if unreadable. */
export function loadSnapshotFile(file: string): LoadedSnapshot {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new ClusterError("config", `The snapshot file ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? "error"}).`);
  }
  return snapshotFromText(text, file);
}

export function snapshotFromText(text: string, file: string): LoadedSnapshot {
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    // JSON: a big `-o json` dump parses much faster this way than through the YAML parser.
    try {
      return { snapshot: fromValues([JSON.parse(text)], file), problems: [] };
    } catch {
      // not valid JSON after all: YAML is a superset, let it report the problem with a position
    }
  }
  const parsed = parseManifests(text, file, { spans: false });
  const problems = parsed.findings.map((f) => {
    const line = lineOf(text, f.span.start);
    return `${file}:${line}: ${f.message}`;
  });
  return {
    snapshot: {
      source: { kind: "file", file },
      objects: sortObjects([...parsed.objects]),
      others: sortObjects([...parsed.others]),
      complete: true,
      gaps: [],
    },
    problems,
  };
}

function fromValues(values: unknown[], file: string): RbacSnapshot {
  const objects: RbacObject[] = [];
  const others: NamedObject[] = [];
  const visit = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (isListKind(v)) return v.items.forEach(visit);
    if (looksLikeRbac(v)) objects.push(rbacFromPlain(v));
    else {
      const n = namedFromPlain(v);
      if (n) others.push(n);
    }
  };
  values.forEach(visit);
  return { source: { kind: "file", file }, objects: sortObjects(objects), others: sortObjects(others), complete: true, gaps: [] };
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function sortObjects<T extends { kind: string; metadata: { namespace: string; name: string } }>(list: T[]): T[] {
  const c = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return list.sort((a, b) => c(a.kind, b.kind) || c(a.metadata.namespace, b.metadata.namespace) || c(a.metadata.name, b.metadata.name));
}

/** The snapshot as plain manifests (what the API would return, defaulted). */
export function snapshotToList(snapshot: RbacSnapshot): Record<string, unknown> {
  const items: Record<string, unknown>[] = snapshot.objects.map(rbacToPlain);
  for (const o of snapshot.others) items.push({ apiVersion: "v1", kind: o.kind, metadata: metaToPlain(o.metadata) });
  return { apiVersion: "v1", kind: "List", metadata: { resourceVersion: "" }, items };
}

/** Write the snapshot as a YAML List (readable back with loadSnapshotFile and by kubectl). */
export function saveSnapshot(snapshot: RbacSnapshot, file: string): void {
  fs.writeFileSync(file, snapshotToYaml(snapshot));
}

export function snapshotToYaml(snapshot: RbacSnapshot): string {
  const header = snapshot.source.kind === "cluster" ? `# RBAC snapshot of ${snapshot.source.context} (${snapshot.source.server})\n` : "";
  const gaps = snapshot.gaps.map((g) => `# incomplete: ${g.message}\n`).join("");
  return header + gaps + stringify(snapshotToList(snapshot), { lineWidth: 0, aliasDuplicateObjects: false });
}
