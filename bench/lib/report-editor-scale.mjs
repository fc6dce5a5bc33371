// The report's rows and section on the Effective Permissions view in a real editor, from the saved
// results of bench/editor-scale.mjs (docs/benchmarks/editor-scale.json; absent until it has run).
import * as fs from "node:fs";
import * as path from "node:path";
import { formatValue } from "./svg.mjs";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const f = (v, unit = "ms") => formatValue(v, unit);
const MB = 1024 * 1024;

export function editorScaleResults(root = ROOT) {
  const file = path.join(root, "docs", "benchmarks", "editor-scale.json");
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : undefined;
}

/** The four in-editor targets on "huge" (NaN, "not measured", when it has not run). */
export function editorScaleTargets(add, root = ROOT) {
  const h = editorScaleResults(root)?.workloads?.huge;
  add("Editor (huge)", "view's first level shown once the snapshot is in, in the editor", h?.firstLevelFromSnapshotMs ?? NaN, 1000, "ms");
  add("Editor (huge)", "largest namespace expanded, in the editor", h?.namespaceMs ?? NaN, 300, "ms");
  add("Editor (huge)", "cluster change visible in the view, in the editor (median)", h?.changeMs?.median ?? NaN, 1000, "ms");
  add("Editor (huge)", "extension host memory (peak RSS)", h ? h.hostPeakRssBytes / MB : NaN, 500, "MB");
}

export function editorScaleSection(p, root = ROOT) {
  const r = editorScaleResults(root);
  if (!r) return;
  const rows = Object.entries(r.workloads);
  p("## The Effective Permissions view in a real editor");
  p();
  p(
    "`npm run bench:editor` (bench/editor-scale.mjs) loads a workload into the test API server and opens code-server with the extension under development, its KUBECONFIG pointing at that server, in headless Chromium; each session is a fresh code-server and window. Times are read from the view's DOM rows: from the input event in the page (a click, Enter) or from the API request that creates a RoleBinding, until the rows are there. *First level* is the Users / Groups / Service Accounts rows with the first page of users and groups (both expanded by default); it is counted from the moment the extension logs its first complete snapshot, and from the workbench's first paint (which adds the extension's start and the cluster's lists). *A change* creates a RoleBinding for a new user whose name sorts first, so its row appears at the top of Users (and deletes it afterwards); each change is made on a settled editor, once the extension host and the language server have used under 50 ms of CPU in a second (the badges below the first rows and the language server's copy of the cluster done). *Filter* is \"Filter Subjects…\" to one user, then the filter row clicked to clear it. *Largest namespace* is the namespace with the most service accounts among the first page of Service Accounts, expanded after that category. Memory is the extension host's resident set (VmRSS, and its peak VmHWM, from /proc), settled once it stays within 2% for 3 s; the language server is a separate process. Medians over sessions (changes: over every change of every session).",
  );
  p();
  p(
    "| workload | objects | sessions | load avg | first level after snapshot | after workbench | change visible p50 / max | filter / cleared | Service Accounts expanded | largest namespace expanded | extension host peak / settled | language server |",
  );
  p("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const [name, w] of rows)
    p(
      `| ${name} | ${w.objects} | ${w.sessions.length} (${w.date.slice(0, 16).replace("T", " ")}) | ${w.loadavg.toFixed(1)} | ${f(w.firstLevelFromSnapshotMs)} | ${f(w.firstLevelFromWorkbenchMs)} | ${f(w.changeMs.median)} / ${f(w.changeMs.max)} | ${f(w.filterMs)} / ${f(w.clearFilterMs)} | ${f(w.serviceAccountsMs)} | ${f(w.namespaceMs)} (${w.plan.namespace}, ${w.plan.namespaceSubjects}) | ${f(w.hostPeakRssBytes / MB, "MB")} / ${f(w.hostRssBytes / MB, "MB")} | ${f(w.lspRssBytes / MB, "MB")} |`,
    );
  p();
}
