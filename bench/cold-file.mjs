// `node bench/cold-file.mjs`: why the first 50 KB file of a fresh language server is slow. The server's
// check pipeline (bench/lib/cold-file-probe.mjs, bundled like the server) checks 50 KB files in fresh
// processes: cold as it starts; cold with a V8 code cache of the bundle (no compiling: what a cache for
// the server bundle would give); after checking other files first (what the start-up warm-up
// recovers); and the same warmed process with V8's compilers off (the interpreter alone).
// Writes docs/benchmarks/results-cold-file.json and docs/benchmarks/cold-file.md (docs/benchmarks.md includes it).
// Expects a build (`npm run build`) and the benchmark's workloads (`npm run bench` writes .cache/bench).

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as esbuild from "esbuild";
import { makeSmallFile } from "./lib/lsp-bench.mjs";
import { median } from "./lib/stats.mjs";
import { run } from "./lib/processes.mjs";
import launch from "../out/protocol/launch.js";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const WORK = path.join(ROOT, ".cache", "bench", "cold-file");
const REPS = Number(process.env.COLD_FILE_REPS ?? 9);
const WARM_FILES = 20;
const INTERPRETER = ["--no-opt", "--no-sparkplug", "--no-maglev"];

async function main() {
  fs.mkdirSync(WORK, { recursive: true });
  const big = fs.readFileSync(path.join(ROOT, ".cache", "bench", "big", "all.yaml"), "utf8");
  // Files of other documents each (the warm-up's, then the two timed ones).
  const files = Array.from({ length: WARM_FILES + 2 }, (_, i) => {
    const f = path.join(WORK, `file-${i}.yaml`);
    fs.writeFileSync(f, makeSmallFile(big, 50 * 1024, i));
    return f;
  });
  const probe = path.join(WORK, "probe.cjs");
  await esbuild.build({
    entryPoints: [path.join(ROOT, "bench", "lib", "cold-file-probe.mjs")],
    outfile: probe,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    logLevel: "warning",
  });
  const cacheDir = path.join(WORK, "v8cache");
  fs.rmSync(cacheDir, { recursive: true, force: true });
  const launcher = path.join(ROOT, "dist", "launcher.js");
  const start = `require(${JSON.stringify(launcher)}).launch(${JSON.stringify(probe)}, "cold-file")`;
  const probeRun = async (flags, env, probeArgs) => {
    // The server's own V8 flags (semi-spaces, interrupt budget), as the language server is started.
    const r = await run(process.execPath, [...launch.SERVER_EXEC_ARGV, ...flags, "-e", start, "--", probe, ...probeArgs], { env });
    if (r.code !== 0) throw new Error(`cold-file probe failed: ${r.stderr}`);
    return JSON.parse(r.stdout).timed;
  };
  const cold = files.slice(WARM_FILES);
  const noCache = { KUBE_RBAC_COMPILE_CACHE: "off" };
  const withCache = { KUBE_RBAC_CACHE_DIR: cacheDir };
  // The cache is written at the exit of a run that checked every file: it holds the bytecode of all they ran.
  await probeRun([], withCache, [...files, "--warm", String(WARM_FILES)]);
  const modes = {
    cold: { flags: [], env: noCache, args: [...cold, "--warm", "0"] },
    coldCodeCache: { flags: [], env: withCache, args: [...cold, "--warm", "0"] },
    warmed: { flags: [], env: noCache, args: [...files, "--warm", String(WARM_FILES)] },
    warmedInterpreter: { flags: INTERPRETER, env: noCache, args: [...files, "--warm", String(WARM_FILES)] },
  };
  const samples = Object.fromEntries(Object.keys(modes).map((k) => [k, []]));
  for (let i = 0; i < REPS; i++)
    for (const [k, m] of Object.entries(modes)) {
      samples[k].push(await probeRun(m.flags, m.env, m.args));
      process.stderr.write(`cold-file: ${k} ${i + 1}/${REPS}\n`);
    }
  const at = (k, n, field) => median(samples[k].map((s) => s[n][field]));
  const results = {
    date: new Date().toISOString(),
    loadAverage: os.loadavg()[0],
    cores: os.cpus().length,
    reps: REPS,
    warmFiles: WARM_FILES,
    fileBytes: fs.statSync(cold[0]).size,
    modes: Object.fromEntries(
      Object.keys(modes).map((k) => [
        k,
        {
          first: { wallMs: at(k, 0, "wallMs"), cpuMs: at(k, 0, "cpuMs") },
          second: { wallMs: at(k, 1, "wallMs"), cpuMs: at(k, 1, "cpuMs") },
        },
      ]),
    ),
  };
  process.stderr.write(JSON.stringify(results, null, 2) + "\n");
  fs.mkdirSync(path.join(ROOT, "docs", "benchmarks"), { recursive: true });
  fs.writeFileSync(path.join(ROOT, "docs", "benchmarks", "results-cold-file.json"), JSON.stringify(results, null, 2) + "\n");
  fs.writeFileSync(path.join(ROOT, "docs", "benchmarks", "cold-file.md"), markdown(results));
}

function markdown(r) {
  const m = r.modes;
  const row = (what, k) =>
    `| ${what} | ${m[k].first.cpuMs.toFixed(1)} ms | ${m[k].first.wallMs.toFixed(1)} ms | ${m[k].second.cpuMs.toFixed(1)} ms | ${m[k].second.wallMs.toFixed(1)} ms |`;
  return [
    "## The cold first file",
    "",
    `\`node bench/cold-file.mjs\`: the language server's check pipeline (core/service: parse and check, bundled as the`,
    `server is, with its V8 flags) on ${(r.fileBytes / 1024).toFixed(0)} KB files of the "big" workload, each mode in fresh processes, interleaved (medians of ${r.reps}).`,
    `"Cold": the first and second files a process checks. "Code cache": the same, with the bundle's bytecode read`,
    'back from a V8 code cache written by an earlier run (cli/launcher.ts), so nothing is compiled. "Warmed": the',
    `files checked after ${r.warmFiles} other files of the same size. "Interpreter": warmed likewise, with V8's compilers off`,
    `(\`${INTERPRETER.join(" ")}\`). Measured with a load average of ${r.loadAverage.toFixed(1)} on ${r.cores} cores: CPU is the figure to read.`,
    "",
    "| process | first file CPU | wall | second file CPU | wall |",
    "| --- | --- | --- | --- | --- |",
    row("cold", "cold"),
    row("cold, with a code cache of the bundle", "coldCodeCache"),
    row(`warmed (${r.warmFiles} files before)`, "warmed"),
    row(`warmed, interpreter only`, "warmedInterpreter"),
    "",
  ].join("\n");
}

await main();
