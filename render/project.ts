// What a folder holds: Helm charts (a Chart.yaml), kustomizations (a kustomization.yaml, with the files it
// lists as patches) and plain manifests. And which helm and kustomize to run.

import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { isChart } from "./helm";
import { KustomizeCommand, kustomizationFile } from "./kustomize";
import { onPath } from "./process";

export interface Project {
  readonly charts: string[];
  readonly kustomizations: string[];
  /** Files a kustomization lists as patches (absolute): checked as patches, never as whole objects. */
  readonly patches: Set<string>;
}

/** Charts and kustomizations at or below the given paths (folders are walked; a chart's own charts/ too). */
export function findProjects(paths: readonly string[]): Project {
  const out: Project = { charts: [], kustomizations: [], patches: new Set() };
  const walk = (dir: string) => {
    if (isChart(dir)) out.charts.push(dir);
    if (kustomizationFile(dir)) {
      out.kustomizations.push(dir);
      for (const p of patchFiles(dir)) out.patches.add(p);
    }
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
      const child = path.join(dir, entry.name);
      if (entry.isDirectory() || (entry.isSymbolicLink() && fs.statSync(child).isDirectory())) walk(child);
    }
  };
  for (const p of paths) if (fs.existsSync(p) && fs.statSync(p).isDirectory()) walk(path.resolve(p));
  return out;
}

/** The files a kustomization lists under `patches`, `patchesStrategicMerge` and `patchesJson6902`, resolved. */
export function patchFiles(dir: string): string[] {
  const file = kustomizationFile(dir);
  if (!file) return [];
  let k: unknown;
  try {
    k = parse(fs.readFileSync(file, "utf8"));
  } catch {
    return [];
  }
  if (!k || typeof k !== "object") return [];
  const doc = k as Record<string, unknown>;
  const out: string[] = [];
  const add = (p: unknown) => {
    // An inline patch is YAML text, not a file name.
    if (typeof p === "string" && !p.includes("\n")) out.push(path.resolve(dir, p));
  };
  for (const field of ["patches", "patchesJson6902", "patchesStrategicMerge"]) {
    const list = doc[field];
    if (!Array.isArray(list)) continue;
    for (const item of list) add(typeof item === "string" ? item : (item as { path?: unknown } | null)?.path);
  }
  return out.filter((p) => fs.existsSync(p));
}

/** The local kustomizations a kustomization builds on (its resources, bases and components that are folders), itself first. */
export function kustomizationTree(dir: string, seen = new Set<string>()): string[] {
  const resolved = path.resolve(dir);
  if (seen.has(resolved) || !kustomizationFile(resolved)) return [];
  seen.add(resolved);
  let doc: Record<string, unknown> = {};
  try {
    doc = (parse(fs.readFileSync(kustomizationFile(resolved)!, "utf8")) as Record<string, unknown>) ?? {};
  } catch {
    /* kustomize reports it */
  }
  const out = [resolved];
  for (const field of ["resources", "bases", "components"]) {
    const list = doc[field];
    if (!Array.isArray(list)) continue;
    for (const r of list) {
      if (typeof r !== "string") continue;
      const sub = path.resolve(resolved, r);
      if (fs.existsSync(sub) && fs.statSync(sub).isDirectory()) out.push(...kustomizationTree(sub, seen));
    }
  }
  return out;
}

export interface Tools {
  /** helm's path; undefined when none was found (charts are then checked in place only). */
  readonly helm?: string;
  readonly kustomize?: KustomizeCommand;
}

/** helm and kustomize as given (a path), else from PATH (`kubectl kustomize` when there is no kustomize). */
export function findTools(given: { helm?: string; kustomize?: string }): Tools {
  const helm = onPath(given.helm || "helm");
  let kustomize: KustomizeCommand | undefined;
  const k = onPath(given.kustomize || "kustomize");
  if (k) kustomize = { program: k, args: ["build"] };
  else if (!given.kustomize) {
    const kubectl = onPath("kubectl");
    if (kubectl) kustomize = { program: kubectl, args: ["kustomize"] };
  }
  return { helm, kustomize };
}
