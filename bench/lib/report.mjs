// Turns a results object into docs/benchmarks.md and the SVG charts under docs/benchmarks/.

import * as fs from "node:fs";
import * as path from "node:path";
import { barChart, formatValue } from "./svg.mjs";
import { peersSection, peerWrongAnswers } from "./report-peers.mjs";
import { editorSection, editorTargets } from "./report-editor.mjs";
import { escalationSection } from "./report-escalations.mjs";
import { auditSection } from "./report-audit.mjs";

const MB = 1024 * 1024;
/** File sizes in decimal megabytes, as people quote them. */
const fileMB = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
const bigLabel = (r) => (r.lsp ? fileMB(r.lsp.files.big.bytes) : "big");
const f = (v, unit = "ms") => formatValue(v, unit);
const ordinal = (n) =>
  `${n}${n % 10 === 1 && n % 100 !== 11 ? "st" : n % 10 === 2 && n % 100 !== 12 ? "nd" : n % 10 === 3 && n % 100 !== 13 ? "rd" : "th"}`;
const x = (r) => (Number.isFinite(r) ? `${r >= 10 ? r.toFixed(0) : r.toFixed(2)}×` : "n/a");

/** Each target: measured value, limit, met, and by how much when missed. */
export function targets(r) {
  const out = [];
  const add = (area, what, value, limit, unit, lower = true) => {
    const met = Number.isFinite(value) && (lower ? value <= limit : value >= limit);
    const miss = !Number.isFinite(value) ? "not measured" : met ? "" : lower ? `${x(value / limit)} over` : `${x(limit / value)} short`;
    out.push({ area, what, value, limit, unit, met, miss });
  };
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
    const servers = l.warmedServers ? ` (median of ${l.warmedServers} servers)` : "";
    if (l.smallAfterWarmUpMs !== undefined)
      add(
        "LSP",
        `50 KB file: first diagnostics, first file of a fresh server after its start-up warm-up${servers}`,
        l.smallAfterWarmUpMs,
        30,
        "ms",
      );
    if (l.smallSecondAfterWarmUpMs !== undefined)
      add(
        "LSP",
        `50 KB file: first diagnostics, second file of a fresh server after its start-up warm-up${servers}`,
        l.smallSecondAfterWarmUpMs,
        30,
        "ms",
      );
    if (l.smallKeptOpenAfterWarmUpMs)
      add(
        "LSP",
        `50 KB file: first diagnostics, third to ${ordinal(2 + l.keptOpenFiles)} files of those servers, opened ${f(l.keptOpenPauseMs)} apart and kept open (median of ${l.smallKeptOpenAfterWarmUpMs.n} files)`,
        l.smallKeptOpenAfterWarmUpMs.median,
        30,
        "ms",
      );
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
  const h = r.engine.huge?.dump;
  if (h) {
    add("Engine (huge)", "load + index (cluster dump)", h.loadIndexMs, 1000, "ms");
    add("Engine (huge)", "heap (cluster dump)", h.heapBytes / MB, 300, "MB");
    add("Engine (huge)", "effective permissions of one subject p99", h.effective?.p99, 5, "ms");
    add("Engine (huge)", "who-can p99", h.whoCan?.p99, 50, "ms");
  }
  editorTargets(r, add);
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
    const wrong = peerWrongAnswers(c);
    add(`Peers (${name})`, "wrong answers from kube-rbac (SubjectAccessReview)", wrong, 0, "");
  }
  return out;
}

function charts(r, dir) {
  const written = [];
  const save = (name, svg) => {
    fs.writeFileSync(path.join(dir, name), svg);
    written.push(name);
  };
  if (r.lsp?.ours) {
    const l = r.lsp.ours;
    const y = r.lsp.yls;
    const groups = [
      {
        label: "50 KB: first diagnostics",
        bars: [
          { series: "kube-rbac", value: l.smallFirstDiagnosticsMs },
          ...(y ? [{ series: "yaml-language-server", value: y.smallFirstDiagnosticsMs }] : []),
          { series: "js-yaml parse (floor)", value: r.parse.small?.jsYamlMs },
        ],
      },
      {
        label: `${bigLabel(r)}: first diagnostics`,
        bars: [
          { series: "kube-rbac", value: l.bigFirstDiagnosticsMs },
          ...(y ? [{ series: "yaml-language-server", value: y.bigFirstDiagnosticsMs }] : []),
          { series: "js-yaml parse (floor)", value: r.parse.big?.jsYamlMs },
        ],
      },
      {
        label: `${bigLabel(r)}: one-line edit`,
        bars: [{ series: "kube-rbac", value: l.editMs.median }, ...(y ? [{ series: "yaml-language-server", value: y.editMs.median }] : [])],
      },
    ];
    save(
      "lsp.svg",
      barChart({
        title: "Language servers over LSP (stdio): time to diagnostics",
        unit: "ms",
        series: ["kube-rbac", "yaml-language-server", "js-yaml parse (floor)"],
        groups,
      }),
    );
  }
  if (Object.keys(r.engine).length) {
    const groups = Object.entries(r.engine).map(([name, e]) => ({
      label: `${name} (${r.workloads[name].objects} objects)`,
      bars: [
        { series: "manifests on disk", value: e.manifests.loadIndexMs },
        { series: "cluster dump (JSON)", value: e.dump.loadIndexMs },
      ],
    }));
    save(
      "engine-load.svg",
      barChart({ title: "Engine: load + index (wall time)", unit: "ms", series: ["manifests on disk", "cluster dump (JSON)"], groups }),
    );
  }
  if (Object.keys(r.cluster).length) {
    const groups = Object.entries(r.cluster).map(([name, c]) => ({
      label: `${name}`,
      bars: [
        { series: "kube-rbac live snapshot", value: c.snapshot.oursMs.median },
        { series: "kubectl get -A -o json (floor)", value: c.snapshot.kubectlMs.median },
      ],
    }));
    save(
      "cluster-snapshot.svg",
      barChart({
        title: "Cluster: start to complete snapshot",
        unit: "ms",
        series: ["kube-rbac live snapshot", "kubectl get -A -o json (floor)"],
        groups,
      }),
    );
    const pg = Object.entries(r.cluster).flatMap(([name, c]) =>
      c.peers.map((p) => ({
        label: `${name}: ${p.question.replace(".rbac.authorization.k8s.io", ".rbac…")}`,
        bars: [
          { series: "kube-rbac who-can", value: p.oursMs },
          { series: "kubectl-who-can", value: p.peerMs },
        ],
      })),
    );
    save(
      "who-can.svg",
      barChart({
        title: "who-can against the API server, end to end (process start to answer)",
        unit: "ms",
        series: ["kube-rbac who-can", "kubectl-who-can"],
        groups: pg,
      }),
    );
  }
  return written;
}

export function writeReport(r, root) {
  const dir = path.join(root, "docs", "benchmarks");
  fs.mkdirSync(dir, { recursive: true });
  const svgs = charts(r, dir);
  const t = targets(r);
  const L = [];
  const p = (s = "") => L.push(s);
  p("# Benchmarks");
  p();
  p(
    `Generated by \`npm run bench${r.mode === "quick" ? ":quick" : ""}\` (${r.mode} mode, seed ${r.seed}) on ${r.date.slice(0, 10)}. Raw figures: [results-${r.mode}.json](benchmarks/results-${r.mode}.json)${fs.existsSync(path.join(dir, `results-${r.mode === "quick" ? "full" : "quick"}.json`)) ? `; the ${r.mode === "quick" ? "full" : "quick"}-mode figures are in [results-${r.mode === "quick" ? "full" : "quick"}.json](benchmarks/results-${r.mode === "quick" ? "full" : "quick"}.json)` : ""}.`,
  );
  p();
  const load = r.sections
    ? "the load average (1/5/15 min) of each part is given below"
    : `**load average ${r.machineBefore.loadavg.join(" / ")} before and ${r.machineAfter.loadavg.join(" / ")} after** (1/5/15 min)`;
  const duration = r.sections ? Object.values(r.sections).reduce((t, sct) => t + (sct.durationS ?? 0), 0) || r.durationS : r.durationS;
  p(
    `Machine: ${r.machineBefore.cpus} CPUs (${r.machineBefore.cpuModel}), ${r.machineBefore.totalMemMB} MB, Node ${r.machineBefore.node}; ${load}. The machine is shared with other work, so wall times are inflated when it is busy (a load average of 2 means both CPUs are taken) — ` +
      `CPU times are given where they help, and every comparison is a ratio of medians measured in the same run on the same input. Run time: ${(duration / 60).toFixed(1)} min.`,
  );
  p();
  if (r.sections) {
    for (const [what, sct] of Object.entries(r.sections))
      p(
        `- ${what === "rest" ? "The other sections" : `Section(s) ${what} (re-run with \`--only ${what}\`)`}: measured on ${sct.date.slice(0, 16).replace("T", " ")} UTC, load average ${sct.machineBefore.loadavg.join(" / ")} before${sct.durationS ? `, ${(sct.durationS / 60).toFixed(1)} min` : ""}.`,
      );
    p();
  }
  p(
    "Every figure is a median over repeated runs (p50/p99 over the samples where stated). Peers run on the same inputs, in the same run, interleaved with ours.",
  );
  p();
  p("## Targets");
  p();
  p("| area | target | measured | limit | met |");
  p("| --- | --- | --- | --- | --- |");
  for (const g of t)
    p(
      `| ${g.area} | ${g.what} | ${g.unit === "×" ? x(g.value) : g.unit === "" ? g.value : f(g.value, g.unit)} | ${g.unit === "×" ? (g.what.startsWith("complete") ? "≤ " : "≥ ") + x(g.limit) : g.unit === "" ? g.limit : "≤ " + f(g.limit, g.unit)} | ${g.met ? "yes" : `**no** (${g.miss})`} |`,
    );
  p();
  p("## Workloads");
  p();
  p(
    "Generated from the seed with the shapes of real clusters (bootstrap policy included in big and huge; RoleBindings mostly to `view`/`edit`/`admin` or a Role of their namespace; 1–4 subjects per binding, service accounts mostly local). Each is written as manifests on disk (one YAML file per namespace), as a cluster dump (a `kubectl get -o json` List), and loaded into the real API server.",
  );
  p();
  p("| workload | objects | ClusterRoles | Roles | ClusterRoleBindings | RoleBindings | namespaces | YAML | dump |");
  p("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const [n, w] of Object.entries(r.workloads))
    p(
      `| ${n} | ${w.objects} | ${w.kinds.ClusterRole} | ${w.kinds.Role} | ${w.kinds.ClusterRoleBinding} | ${w.kinds.RoleBinding} | ${w.namespaces} | ${fileMB(w.manifestBytes)} | ${fileMB(w.dumpBytes)} |`,
    );
  p();
  if (r.lsp) {
    const l = r.lsp.ours;
    const y = r.lsp.yls;
    p("## Language server");
    p();
    p(
      `Over a real LSP connection (stdio, a fresh server process per session: ${l.sessions} sessions of ours, ${y?.sessions ?? 0} of yaml-language-server). Files: a ${(r.lsp.files.small.bytes / 1024).toFixed(0)} KB file of ${r.lsp.files.small.documents} documents and the big workload as one ${fileMB(r.lsp.files.big.bytes)} file of ${r.lsp.files.big.documents} documents. Each session first opens the same small warm-up document, then the 50 KB file (the first real file of a fresh server), closes it and opens another 50 KB file of other documents (the second file of a server still without its warm-up; completion and hover are timed there), then the big file, then makes one-line edits in the middle of the big file (a roleRef name made dangling, then restored), sent as incremental changes, and last opens and closes 8 more 50 KB files of other documents in turn (a server already at work: the JIT has compiled the checks, as in an editor that has been open for a while). The sessions' servers run without the start-up warm-up (a file opened as the server starts); ${l.warmedServers ? `${l.warmedServers} more` : "More"} fresh servers run it, as the editor's do, and open the same two 50 KB files once it is done, one right after the other, then ${l.keptOpenFiles ?? 0} more 50 KB files of other documents, each ${f(l.keptOpenPauseMs ?? 0)} after the last one's diagnostics, keeping every file open. Times run from the notification being sent to the diagnostics of that version arriving. Our diagnostics debounce is 0; yaml-language-server's fixed 200 ms validation delay is set to 0 too (bench/lib/yls-no-delay.cjs), so neither waits on a timer. yaml-language-server validates against a local JSON schema of the four RBAC kinds (bench/schema/rbac.schema.json).`,
    );
    p();
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
  if (Object.keys(r.engine).length) {
    p("## Engine");
    p();
    p(
      "Each load runs in a fresh Node process (`--expose-gc`): the command line's loader (`loadState`: YAML files through our parser, or the JSON dump), then `new RbacIndex`. Heap is the retained heap after a full GC (objects + index). Queries (in one process per workload, on the dump): effective permissions of one subject (compacted, as the tree shows them), who-can of a random request, can-i (`authorize`) of a random identity and request; the first level of the tree is `index.subjects()` on a fresh index.",
    );
    p();
    p(
      "| workload | form | load + index (wall) | CPU | of which index | heap | all subjects (tree level 1) | one subject p50 / p99 | who-can p50 / p99 | can-i p50 / p99 |",
    );
    p("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for (const [n, e] of Object.entries(r.engine))
      for (const [form, v] of Object.entries(e)) {
        const q = (s) => (s ? `${f(s.p50)} / ${f(s.p99)}` : "");
        p(
          `| ${n} | ${form} | ${f(v.loadIndexMs)} | ${f(v.loadIndexCpuMs)} | ${f(v.indexMs)} | ${f(v.heapBytes / MB, "MB")} | ${f(v.allSubjectsMs)} (${v.subjects} subjects) | ${q(v.effective)} | ${q(v.whoCan)} | ${q(v.canI)} |`,
        );
      }
    p();
    if (svgs.includes("engine-load.svg")) (p("![Engine load](benchmarks/engine-load.svg)"), p());
  }
  if (Object.keys(r.cluster).length) {
    p("## Cluster");
    p();
    p(
      `Against the real test kube-apiserver (${Object.values(r.cluster)[0].serverVersion}, embedded etcd, audit log on), admin credentials. The workload is loaded with a bounded pool of parallel POSTs (the bootstrap policy is already there). "Complete snapshot" is \`LiveRbacSnapshot.start\` (paginated lists of Roles, ClusterRoles, both bindings, ServiceAccounts and Namespaces, watches started) until its first complete state, in process; the floor is \`kubectl get roles,clusterroles,rolebindings,clusterrolebindings -A -o json\` (a process, output read to the end). "Change visible" runs from the POST of a RoleBinding to the snapshot's change event that contains it (the snapshot coalesces events for ${Object.values(r.cluster)[0].change.debounceMs} ms).`,
    );
    p();
    p(
      "| workload | load into API server | snapshot (ours) | kubectl get (floor) | ratio | CPU ours / kubectl | objects | change visible p50 / p99 | POST alone p50 |",
    );
    p("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for (const [n, c] of Object.entries(r.cluster))
      p(
        `| ${n} | ${f(c.load.ms)} (${c.load.objects} objects, ${c.load.failures} failed) | ${f(c.snapshot.oursMs.median)} | ${f(c.snapshot.kubectlMs.median)} | ${x(c.snapshot.ratio)} | ${f(c.snapshot.oursCpuMs)} / ${f(c.snapshot.kubectlCpuMs)} | ${c.snapshot.objects} (kubectl: ${c.snapshot.kubectlItems}) | ${f(c.change.visibleMs.p50)} / ${f(c.change.visibleMs.p99)} | ${f(c.change.postMs.p50)} |`,
      );
    if (!r.cluster.huge)
      (p(), p(`The API-server part of "huge" (~45,000 objects to load) is skipped in quick mode; \`npm run bench\` runs it.`));
    p();
    if (svgs.includes("cluster-snapshot.svg")) (p("![Cluster snapshot](benchmarks/cluster-snapshot.svg)"), p());
  }
  peersSection(r, p, svgs);
  editorSection(r, p);
  escalationSection(root, p);
  auditSection(root, p);
  p("## Where targets are missed");
  p();
  const missed = t.filter((g) => !g.met);
  if (missed.length === 0) p("Every target is met in this run.");
  for (const g of missed)
    p(
      `- ${g.area}, ${g.what}: ${g.unit === "×" ? x(g.value) : g.unit === "" ? g.value : f(g.value, g.unit)} against ${g.unit === "×" ? x(g.limit) : g.unit === "" ? g.limit : f(g.limit, g.unit)} — ${g.miss}.`,
    );
  p();
  // The charts benchmark (bench/charts.mjs) runs on its own and leaves its section here.
  const chartsFile = path.join(root, "docs", "benchmarks", "charts.md");
  if (fs.existsSync(chartsFile)) (p(fs.readFileSync(chartsFile, "utf8").trim()), p());
  const coldFile = path.join(root, "docs", "benchmarks", "cold-file.md");
  if (fs.existsSync(coldFile)) (p(fs.readFileSync(coldFile, "utf8").trim()), p());
  const notesFile = path.join(root, "bench", "notes.md");
  if (fs.existsSync(notesFile)) (p(fs.readFileSync(notesFile, "utf8").trim()), p());
  p("## Reproduce");
  p();
  p("```sh");
  p("npm run build:apiserver        # the test kube-apiserver (cached in .cache/apiserver)");
  p("bash bench/build-peers.sh      # kubectl-who-can and rbac-tool into .cache/peers");
  p("npm run bench:quick            # < 5 min: skips the API-server part of huge");
  p("npm run bench                  # full: more repetitions, huge in the API server too");
  p("```");
  fs.writeFileSync(path.join(root, "docs", "benchmarks.md"), L.join("\n") + "\n");
}
