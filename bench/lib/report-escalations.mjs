// The report's section on escalation paths, from the saved results of bench/escalations.mjs.

import * as fs from "node:fs";
import * as path from "node:path";
/** Escalation paths (bench/escalations.mjs --save): all subjects and one subject of a workload. */
export function escalationSection(root, p) {
  const file = path.join(root, "docs", "benchmarks", "escalations-huge.json");
  if (!fs.existsSync(file)) return;
  const e = JSON.parse(fs.readFileSync(file, "utf8"));
  const s = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`);
  p("## Escalation paths");
  p();
  p(
    `\`bench/escalations.mjs\` on "${e.shape}" (${e.objects} objects, ${e.subjects} subjects; ${e.withPath} reach cluster-admin). All subjects: one analyzer, as \`kube-rbac escalations\` runs. One subject: a fresh analyzer each, as \`--as\` runs. Measured with a load average of ${e.machine.loadAverage.toFixed(0)} on ${e.machine.cpus} cores.`,
  );
  p();
  p("| question | measured | target |");
  p("| --- | --- | --- |");
  p(`| all subjects | ${s(e.allSubjectsMs.median)} | 2 s |`);
  p(`| one subject p50 / p95 | ${s(e.oneSubjectMs.median)} / ${s(e.oneSubjectMs.p95)} | 50 ms |`);
  p();
}
