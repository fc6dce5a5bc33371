// Running the benchmark's processes (ours and the peers') to completion, with their wall time, CPU time
// and peak RSS, and where the peers are built.

import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { now } from "./stats.mjs";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
export const PEERS_DIR = path.join(ROOT, ".cache", "peers");
/** The command line's code cache (bin/kube-rbac.js) lives in the benchmark's own folder. */
export const CLI_ENV = { KUBE_RBAC_CACHE_DIR: path.join(ROOT, ".cache", "bench", "v8cache") };

/**
 * NODE_EXTRA_CA_CERTS, when set, makes every Node process read and parse that bundle as it starts, before
 * any of its own code runs (Go programs ignore it). Runs that leave it out say what it costs.
 */
export const EXTRA_CA = "NODE_EXTRA_CA_CERTS";

/**
 * Runs a command to completion; resolves with wall ms, peak RSS (via /usr/bin/time when present), stdout.
 * `env` is added to this process's environment; the variables in `unset` are removed from it.
 */
export function run(cmd, args, { env, unset = [] } = {}) {
  return new Promise((resolve, reject) => {
    const useTime = fs.existsSync("/usr/bin/time");
    const argv = useTime ? ["/usr/bin/time", ["-f", "__maxrss_kb=%M __cpu_s=%U+%S", cmd, ...args]] : [cmd, args];
    const t0 = now();
    const childEnv = { ...process.env, ...env };
    for (const k of unset) delete childEnv[k];
    const child = spawn(argv[0], argv[1], { stdio: ["ignore", "pipe", "pipe"], env: childEnv });
    const out = [];
    let err = "";
    child.stdout.on("data", (d) => out.push(d));
    child.stderr.setEncoding("utf8").on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("close", (code) => {
      const ms = now() - t0;
      const m = /__maxrss_kb=(\d+) __cpu_s=([\d.]+)\+([\d.]+)/.exec(err);
      const rss = Number(m?.[1] ?? NaN) * 1024;
      const cpuMs = (Number(m?.[2] ?? NaN) + Number(m?.[3] ?? NaN)) * 1000;
      resolve({
        ms,
        code,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: err.replace(/__maxrss_kb=.*\n?/, ""),
        peakRssBytes: rss,
        cpuMs,
      });
    });
  });
}
