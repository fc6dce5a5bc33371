// The language-server section of the benchmark report: the sessions, the files after the warm-up, and
// where the server spends its time.
import { MB, bigLabel, f, fileMB, ordinal, x } from "./report-format.mjs";

export function lspSection(r, p, svgs) {
  if (!r.lsp) return;
  const l = r.lsp.ours;
  const y = r.lsp.yls;
  p("## Language server");
  p();
  p(
    `Over a real LSP connection (stdio, a fresh server process per session: ${l.sessions} sessions of ours, ${y?.sessions ?? 0} of yaml-language-server). Files: a ${(r.lsp.files.small.bytes / 1024).toFixed(0)} KB file of ${r.lsp.files.small.documents} documents and the big workload as one ${fileMB(r.lsp.files.big.bytes)} file of ${r.lsp.files.big.documents} documents. Each session first opens the same small warm-up document, then the 50 KB file (the first real file of a fresh server), closes it and opens another 50 KB file of other documents (the second file of a server still without its warm-up; completion and hover are timed there), then the big file, then makes one-line edits in the middle of the big file (a roleRef name made dangling, then restored), sent as incremental changes, and last opens and closes 8 more 50 KB files of other documents in turn (a server already at work: the JIT has compiled the checks, as in an editor that has been open for a while). The sessions' servers run without the start-up warm-up (a file opened as the server starts); ${l.warmedServers ? `${l.warmedServers} more` : "More"} fresh servers run it, as the editor's do, and open the same two 50 KB files once it is done, one right after the other, then ${l.keptOpenFiles ?? 0} more 50 KB files of other documents, each ${f(l.keptOpenPauseMs ?? 0)} after the last one's diagnostics, keeping every file open. Times run from the notification being sent to the diagnostics of that version arriving. Our diagnostics debounce is 0; yaml-language-server's fixed 200 ms validation delay is set to 0 too (bench/lib/yls-no-delay.cjs), so neither waits on a timer. yaml-language-server validates against a local JSON schema of the four RBAC kinds (bench/schema/rbac.schema.json).`,
  );
  p();
  lspTable(r, p);
  if (l.phasesMs) {
    p(
      'Where our server spends the time, from its own debug log (server-side ms, medians; "check" is the per-document checks, "file-level" the checks across documents and files, "sync" the workspace index update):',
    );
    p();
    p("| | parse | sync | check | file-level | publish |");
    p("| --- | --- | --- | --- | --- | --- |");
    const row = (label, ph) => ph && p(`| ${label} | ${ph.parse} | ${ph.sync} | ${ph.check} | ${ph.fileLevel} | ${ph.publish} |`);
    row("50 KB, first file of a fresh server (no warm-up)", l.phasesMs.small);
    row("50 KB, second file of that server (no warm-up)", l.phasesMs.smallWarm);
    row("50 KB, a server already at work", l.phasesMs.steady);
    row(`${bigLabel(r)}, first`, l.phasesMs.big);
    row(`${bigLabel(r)}, one-line edit`, l.phasesMs.edit);
    p();
  }
  p(
    "yaml-language-server reports no problem in these files (they are schema-valid); ours reports its RBAC checks (the same findings as `kube-rbac check`), so it does more work per document.",
  );
  p();
  if (svgs.includes("lsp.svg")) (p("![Language servers](benchmarks/lsp.svg)"), p());
}

function lspTable(r, p) {
  const l = r.lsp.ours;
  const y = r.lsp.yls;
  p("| | kube-rbac | yaml-language-server | ratio | js-yaml parse (floor) | our parser alone |");
  p("| --- | --- | --- | --- | --- | --- |");
  p(
    `| 50 KB: first diagnostics, first file of a fresh server, opened as it starts (no warm-up) | ${f(l.smallFirstDiagnosticsMs)} (${l.smallDiagnostics} diagnostics) | ${y ? `${f(y.smallFirstDiagnosticsMs)} (${y.smallDiagnostics})` : "–"} | ${y ? x(y.smallFirstDiagnosticsMs / l.smallFirstDiagnosticsMs) : "–"} | ${f(r.parse.small.jsYamlMs)} | ${f(r.parse.small.oursParseMs)} |`,
  );
  if (l.smallAfterWarmUpMs !== undefined)
    p(
      `| 50 KB: first diagnostics, first file of a fresh server after its start-up warm-up (after ${f(l.warmUpMs)} of warm-up${l.warmedServers ? `; median of ${l.warmedServers} servers` : ""}) | ${f(l.smallAfterWarmUpMs)} | – | – | | |`,
    );
  if (l.smallSecondAfterWarmUpMs !== undefined)
    p(
      `| 50 KB: first diagnostics, second file of a fresh server after its start-up warm-up | ${f(l.smallSecondAfterWarmUpMs)} | – | – | | |`,
    );
  if (l.smallKeptOpenAfterWarmUpMs)
    p(
      `| 50 KB: first diagnostics, third to ${ordinal(2 + l.keptOpenFiles)} files of those servers, opened ${f(l.keptOpenPauseMs)} after the last one's diagnostics, all kept open (median; max of ${l.smallKeptOpenAfterWarmUpMs.n} files) | ${f(l.smallKeptOpenAfterWarmUpMs.median)}; ${f(l.smallKeptOpenAfterWarmUpMs.max)} | – | – | | |`,
    );
  p(
    `| 50 KB: first diagnostics, second file of that server (no warm-up) | ${f(l.smallWarmFirstDiagnosticsMs)} | ${y ? f(y.smallWarmFirstDiagnosticsMs) : "–"} | ${y ? x(y.smallWarmFirstDiagnosticsMs / l.smallWarmFirstDiagnosticsMs) : "–"} | | |`,
  );
  if (l.smallSteadyMs)
    p(
      `| 50 KB: first diagnostics, a server already at work (median; max of ${l.smallSteadyMs.n} files) | ${f(l.smallSteadyMs.median)}; ${f(l.smallSteadyMs.max)} | ${y?.smallSteadyMs ? `${f(y.smallSteadyMs.median)}; ${f(y.smallSteadyMs.max)}` : "–"} | ${y?.smallSteadyMs ? x(y.smallSteadyMs.median / l.smallSteadyMs.median) : "–"} | | |`,
    );
  p(
    `| ${bigLabel(r)}: first diagnostics | ${f(l.bigFirstDiagnosticsMs)} (${l.bigDiagnostics}) | ${y ? `${f(y.bigFirstDiagnosticsMs)} (${y.bigDiagnostics})` : "–"} | ${y ? x(y.bigFirstDiagnosticsMs / l.bigFirstDiagnosticsMs) : "–"} | ${f(r.parse.big.jsYamlMs)} | ${f(r.parse.big.oursParseMs)} |`,
  );
  p(
    `| ${bigLabel(r)}: one-line edit re-diagnosed (median; p99) | ${f(l.editMs.median)}; ${f(l.editMs.p99)} (n=${l.editMs.n}) | ${y ? `${f(y.editMs.median)}; ${f(y.editMs.p99)} (n=${y.editMs.n})` : "–"} | ${y ? x(y.editMs.median / l.editMs.median) : "–"} | | |`,
  );
  p(
    `| completion p50 / p99 (50 KB file) | ${f(l.completionMs.p50)} / ${f(l.completionMs.p99)} (n=${l.completionMs.n}) | not measured | | | |`,
  );
  p(`| hover p50 / p99 (50 KB file) | ${f(l.hoverMs.p50)} / ${f(l.hoverMs.p99)} (n=${l.hoverMs.n}) | not measured | | | |`);
  p(
    `| server memory (RSS after the session; peak) | ${f(l.rssBytes / MB, "MB")}; ${f(l.peakRssBytes / MB, "MB")} | ${y ? `${f(y.rssBytes / MB, "MB")}; ${f(y.peakRssBytes / MB, "MB")}` : "–"} | | | |`,
  );
  p();
}
