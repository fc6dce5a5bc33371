// Escalation paths at cluster scale: every subject of a generated workload to cluster-admin (one analyzer,
// as `kube-rbac escalations` runs), and one subject at a time (a fresh analyzer each, as `--as` runs).
//   node bench/escalations.mjs [--shape huge|big] [--reps N] [--singles N] [--baseline OUT_DIR] [--save]
// Needs `npm run build` first (it loads out/). --baseline names the out/ folder of another build (e.g. of the
// previous commit: `git archive <commit> | tar -x -C DIR && (cd DIR && npx tsc -b core)`): its engine is
// measured in the same run, interleaved, on the same index, and its answers must count the same.
// Prints one JSON object; --save also writes it to docs/benchmarks/escalations-<shape>.json, which the
// report (docs/benchmarks.md) shows.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createRequire } from "node:module";
import { generate } from "./lib/workloads.mjs";
import { median, quantile } from "./lib/stats.mjs";

const require = createRequire(import.meta.url);
const { objectsFromPlain } = require("../out/core/load.js");
const { RbacIndex } = require("../out/core/rbac-index.js");
const current = require("../out/core/escalation/paths.js");

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const shape = opt("--shape", "huge");
const reps = Number(opt("--reps", 3));
const singles = Number(opt("--singles", 200));
const baselineDir = opt("--baseline", undefined);
const baseline = baselineDir ? require(path.resolve(baselineDir, "core/escalation/paths.js")) : undefined;

const w = generate(shape);
const loaded = objectsFromPlain({ kind: "List", apiVersion: "v1", items: w.objects });
const index = new RbacIndex(loaded.objects);
const subjects = index.subjects().filter((s) => current.subjectIdentity(s));

/** Every subject, one analyzer: the time, how many subjects reach the target, and their paths' lengths. */
function allSubjects(engine) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const paths = new engine.EscalationAnalyzer(index, { others: loaded.others }).all();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const cpuMs = (c.user + c.system) / 1000;
  const steps = {};
  for (const p of paths) {
    const k = `${p.steps.length}${p.potential ? " (potential)" : ""}`;
    steps[k] = (steps[k] ?? 0) + 1;
  }
  return { ms, cpuMs, found: paths.length, steps };
}

function oneSubject(engine, i) {
  const s = subjects[(i * 7919) % subjects.length];
  const t0 = performance.now();
  const p = new engine.EscalationAnalyzer(index, { others: loaded.others }).pathFor(engine.subjectIdentity(s));
  return { ms: performance.now() - t0, steps: p ? p.steps.length : -1 };
}

const engines = baseline ? { current, baseline } : { current };
const all = { current: [], baseline: [] };
const allCpu = { current: [], baseline: [] };
let found = 0;
let steps = {};
for (let i = 0; i < reps; i++)
  for (const [name, engine] of Object.entries(engines)) {
    const r = allSubjects(engine);
    all[name].push(r.ms);
    allCpu[name].push(r.cpuMs);
    if (name === "current") ({ found, steps } = r);
    else if (r.found !== found || JSON.stringify(r.steps) !== JSON.stringify(steps))
      throw new Error(`the baseline's answers differ: ${r.found} subjects ${JSON.stringify(r.steps)}`);
  }

const one = { current: [], baseline: [] };
let stepsOfOne = 0;
for (let i = 0; i < singles; i++)
  for (const [name, engine] of Object.entries(engines)) {
    const r = oneSubject(engine, i);
    one[name].push(r.ms);
    if (name === "current") stepsOfOne = r.steps;
    else if (r.steps !== stepsOfOne) throw new Error(`the baseline's path for subject ${i} differs: ${r.steps} steps, not ${stepsOfOne}`);
  }

const summary = (a, cpu, o) => ({
  allSubjectsMs: { median: median(a), runs: a.map((x) => Math.round(x)) },
  allSubjectsCpuMs: { median: median(cpu), runs: cpu.map((x) => Math.round(x)) },
  oneSubjectMs: { median: median(o), p95: quantile(o, 0.95), max: Math.max(...o) },
});
const result = {
  shape,
  objects: loaded.objects.length,
  subjects: subjects.length,
  withPath: found,
  byStepCount: steps,
  ...summary(all.current, allCpu.current, one.current),
  ...(baseline ? { baseline: summary(all.baseline, allCpu.baseline, one.baseline) } : {}),
  machine: { cpus: os.cpus().length, loadAverage: os.loadavg()[0] },
};
const text = JSON.stringify(result, null, 2) + "\n";
process.stdout.write(text);
if (args.includes("--save")) {
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
  fs.writeFileSync(path.join(root, "docs", "benchmarks", `escalations-${shape}.json`), text);
}
