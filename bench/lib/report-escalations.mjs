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
  const b = e.baseline;
  if (b) {
    const ratio = (before, after) => `${(before / after).toFixed(1)}×`;
    p(
      `The engine before these changes (\`--baseline\`: a build of the code they started from) was measured in the same run, interleaved with it, on the same index; its answers were the same. CPU time is the process's user + system time during the run, which the machine's load inflates less than the wall time.`,
    );
    p();
    p("| question | before | now | speed-up | target |");
    p("| --- | --- | --- | --- | --- |");
    p(
      `| all subjects (wall) | ${s(b.allSubjectsMs.median)} | ${s(e.allSubjectsMs.median)} | ${ratio(b.allSubjectsMs.median, e.allSubjectsMs.median)} | 2 s |`,
    );
    if (b.allSubjectsCpuMs && e.allSubjectsCpuMs)
      p(
        `| all subjects (CPU) | ${s(b.allSubjectsCpuMs.median)} | ${s(e.allSubjectsCpuMs.median)} | ${ratio(b.allSubjectsCpuMs.median, e.allSubjectsCpuMs.median)} | |`,
      );
    p(
      `| one subject p50 | ${s(b.oneSubjectMs.median)} | ${s(e.oneSubjectMs.median)} | ${ratio(b.oneSubjectMs.median, e.oneSubjectMs.median)} | 50 ms |`,
    );
    p(`| one subject p95 | ${s(b.oneSubjectMs.p95)} | ${s(e.oneSubjectMs.p95)} | ${ratio(b.oneSubjectMs.p95, e.oneSubjectMs.p95)} | |`);
    p();
    return;
  }
  p("| question | measured | target |");
  p("| --- | --- | --- |");
  p(`| all subjects | ${s(e.allSubjectsMs.median)} | 2 s |`);
  p(`| one subject p50 / p95 | ${s(e.oneSubjectMs.median)} / ${s(e.oneSubjectMs.p95)} | 50 ms |`);
  p();
}
