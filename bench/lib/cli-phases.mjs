// Where the command line's time goes: Node's own start (`node -e 0`, and the process's age when a
// script's first line runs), loading the bundle, and the steps of a `who-can -n NS --kubeconfig` run,
// each timed in fresh processes (medians). The probe is bundled with the CLI's esbuild options.

import * as path from "node:path";
import * as esbuild from "esbuild";
import { median } from "./stats.mjs";
import { run } from "./processes.mjs";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");

async function bundleProbe(outDir) {
  const outfile = path.join(outDir, "cli-phases-probe.js");
  await esbuild.build({
    entryPoints: [path.join(ROOT, "bench", "lib", "cli-phases-probe.mjs")],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    external: ["@kubernetes/client-node"],
    logLevel: "warning",
    banner: { js: 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);' },
  });
  return outfile;
}

/**
 * Medians over `reps` fresh processes of each phase, plus Node's floor measured in between; the
 * environment variables in `unset` are left out of every process.
 */
export async function cliPhases({ kubeconfig, question, reps, workDir, unset = [] }) {
  const probe = await bundleProbe(workDir);
  const runs = [];
  const floor = [];
  const bootstrap = [];
  for (let i = 0; i < reps; i++) {
    const f = await run(process.execPath, ["-e", "0"], { unset });
    floor.push({ ms: f.ms, cpuMs: f.cpuMs });
    const b = await run(process.execPath, ["-e", "process.stdout.write(String(performance.now()))"], { unset });
    bootstrap.push(Number(b.stdout));
    const p = await run(process.execPath, [probe, kubeconfig, question.verb, question.type, question.namespace], { unset });
    if (p.code !== 0) throw new Error(`cli phases probe failed: ${p.stderr}`);
    runs.push({ ...JSON.parse(p.stdout), ms: p.ms, cpuMs: p.cpuMs });
  }
  const phases = {};
  for (const { phase } of runs[0].marks)
    phases[phase] = {
      wallMs: median(runs.map((r) => r.marks.find((m) => m.phase === phase).wallMs)),
      cpuMs: median(runs.map((r) => r.marks.find((m) => m.phase === phase).cpuMs)),
    };
  const nodeStartMs = median(bootstrap);
  return {
    question: `${question.verb} ${question.type} -n ${question.namespace}`,
    unset,
    floor: { ms: median(floor.map((f) => f.ms)), cpuMs: median(floor.map((f) => f.cpuMs)) },
    nodeStartMs,
    bundleMs: median(runs.map((r) => r.startMs)) - nodeStartMs,
    phases,
    processMs: median(runs.map((r) => r.ms)),
    processCpuMs: median(runs.map((r) => r.cpuMs)),
    objects: runs[0].objects,
    reps,
  };
}
