// `kube-rbac suggest` beside audit2rbac on the same audit log and subject: a fresh process each run,
// interleaved, wall time, CPU time and peak RSS (bench/lib/processes.mjs), medians over the runs.

import * as fs from "node:fs";
import * as path from "node:path";
import { median } from "./stats.mjs";
import { CLI_ENV, PEERS_DIR, run } from "./processes.mjs";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
export const AUDIT2RBAC = path.join(PEERS_DIR, "audit2rbac");
const CLI = path.join(ROOT, "bin", "kube-rbac.js");

/** The two command lines for a log and a service account { namespace, name }. */
export function commands(file, subject) {
  const user = `system:serviceaccount:${subject.namespace}:${subject.name}`;
  return {
    ours: [process.execPath, [CLI, "suggest", "--audit-log", file, "--as", user, "-o", "yaml"], { env: CLI_ENV }],
    audit2rbac: [AUDIT2RBAC, ["-f", file, "--serviceaccount", `${subject.namespace}:${subject.name}`], {}],
  };
}

const summary = (samples) => ({
  ms: median(samples.map((s) => s.ms)),
  cpuMs: median(samples.map((s) => s.cpuMs)),
  peakRssBytes: median(samples.map((s) => s.peakRssBytes)),
  runs: samples.map((s) => ({ ms: Math.round(s.ms), peakRssBytes: s.peakRssBytes })),
});

/**
 * Runs both `reps` times, interleaved (ours first, then audit2rbac, each repetition), after one run of
 * ours that writes its code cache. Returns { ours, audit2rbac } medians and each tool's last output.
 */
export async function timeSuggest(file, subject, reps, log) {
  const cmds = commands(file, subject);
  const samples = { ours: [], audit2rbac: [] };
  const outputs = {};
  await run(...cmds.ours);
  for (let i = 0; i < reps; i++) {
    for (const tool of ["ours", "audit2rbac"]) {
      const [cmd, args, opts] = cmds[tool];
      const r = await run(cmd, args, opts);
      if (r.code !== 0) throw new Error(`${tool} failed on ${path.basename(file)} (exit ${r.code}): ${r.stderr.slice(0, 800)}`);
      samples[tool].push(r);
      outputs[tool] = r.stdout;
      log?.(`suggest: ${path.basename(file)}: ${tool} ${(r.ms / 1000).toFixed(1)} s, peak RSS ${(r.peakRssBytes / 1048576).toFixed(0)} MB`);
    }
  }
  const ours = summary(samples.ours);
  const peer = summary(samples.audit2rbac);
  return {
    bytes: fs.statSync(file).size,
    ours,
    audit2rbac: peer,
    ratio: { ms: ours.ms / peer.ms, cpuMs: ours.cpuMs / peer.cpuMs, peakRssBytes: ours.peakRssBytes / peer.peakRssBytes },
    outputs,
  };
}
