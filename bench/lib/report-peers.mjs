// The report's sections on the command line against its peers: kubectl-who-can, rbac-tool, and where
// a `who-can --kubeconfig` run spends its time.

import { formatValue } from "./svg.mjs";

const MB = 1024 * 1024;
const f = (v, unit = "ms") => formatValue(v, unit);
const x = (r) => (Number.isFinite(r) ? `${r >= 10 ? r.toFixed(0) : r.toFixed(2)}×` : "n/a");

/** kube-rbac's wrong answers against the API server in a workload's peer comparisons. */
export function peerWrongAnswers(c) {
  const wrongIn = (list) => (list ?? []).filter((d) => d.right !== "kube-rbac").length;
  let n = c.peers.reduce((k, p) => k + p.oursListedButDenied + wrongIn(p.disagreements), 0);
  for (const q of c.rbacTool?.whoCan ?? []) n += q.oursListedButDenied + wrongIn(q.disagreements);
  for (const u of c.rbacTool?.policyRules ?? []) n += u.oursViaGroupsDenied + wrongIn(u.disagreements);
  return n;
}

function kubectlWhoCan(r, p, svgs) {
  p(
    "Both answer the same question against the same API server with the same admin kubeconfig, each as a fresh process (`kube-rbac who-can VERB TYPE -n NS --kubeconfig … -o json`, started as users start it, through `bin/kube-rbac.js` with its code cache written by a first run, vs `kubectl-who-can VERB TYPE -n NS --kubeconfig … -o json`): end to end, including process start, listing the RBAC objects and answering. Node's floor (`node -e 0`) is timed in the same loop, and so is a Node process that only fetches the four lists the question needs and exits (bench/lib/list-floor.cjs: TLS as ours, the lists in parallel, read to the end, nothing parsed): what any Node command line pays before its first line of RBAC. The same process once more with `--parse` also decodes each list and runs `JSON.parse` on it, and answers nothing: what any JavaScript reader of the API's JSON pays before its first rule is looked at. Answers are compared as sets of subjects; every disagreement is put to the API server as a SubjectAccessReview for that subject alone, and every user and service account we list is checked the same way.",
  );
  p();
  p(
    "| workload | question | kube-rbac | kubectl-who-can | kube-rbac faster by | `node -e 0` | Node fetching the lists only | … and parsing them | CPU ours / theirs | peak RSS (ours / theirs) | subjects (ours / theirs) | disagreements | ours listed but denied by SAR |",
  );
  p("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const [n, c] of Object.entries(r.cluster))
    for (const q of c.peers)
      p(
        `| ${n} | \`${q.question}\` | ${f(q.oursMs)} | ${q.peerMs !== undefined ? f(q.peerMs) : q.peerError} | ${x(q.ratio)} | ${q.nodeFloorMs !== undefined ? f(q.nodeFloorMs) : "–"} | ${q.listFloorMs !== undefined ? f(q.listFloorMs) : "–"} | ${q.parseFloorMs !== undefined ? f(q.parseFloorMs) : "–"} | ${f(q.oursCpuMs)} / ${f(q.peerCpuMs)} | ${f(q.oursPeakRssBytes / MB, "MB")} / ${f(q.peerPeakRssBytes / MB, "MB")} | ${q.oursSubjects} / ${q.peerSubjects ?? "–"} | ${q.disagreements?.length ?? "–"} | ${q.oursListedButDenied} |`,
      );
  p();
  withoutExtraCa(r, p);
  const dis = Object.entries(r.cluster).flatMap(([n, c]) =>
    c.peers.flatMap((q) => (q.disagreements ?? []).map((d) => ({ n, q: q.question, ...d }))),
  );
  if (dis.length) {
    p("Every disagreement, and who is right according to `SubjectAccessReview`:");
    p();
    p("| workload | question | subject | listed by | SubjectAccessReview | right |");
    p("| --- | --- | --- | --- | --- | --- |");
    for (const d of dis) p(`| ${d.n} | \`${d.q}\` | ${d.subject} | ${d.listedBy} | ${d.subjectAccessReview} | ${d.right} |`);
  } else p("No disagreement between kube-rbac and kubectl-who-can on these questions.");
  p();
  if (svgs.includes("who-can.svg")) (p("![who-can](benchmarks/who-can.svg)"), p());
}

/** The same questions with NODE_EXTRA_CA_CERTS left out of our processes, when this machine sets it. */
function withoutExtraCa(r, p) {
  const rows = Object.entries(r.cluster).flatMap(([n, c]) => c.peers.filter((q) => q.withoutExtraCa).map((q) => ({ n, q })));
  if (!rows.length) return;
  p(
    "This machine sets `NODE_EXTRA_CA_CERTS` (to the system's CA bundle), so every Node process reads and parses that bundle, and Node's own root certificates, before any of its code runs; kubectl-who-can, a Go program, ignores the variable. The same runs without it, in the same loop (kubectl-who-can's column is the one above):",
  );
  p();
  p(
    "| workload | question | kube-rbac | kubectl-who-can | kube-rbac faster by | `node -e 0` | Node fetching the lists only | … and parsing them | CPU ours |",
  );
  p("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const { n, q } of rows) {
    const w = q.withoutExtraCa;
    const lists = w.listFloorMs !== undefined ? f(w.listFloorMs) : "–";
    const parsed = w.parseFloorMs !== undefined ? f(w.parseFloorMs) : "–";
    p(
      `| ${n} | \`${q.question}\` | ${f(w.oursMs)} | ${f(q.peerMs)} | ${x(w.ratio)} | ${f(w.nodeFloorMs)} | ${lists} | ${parsed} | ${f(w.oursCpuMs)} |`,
    );
  }
  p();
}

function phases(r, p) {
  const rows = Object.entries(r.cluster).filter(([, c]) => c.cliPhases);
  if (!rows.length) return;
  p("### Where a `who-can --kubeconfig` run spends its time");
  p();
  p(
    'Fresh processes of a probe bundled with the command line\'s own esbuild options (bench/lib/cli-phases-probe.mjs), running the steps of `who-can VERB TYPE -n NS --kubeconfig` one after the other and timing each (wall / CPU, medians). "Node start" is the age of a `node -e` process when its first line runs; "bundle" is the rest of the age of the probe\'s process when its own code starts (compiling and initialising the bundled modules, without a code cache); "tls+list" runs the scoped lists in parallel (TLS handshakes, the server certificate checked against the kubeconfig\'s certificate authority, HTTP, JSON parsing); "objects" turns the API\'s JSON into the model; "index" builds the RbacIndex (with the aggregation of ClusterRoles); "answer" is who-can and its JSON. `node -e 0` is timed in the same loop.',
  );
  p();
  const names = Object.keys(rows[0][1].cliPhases.phases);
  p(`| workload | objects | \`node -e 0\` | Node start | bundle | ${names.join(" | ")} | whole probe process |`);
  p(`| --- | --- | --- | --- | --- | ${names.map(() => "---").join(" | ")} | --- |`);
  for (const [n, c] of rows)
    for (const [label, ph] of [
      [n, c.cliPhases],
      [`${n}, without \`NODE_EXTRA_CA_CERTS\``, c.cliPhasesWithoutExtraCa],
    ]) {
      if (!ph) continue;
      const cell = (k) => (ph.phases[k] ? `${f(ph.phases[k].wallMs)} / ${f(ph.phases[k].cpuMs)}` : "–");
      p(
        `| ${label} | ${ph.objects} | ${f(ph.floor.ms)} / ${f(ph.floor.cpuMs)} | ${f(ph.nodeStartMs)} | ${f(ph.bundleMs)} | ${names.map(cell).join(" | ")} | ${f(ph.processMs)} / ${f(ph.processCpuMs)} |`,
      );
    }
  p();
}

/** rbac-tool's own message when it failed, else its exit status (as /usr/bin/time reports it). */
function peerFailure(text) {
  const lines = text.trim().split("\n").filter(Boolean);
  const own = lines.find((l) => !l.startsWith("Command exited with non-zero status"));
  return (own ?? lines[0] ?? "").replace(/^Command exited with non-zero status (\d+)$/, "exit status $1").replace(/\|/g, "\\|");
}

function rbacTool(r, p) {
  const rows = Object.entries(r.cluster).filter(([, c]) => c.rbacTool && !c.rbacTool.error);
  if (!rows.length) return;
  p("### rbac-tool");
  p();
  p(
    "rbac-tool's `who-can VERB TYPE` has no namespace: it lists every subject with a matching rule in any namespace or cluster-wide. It is asked only what has one meaning without a namespace — cluster-scoped resources and a non-resource URL — and kube-rbac answers the same question at cluster scope (`who-can VERB TYPE -A`, or `VERB /URL`). `policy-rules -e '^USER$'` lists the rules of the bindings that name the user; kube-rbac's `permissions --as USER` answers what the user may do, which also includes what its groups (`system:authenticated`) are granted: the rules that come through bindings naming the user are compared with rbac-tool's, the ones that come only through groups are checked against the API server alone. Both run as fresh processes on the same API server, interleaved (rbac-tool reads the kubeconfig from `KUBECONFIG`); every disagreement is put to a SubjectAccessReview (the subject alone for who-can; the user with the groups kube-rbac assumed for policy-rules).",
  );
  p();
  p(
    "| workload | command | kube-rbac | rbac-tool | kube-rbac faster by | CPU ours / theirs | peak RSS (ours / theirs) | answers (ours / theirs) | disagreements | kube-rbac right | ours denied by SAR |",
  );
  p("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  const right = (list) => (list ? list.filter((d) => d.right === "kube-rbac").length : "–");
  const peerCells = (e) =>
    e.peer
      ? [
          f(e.peer.ms),
          x(e.ratio),
          `${f(e.ours.cpuMs)} / ${f(e.peer.cpuMs)}`,
          `${f(e.ours.peakRssBytes / MB, "MB")} / ${f(e.peer.peakRssBytes / MB, "MB")}`,
        ]
      : [`fails: ${peerFailure(e.peerError)}`, "–", `${f(e.ours.cpuMs)} / –`, `${f(e.ours.peakRssBytes / MB, "MB")} / –`];
  for (const [n, c] of rows) {
    for (const e of c.rbacTool.whoCan)
      p(
        `| ${n} | \`who-can ${e.question}\` | ${f(e.ours.ms)} | ${peerCells(e).join(" | ")} | ${e.oursSubjects} / ${e.peerSubjects ?? "–"} subjects | ${e.disagreements?.length ?? "–"} | ${right(e.disagreements)} | ${e.oursListedButDenied} |`,
      );
    for (const e of c.rbacTool.policyRules)
      p(
        `| ${n} | \`policy-rules ${e.user}\` | ${f(e.ours.ms)} | ${peerCells(e).join(" | ")} | ${e.oursDirect} (+${e.oursViaGroups} through groups) / ${e.peerRules ?? "–"} rules | ${e.disagreements?.length ?? "–"} | ${right(e.disagreements)} | ${e.oursViaGroupsDenied} |`,
      );
  }
  p();
  const dis = rows.flatMap(([n, c]) => [
    ...c.rbacTool.whoCan.flatMap((e) => (e.disagreements ?? []).map((d) => ({ n, q: `who-can ${e.question}`, what: d.subject, ...d }))),
    ...c.rbacTool.policyRules.flatMap((e) =>
      (e.disagreements ?? []).map((d) => ({ n, q: `policy-rules ${e.user}`, what: d.rule.replace(/\|/g, " \\| "), ...d })),
    ),
  ]);
  if (!dis.length) {
    p("No disagreement between kube-rbac and rbac-tool on these questions.");
    p();
    return;
  }
  p(
    "Every disagreement, and who is right according to `SubjectAccessReview` (rules as `namespace|verb|group|resource|names`, `*` = cluster-wide):",
  );
  p();
  p("| workload | command | subject or rule | listed by | SubjectAccessReview | right | why rbac-tool lists it |");
  p("| --- | --- | --- | --- | --- | --- | --- |");
  for (const d of dis)
    p(`| ${d.n} | \`${d.q}\` | \`${d.what}\` | ${d.listedBy} | ${d.subjectAccessReview} | ${d.right} | ${d.why ?? ""} |`);
  p();
}

export function peersSection(r, p, svgs) {
  p("## Against rbac-tool and kubectl-who-can");
  p();
  const k = r.peers.kubectlWhoCan;
  p(`- kubectl-who-can: ${k.built ? `${k.version}, ${k.note}.` : k.note}`);
  p(`- rbac-tool: ${r.peers.rbacTool.built ? `${r.peers.rbacTool.note}.` : `**not measured** — ${r.peers.rbacTool.note}.`}`);
  p();
  if (!Object.keys(r.cluster).length) return;
  kubectlWhoCan(r, p, svgs);
  phases(r, p);
  rbacTool(r, p);
}
