// The editor-at-scale figures of a workload: medians over the sessions (and over every cluster change).
import { median, summary } from "./stats.mjs";

export function summarize(runs) {
  const m = (key) => median(runs.map((r) => r[key]).filter(Number.isFinite));
  return {
    workbenchMs: m("workbenchMs"),
    snapshotFromWorkbenchMs: m("snapshotFromWorkbenchMs"),
    firstLevelFromWorkbenchMs: m("firstLevelFromWorkbenchMs"),
    firstLevelFromSnapshotMs: m("firstLevelFromSnapshotMs"),
    changeMs: summary(runs.flatMap((r) => r.changeMs)),
    filterMs: m("filterMs"),
    clearFilterMs: m("clearFilterMs"),
    serviceAccountsMs: m("serviceAccountsMs"),
    namespaceMs: m("namespaceMs"),
    hostPeakRssBytes: median(runs.map((r) => r.memory.hostPeakRssBytes)),
    hostRssBytes: median(runs.map((r) => r.memory.hostRssBytes)),
    lspRssBytes: median(runs.map((r) => r.memory.lspRssBytes)),
    loadavg: median(runs.map((r) => r.loadavg[0])),
  };
}
