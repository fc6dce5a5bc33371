// `kube-rbac suggest` beside audit2rbac (issue #18): the same allow-set, judged by the real API server,
// and time and memory on a large log.
//   node bench/audit.mjs [--events N] [--reps N] [--seed N] [--save]
// 1. A scripted workload of a service account on the test API server; its audit log is kept.
// 2. A synthetic log of N events (default 1,000,000) shaped like the real one, in .cache/bench/audit.
// 3. On each log, both tools for the same subject; both outputs applied to the server for copies of the
//    subject; a SubjectAccessReview for every probe (the logged requests and unlogged variants).
// 4. Wall time and peak RSS on each log, medians of --reps runs, interleaved.
// Needs `npm run build` (out/ and dist/), the test API server and bench/build-peers.sh (audit2rbac).
// Prints the results as JSON; --save also writes docs/benchmarks/audit2rbac.json, which the report
// (docs/benchmarks.md, bench/lib/report-audit.mjs) shows.

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createRequire } from "node:module";
import { machineLoad, now } from "./lib/stats.mjs";
import { runAuditWorkload, ROBOT } from "./lib/audit-workload.mjs";
import { writeSyntheticLog, SYNTHETIC_SUBJECT } from "./lib/audit-log.mjs";
import { loggedRequests, probeSet } from "./lib/audit-probes.mjs";
import { allowSets } from "./lib/audit-compare.mjs";
import { summarize } from "./lib/audit-differences.mjs";
import { AUDIT2RBAC, timeSuggest } from "./lib/audit-bench.mjs";

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const WORK = path.join(ROOT, ".cache", "bench", "audit");
const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
const events = opt("--events", 1_000_000);
const reps = opt("--reps", 3);
const seed = opt("--seed", 20240611);

const started = now();
const log = (m) => process.stderr.write(`[${((now() - started) / 1000).toFixed(0).padStart(4)} s] ${m}\n`);

/** The commit the measured build comes from, with "+changes" when the work tree differs from it. */
function buildCommit() {
  try {
    const git = (...a) => execFileSync("git", a, { cwd: ROOT, encoding: "utf8" }).trim();
    return `${git("rev-parse", "--short", "HEAD")}${git("status", "--porcelain", "--untracked-files=no") ? "+changes" : ""}`;
  } catch {
    return "unknown";
  }
}

/** Both tools on one log, then their allow-sets on the server. */
async function compareOn(admin, name, file, subject, runs) {
  const timing = await timeSuggest(file, subject, runs, log);
  const logged = await loggedRequests(file, `system:serviceaccount:${subject.namespace}:${subject.name}`);
  const probes = probeSet(logged);
  log(`${name}: ${logged.length} distinct logged requests, ${probes.length} probes`);
  const { refused, answers, passes } = await allowSets(admin, { outputs: timing.outputs, subject, probes });
  const result = summarize(probes, answers, logged);
  log(`${name}: allowed ${JSON.stringify(result.allowed)}; ${result.differences.length} differences`);
  const { outputs, ...times } = timing;
  return {
    subject,
    ...times,
    outputBytes: { ours: outputs.ours.length, audit2rbac: outputs.audit2rbac.length },
    refused,
    sarPasses: passes,
    ...result,
  };
}

async function main() {
  if (!fs.existsSync(path.join(ROOT, "dist", "cli.js")) || !fs.existsSync(path.join(ROOT, "out", "test", "support", "apiserver.js")))
    throw new Error("Build first: npm run build.");
  if (!fs.existsSync(AUDIT2RBAC)) throw new Error(`${AUDIT2RBAC} is missing: run bench/build-peers.sh.`);
  fs.mkdirSync(WORK, { recursive: true });
  const machineBefore = await machineLoad();
  const synthetic = await writeSyntheticLog(path.join(WORK, `synthetic-${events}-${seed}.log`), { events, seed });
  log(`synthetic log: ${synthetic.events} events, ${(synthetic.bytes / 1e6).toFixed(0)} MB, ${synthetic.subjectEvents} of the subject`);

  const { TestApiServer, AdminClient } = require("../out/test/support/apiserver.js");
  const server = await TestApiServer.start();
  const admin = new AdminClient(server.kubeconfig("admin"));
  try {
    const realFile = path.join(WORK, "real.log");
    const workload = await runAuditWorkload(server, admin, realFile);
    log(`real log: ${workload.requests} requests of the robot, ${workload.events} events in all`);
    const real = { workload, ...(await compareOn(admin, "real", realFile, ROBOT, reps)) };
    const large = { log: synthetic, ...(await compareOn(admin, "synthetic", synthetic.file, SYNTHETIC_SUBJECT, reps)) };
    delete large.log.file;
    const result = {
      date: new Date().toISOString(),
      kubeRbac: buildCommit(),
      serverVersion: server.ready.version,
      machine: { cpus: os.cpus().length, before: machineBefore, after: await machineLoad() },
      reps,
      peer: {
        name: "audit2rbac",
        source: "liggitt/audit2rbac, commit 9b0b8980 (2023-02-08)",
        patch: "bench/peers/audit2rbac.patch",
      },
      real,
      synthetic: large,
      durationS: (now() - started) / 1000,
    };
    const text = JSON.stringify(result, null, 2) + "\n";
    process.stdout.write(text);
    if (args.includes("--save")) fs.writeFileSync(path.join(ROOT, "docs", "benchmarks", "audit2rbac.json"), text);
  } finally {
    admin.dispose();
    await server.stop();
  }
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
