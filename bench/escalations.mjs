// Escalation paths at cluster scale: every subject of a generated workload to cluster-admin (one analyzer,
// as `kube-rbac escalations` runs), and one subject at a time (a fresh analyzer each, as `--as` runs).
//   node bench/escalations.mjs [--shape huge|big] [--reps N] [--singles N] [--save]
// Needs `npm run build` first (it loads out/). Prints one JSON object; --save also writes it to
// docs/benchmarks/escalations-<shape>.json, which the report (docs/benchmarks.md) shows.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createRequire } from "node:module";
import { generate } from "./lib/workloads.mjs";
import { median, quantile } from "./lib/stats.mjs";

const require = createRequire(import.meta.url);
const { objectsFromPlain } = require("../out/core/load.js");
const { RbacIndex } = require("../out/core/rbac-index.js");
const { EscalationAnalyzer, subjectIdentity } = require("../out/core/escalation/paths.js");

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const shape = opt("--shape", "huge");
const reps = Number(opt("--reps", 3));
const singles = Number(opt("--singles", 200));

const w = generate(shape);
const loaded = objectsFromPlain({ kind: "List", apiVersion: "v1", items: w.objects });
const index = new RbacIndex(loaded.objects);
const subjects = index.subjects().filter((s) => subjectIdentity(s));

const all = [];
let found = 0;
const steps = {};
for (let i = 0; i < reps; i++) {
  const t0 = performance.now();
  const paths = new EscalationAnalyzer(index, { others: loaded.others }).all();
  all.push(performance.now() - t0);
  found = paths.length;
  for (const k of Object.keys(steps)) delete steps[k];
  for (const p of paths) {
    const k = `${p.steps.length}${p.potential ? " (potential)" : ""}`;
    steps[k] = (steps[k] ?? 0) + 1;
  }
}

const one = [];
for (let i = 0; i < singles; i++) {
  const s = subjects[(i * 7919) % subjects.length];
  const t0 = performance.now();
  new EscalationAnalyzer(index, { others: loaded.others }).pathFor(subjectIdentity(s));
  one.push(performance.now() - t0);
}

const result = {
  shape,
  objects: loaded.objects.length,
  subjects: subjects.length,
  withPath: found,
  byStepCount: steps,
  allSubjectsMs: { median: median(all), runs: all.map((x) => Math.round(x)) },
  oneSubjectMs: { median: median(one), p95: quantile(one, 0.95), max: Math.max(...one) },
  machine: { cpus: os.cpus().length, loadAverage: os.loadavg()[0] },
};
const text = JSON.stringify(result, null, 2) + "\n";
process.stdout.write(text);
if (args.includes("--save")) {
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
  fs.writeFileSync(path.join(root, "docs", "benchmarks", `escalations-${shape}.json`), text);
}
