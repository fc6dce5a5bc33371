// The report's section on the editor at cluster scale: what telling the language server about the
// cluster costs, whole or as changes (bench/lib/cluster-message-worker.mjs).

import { formatValue } from "./svg.mjs";
import { editorScaleSection, editorScaleTargets } from "./report-editor-scale.mjs";

const f = (v, unit = "ms") => formatValue(v, unit);
const bytes = (b) => (b >= 1e6 ? `${(b / 1e6).toFixed(1)} MB` : b >= 1e3 ? `${(b / 1e3).toFixed(1)} KB` : `${b} B`);
const x = (r) => (Number.isFinite(r) ? `${r >= 10 ? r.toFixed(0) : r.toFixed(2)}×` : "n/a");

/** The editor's targets: the message cost (measured here) and the view in a real editor (bench/editor-scale.mjs). */
export function editorTargets(r, add) {
  const h = r.clusterMessages?.huge;
  if (h)
    add(
      "Editor (huge)",
      "a change in the cluster sent to the language server (bytes: whole state ÷ change)",
      h.whole.bytes / h.change.bytes,
      100,
      "×",
      false,
    );
  editorScaleTargets(add);
}

export function editorSection(r, p) {
  editorScaleSection(p);
  const rows = Object.entries(r.clusterMessages ?? {});
  if (!rows.length) return;
  p("## The editor at cluster scale: the cluster sent to the language server");
  p();
  p(
    'The extension tells its language server what the live cluster holds. Before, every change (a watch event, coalesced) sent the whole state: the model turned back into API JSON per kind, 17 MB of JSON on "huge", converted to the model again by the server. Now `kubeRbac/clusterChanges` sends a whole state once, then only the objects added, changed or removed, as typed model objects that the server uses as they are (protocol/cluster-changes.ts, server/cluster-objects.ts); the live snapshot converts each watched item once, so an unchanged object keeps its identity and the client finds what changed by identity. Measured in a fresh process on the cluster dump (bench/lib/cluster-message-worker.mjs), medians: one RoleBinding changed at a time. "setCluster" is the server\'s workspace model taking the new cluster part, which both messages end with and which is still proportional to the cluster.',
  );
  p();
  p("| workload | objects | message | client (build + JSON) | on the wire | server (parse + apply) | then setCluster |");
  p("| --- | --- | --- | --- | --- | --- | --- |");
  for (const [n, m] of rows) {
    p(
      `| ${n} | ${m.objects} | whole state (kubeRbac/clusterState), every change before | ${f(m.whole.clientMs)} | ${bytes(m.whole.bytes)} | ${f(m.whole.serverMs)} | ${f(m.whole.setClusterMs)} |`,
    );
    p(`| ${n} | ${m.objects} | first state as changes (once) | ${f(m.full.clientMs)} | ${bytes(m.full.bytes)} | ${f(m.full.serverMs)} | |`);
    p(
      `| ${n} | ${m.objects} | one change (kubeRbac/clusterChanges, ${m.change.upserts} object) | ${f(m.change.clientMs)} (${x(m.whole.clientMs / m.change.clientMs)} less) | ${bytes(m.change.bytes)} | ${f(m.change.serverMs)} | ${f(m.change.setClusterMs)} |`,
    );
  }
  p();
}
