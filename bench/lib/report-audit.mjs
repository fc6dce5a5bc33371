// The report's section on `kube-rbac suggest` beside audit2rbac, from the saved results of
// bench/audit.mjs --save (docs/benchmarks/audit2rbac.json).

import * as fs from "node:fs";
import * as path from "node:path";

const s = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`);
const mb = (bytes) => `${(bytes / 1048576).toFixed(0)} MB`;
const x = (ratio) => `${ratio.toFixed(2)}×`;

function timeTable(a, p) {
  p(
    "| log | events | size | kube-rbac wall | audit2rbac wall | ratio | kube-rbac CPU | audit2rbac CPU | kube-rbac peak RSS | audit2rbac peak RSS | ratio |",
  );
  p("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const [name, r] of [
    ["real (test API server)", a.real],
    ["synthetic", a.synthetic],
  ]) {
    const events = r.log?.events ?? r.workload?.events;
    p(
      `| ${name} | ${events.toLocaleString("en-US")} | ${(r.bytes / 1e6).toFixed(1)} MB | ${s(r.ours.ms)} | ${s(r.audit2rbac.ms)} | ${x(r.ratio.ms)} | ${s(r.ours.cpuMs)} | ${s(r.audit2rbac.cpuMs)} | ${mb(r.ours.peakRssBytes)} | ${mb(r.audit2rbac.peakRssBytes)} | ${x(r.ratio.peakRssBytes)} |`,
    );
  }
  p();
}

function allowTable(a, p) {
  p(
    "| log | subject | distinct logged requests | probes | allowed anyway | allowed: kube-rbac | allowed: audit2rbac | logged but not allowed | unlogged allowed | differences |",
  );
  p("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const [name, r] of [
    ["real", a.real],
    ["synthetic", a.synthetic],
  ]) {
    const gaps = `kube-rbac ${r.gaps.ours.length}, audit2rbac ${r.gaps.audit2rbac.length}`;
    const beyond = `kube-rbac ${r.beyond.ours.length}, audit2rbac ${r.beyond.audit2rbac.length}`;
    p(
      `| ${name} | ${r.subject.namespace}/${r.subject.name} | ${r.logged} | ${r.probes} | ${r.allowed.none} | ${r.allowed.ours} | ${r.allowed.audit2rbac} | ${gaps} | ${beyond} | ${r.differences.length} |`,
    );
  }
  p();
}

function differences(name, r, p) {
  p(`**${name}**: differences by reason:`);
  p();
  for (const [reason, n] of Object.entries(r.byReason).sort((a, b) => b[1] - a[1])) p(`- ${reason}: ${n}`);
  if (Object.keys(r.byReason).length === 0) p("- none");
  for (const tool of ["ours", "audit2rbac"])
    if (r.gaps[tool].length)
      p(
        `- logged requests ${tool === "ours" ? "kube-rbac" : "audit2rbac"} does not allow: ${r.gaps[tool].map((g) => `\`${g}\``).join(", ")}`,
      );
  if (r.beyond.ours.length) p(`- unlogged requests kube-rbac allows: ${r.beyond.ours.map((g) => `\`${g}\``).join(", ")}`);
  for (const tool of ["ours", "audit2rbac"])
    if (r.refused[tool].length)
      p(`- objects of ${tool === "ours" ? "kube-rbac" : "audit2rbac"} the server refused: ${r.refused[tool].join("; ")}`);
  p();
  if (r.differences.length === 0) return;
  p(`<details><summary>Every difference on the ${name} log (${r.differences.length})</summary>`);
  p();
  p("| request | probe | allowed by | why |");
  p("| --- | --- | --- | --- |");
  for (const d of r.differences)
    p(`| \`${d.request}\` | ${d.kind}${d.from ? ` of \`${d.from}\`` : ""} | ${d.allowedBy} | ${d.why.replace(/\|/g, "\\|")} |`);
  p();
  p("</details>");
  p();
}

/** kube-rbac suggest beside audit2rbac (bench/audit.mjs --save). */
export function auditSection(root, p) {
  const file = path.join(root, "docs", "benchmarks", "audit2rbac.json");
  if (!fs.existsSync(file)) return;
  const a = JSON.parse(fs.readFileSync(file, "utf8"));
  p("## `kube-rbac suggest` beside audit2rbac");
  p();
  p(
    `\`node bench/audit.mjs --save\` on ${a.date.slice(0, 16).replace("T", " ")} UTC (kube-rbac ${a.kubeRbac}; load average ${a.machine.before.loadavg.join(" / ")} before, ${a.machine.cpus} CPUs; API server ${a.serverVersion}). Raw figures: [audit2rbac.json](benchmarks/audit2rbac.json).`,
  );
  p();
  p(
    `The peer is audit2rbac (${a.peer.source}), **patched to build here** (\`${a.peer.patch}\`, applied by \`bench/build-peers.sh\`): its go.mod pins \`k8s.io/apiserver v0.23.16\`, which the Go module proxy refuses, so its k8s.io modules are moved to v1.34.4 with the test API server's \`replace\` block, and \`pkg/util.go\` decodes \`audit.k8s.io/v1\` events only (the \`v1alpha1\`/\`v1beta1\` audit APIs are gone from those modules; every current API server writes v1). Nothing else is changed. It runs with its defaults (\`--expand-multi-namespace\` and \`--expand-multi-name\` on).`,
  );
  p();
  p(
    `Logs: "real" is the test API server's own audit log (Metadata level) of a scripted workload of service account ${a.real.subject.namespace}/${a.real.subject.name} (${a.real.workload.requests} requests: varied verbs, the same request in several namespaces, named gets, creates, subresources, cluster-scoped reads, a list across all namespaces, a watch, non-resource URLs); "synthetic" is generated deterministically (seed ${a.synthetic.log.seed}) with the same event shape: ${a.synthetic.log.subjects} subjects, ${a.synthetic.log.subjectEvents.toLocaleString("en-US")} events of the compared subject, watches and other long-running requests with both ResponseStarted and ResponseComplete events.`,
  );
  p();
  p(`Time and memory: a fresh process each run, interleaved, median of ${a.reps} runs each; the ratio is kube-rbac / audit2rbac.`);
  p();
  timeTable(a, p);
  p(
    'Allow-sets: each tool\'s output is applied to the API server for a copy of the subject of its own, and a SubjectAccessReview asks, for every probe (each distinct logged request, then unlogged variants: other verbs, names, namespaces, all namespaces, other resources, subresources, paths), whether each copy may do it. "Allowed anyway" is what a copy with nothing generated may do (the groups every service account has); "unlogged allowed" counts the variants a copy may do beyond that, which allowing the logged requests does not imply (a logged request of the same verb and type, in the same namespace or across all, on the same name or on every name).',
  );
  p();
  allowTable(a, p);
  differences("real", a.real, p);
  differences("synthetic", a.synthetic, p);
  p(
    "Reproduce: `bash bench/build-peers.sh` (audit2rbac into .cache/peers), then `npm run bench:audit` (builds, runs `node bench/audit.mjs --save`, rewrites this report from the saved results; the synthetic log is written once to .cache/bench/audit).",
  );
  p();
}
