// Validation, proven: every check's bad and good fixture and every top-level corpus file is sent to the
// real API server, document by document, as a server-side dry-run create with strict field validation
// (what `kubectl apply` sends). A document with an error-level finding must be rejected, and an RBAC
// document the server rejects must have an error-level finding. Every disagreement is listed.

import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { ALL_CHECKS } from "../../core/checks";
import { Finding } from "../../core/model";
import { ParsedDocument, parseManifests } from "../../core/parse";
import { check, FIXTURES, RAISED_ELSEWHERE } from "../core/checks/helpers";
import { AdminClient, useApiServer } from "../support/apiserver";
import { corpusFiles } from "../support/corpus";
import { discoverKinds, dryRunCreate, routeOf, Verdict } from "../support/dry-run";

const RBAC_KINDS = new Set(["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"]);

interface Case {
  readonly label: string;
  readonly text: string;
}

interface Sent {
  readonly where: string;
  readonly kind: string;
  readonly errors: readonly Finding[];
  readonly verdict: Verdict;
}

/** Edges of the metadata rules: each document one side of a limit. */
const meta = (m: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: edge\n${m}rules: []\n`;
const EDGES = [
  meta(`  labels:\n    ${"a".repeat(63)}: ok\n`),
  meta(`  labels:\n    ${"a".repeat(64)}: ok\n`),
  meta(`  labels:\n    ${"a".repeat(253)}/x: ok\n`),
  meta(`  labels:\n    ${"a".repeat(254)}/x: ok\n`),
  meta(`  labels:\n    x: ${"v".repeat(63)}\n`),
  meta(`  labels:\n    x: -v\n`),
  meta(`  labels:\n    x: "1"\n`),
  meta(`  labels:\n    /x: y\n`),
  meta(`  annotations:\n    Example.COM/X_y: v\n`),
  meta(`  annotations:\n    a/b/c: v\n`),
  meta(`  annotations:\n    big: ${"v".repeat(256 * 1024 - 3)}\n`),
  meta(`  annotations:\n    big: ${"v".repeat(256 * 1024 - 2)}\n`),
  meta(`  annotations:\n    big: ${"é".repeat(128 * 1024 - 1)}\n`),
  meta(`  annotations:\n    big: ${"é".repeat(128 * 1024)}\n`),
  meta(`  finalizers: [orphan, foregroundDeletion]\n`),
  meta(`  finalizers: [orphan, example.com/x]\n`),
  meta(`  finalizers: ["a/b/c"]\n`),
  meta(`  generateName: "."\n`),
  meta(`  generateName: "a%b"\n`),
  meta(`  ownerReferences:\n  - apiVersion: v1\n    kind: ConfigMap\n    name: c\n    uid: 0b1d2c3e-0000-4000-8000-000000000001\n`),
  meta(`  ownerReferences:\n  - apiVersion: v1\n    kind: ConfigMap\n    name: c\n`),
  meta(
    `  ownerReferences:\n  - apiVersion: v1\n    kind: ConfigMap\n    name: c\n    uid: u1\n    controller: true\n  - apiVersion: v1\n    kind: ConfigMap\n    name: d\n    uid: u2\n    controller: true\n`,
  ),
].join("---\n");

function cases(): Case[] {
  const out: Case[] = [];
  for (const c of ALL_CHECKS.filter((x) => !RAISED_ELSEWHERE.has(x.code)))
    for (const which of ["bad", "good"])
      out.push({ label: `${c.code}/${which}.yaml`, text: fs.readFileSync(path.join(FIXTURES, c.code, `${which}.yaml`), "utf8") });
  out.push({ label: "edges", text: EDGES });
  for (const f of corpusFiles()) out.push({ label: `corpus/${path.basename(f)}`, text: fs.readFileSync(f, "utf8") });
  return out;
}

/** apiVersion, kind and namespace of a document, from its value or (when it does not parse) its text. */
function header(doc: ParsedDocument, text: string): { apiVersion: string; kind: string; namespace: string } | undefined {
  const v = doc.value as { apiVersion?: unknown; kind?: unknown; metadata?: { namespace?: unknown } } | null | undefined;
  if (v && typeof v === "object" && typeof v.apiVersion === "string" && typeof v.kind === "string")
    return { apiVersion: v.apiVersion, kind: v.kind, namespace: typeof v.metadata?.namespace === "string" ? v.metadata.namespace : "" };
  const apiVersion = /^apiVersion:\s*["']?([^\s"']+)/m.exec(text)?.[1];
  const kind = /^kind:\s*["']?([^\s"']+)/m.exec(text)?.[1];
  const namespace = /^ {2}namespace:\s*["']?([^\s"']+)/m.exec(text)?.[1] ?? "";
  return apiVersion && kind ? { apiVersion, kind, namespace } : undefined;
}

describe("validation agrees with the API server (dry-run create, strict field validation)", function () {
  this.timeout(600_000);
  const server = useApiServer();
  let admin: AdminClient;

  before(() => (admin = new AdminClient(server().kubeconfig("admin"))));
  after(() => admin?.dispose());

  it("every error-level finding is a rejection, and every rejected RBAC document has one", async () => {
    const kinds = await discoverKinds(admin);
    const sent: Sent[] = [];
    const namespaces = new Set<string>();
    const work: { where: string; apiVersion: string; kind: string; namespace: string; body: string; json: boolean; errors: Finding[] }[] =
      [];
    for (const c of cases()) {
      const parsed = parseManifests(c.text, c.label);
      // A template is judged once rendered: its text is not a manifest (templated-file says so).
      if (parsed.templated) continue;
      const findings = check(c.text, c.label);
      for (const doc of parsed.documents) {
        const text = c.text.slice(doc.span.start, doc.span.end);
        const errors = findings.filter((f) => f.severity === "error" && f.span.start >= doc.span.start && f.span.start <= doc.span.end);
        const h = header(doc, text);
        if (!h) {
          // An empty document (comments, a lone `---`) is nothing to send, and must raise nothing.
          assert.deepEqual(errors, [], `${c.label} document ${doc.index}: errors on a document without apiVersion/kind`);
          continue;
        }
        const where = `${c.label} #${doc.index} (${h.kind})`;
        if (/List$/.test(h.kind) && Array.isArray((doc.value as { items?: unknown }).items)) {
          (doc.value as { items: Record<string, unknown>[] }).items.forEach((item, i) => {
            const ns = (item.metadata as { namespace?: string } | undefined)?.namespace ?? "";
            if (!RBAC_KINDS.has(item.kind as string)) return;
            work.push({
              where: `${where} item ${i}`,
              apiVersion: String(item.apiVersion),
              kind: String(item.kind),
              namespace: ns,
              body: JSON.stringify(item),
              json: true,
              errors,
            });
            namespaces.add(ns);
          });
          continue;
        }
        if (!RBAC_KINDS.has(h.kind) && errors.length === 0) continue;
        work.push({ where, ...h, body: text, json: false, errors });
        namespaces.add(h.namespace);
      }
    }
    for (const ns of namespaces) if (ns) await admin.request("POST", "/api/v1/namespaces", { metadata: { name: ns } });
    for (const w of work) {
      const route = routeOf(kinds, w.apiVersion, w.kind, w.namespace);
      const verdict = await dryRunCreate(admin, route, w.body, w.json ? "application/json" : "application/yaml");
      sent.push({ where: w.where, kind: w.kind, errors: w.errors, verdict });
    }

    const falseErrors = sent.filter((s) => s.verdict.accepted && s.errors.length > 0);
    const misses = sent.filter((s) => !s.verdict.accepted && s.errors.length === 0 && RBAC_KINDS.has(s.kind));
    const accepted = sent.filter((s) => s.verdict.accepted).length;
    console.log(
      `      ${sent.length} documents sent: ${accepted} accepted, ${sent.length - accepted} rejected; ` +
        `${falseErrors.length} error findings on accepted documents, ${misses.length} rejections without an error finding`,
    );
    const show = (s: Sent) =>
      `${s.where}: server ${s.verdict.accepted ? "accepts" : `rejects (${s.verdict.status} ${s.verdict.message})`}; ` +
      `we report ${s.errors.map((e) => `${e.code}: ${e.message}`).join(" | ") || "no error"}`;
    assert.deepEqual([...falseErrors.map(show), ...misses.map(show)], []);
  });
});
