// The benchmark targets: each measured value against its limit, met or by how much it is missed.
import { peerWrongAnswers } from "./report-peers.mjs";
import { editorTargets } from "./report-editor.mjs";
import { MB, bigLabel, f, ordinal, x } from "./report-format.mjs";

/** Each target: measured value, limit, met, and by how much when missed. */
export function targets(r) {
  const out = [];
  const add = (area, what, value, limit, unit, lower = true) => {
    const met = Number.isFinite(value) && (lower ? value <= limit : value >= limit);
    const miss = !Number.isFinite(value) ? "not measured" : met ? "" : lower ? `${x(value / limit)} over` : `${x(limit / value)} short`;
    out.push({ area, what, value, limit, unit, met, miss });
  };
  lspTargets(r, add);
  engineTargets(r, add);
  editorTargets(r, add);
  clusterTargets(r, add);
  return out;
}

function lspTargets(r, add) {
  const l = r.lsp?.ours;
  const y = r.lsp?.yls;
  if (l) {
    add(
      "LSP",
      "50 KB file: first diagnostics, first file of a fresh server, opened as it starts (before its warm-up)",
      l.smallFirstDiagnosticsMs,
      30,
      "ms",
    );
    warmedTargets(l, add);
    add(
      "LSP",
      "50 KB file: first diagnostics, second file of that server (still without its warm-up)",
      l.smallWarmFirstDiagnosticsMs,
      30,
      "ms",
    );
    if (l.smallSteadyMs)
      add(
        "LSP",
        `50 KB file: first diagnostics, a server already at work (median of ${l.smallSteadyMs.n} files)`,
        l.smallSteadyMs.median,
        30,
        "ms",
      );
    add("LSP", "completion p99", l.completionMs?.p99, 10, "ms");
    add("LSP", "hover p99", l.hoverMs?.p99, 10, "ms");
    add("LSP", `${bigLabel(r)} file: one-line edit re-diagnosed (median)`, l.editMs.median, 50, "ms");
    if (y) add("LSP", "same edit: faster than yaml-language-server", y.editMs.median / l.editMs.median, 10, "×", false);
  }
}

/** The files opened after the start-up warm-up. */
function warmedTargets(l, add) {
  const servers = l.warmedServers ? ` (median of ${l.warmedServers} servers)` : "";
  for (const [nth, value] of [
    ["first", l.smallAfterWarmUpMs],
    ["second", l.smallSecondAfterWarmUpMs],
  ])
    if (value !== undefined)
      add("LSP", `50 KB file: first diagnostics, ${nth} file of a fresh server after its start-up warm-up${servers}`, value, 30, "ms");
  if (l.smallKeptOpenAfterWarmUpMs)
    add(
      "LSP",
      `50 KB file: first diagnostics, third to ${ordinal(2 + l.keptOpenFiles)} files of those servers, opened ${f(l.keptOpenPauseMs)} apart and kept open (median of ${l.smallKeptOpenAfterWarmUpMs.n} files)`,
      l.smallKeptOpenAfterWarmUpMs.median,
      30,
      "ms",
    );
}

function engineTargets(r, add) {
  const h = r.engine.huge?.dump;
  if (h) {
    add("Engine (huge)", "load + index (cluster dump)", h.loadIndexMs, 1000, "ms");
    add("Engine (huge)", "heap (cluster dump)", h.heapBytes / MB, 300, "MB");
    add("Engine (huge)", "effective permissions of one subject p99", h.effective?.p99, 5, "ms");
    add("Engine (huge)", "who-can p99", h.whoCan?.p99, 50, "ms");
  }
}

function clusterTargets(r, add) {
  for (const [name, c] of Object.entries(r.cluster)) {
    add(`Cluster (${name})`, "complete snapshot ÷ kubectl get floor", c.snapshot.ratio, 1.5, "×");
    add(`Cluster (${name})`, "change visible in the snapshot (p99)", c.change.visibleMs.p99, 1000, "ms");
    const withPeer = c.peers.filter((p) => Number.isFinite(p.ratio));
    if (withPeer.length)
      add(
        `Peers (${name})`,
        "kube-rbac who-can faster than kubectl-who-can, end to end (slowest ratio)",
        Math.min(...withPeer.map((p) => p.ratio)),
        1,
        "×",
        false,
      );
    const plain = withPeer.filter((p) => Number.isFinite(p.withoutExtraCa?.ratio));
    if (plain.length)
      add(
        `Peers (${name})`,
        "the same, our processes without NODE_EXTRA_CA_CERTS (slowest ratio)",
        Math.min(...plain.map((p) => p.withoutExtraCa.ratio)),
        1,
        "×",
        false,
      );
    const wrong = peerWrongAnswers(c);
    add(`Peers (${name})`, "wrong answers from kube-rbac (SubjectAccessReview)", wrong, 0, "");
  }
}
