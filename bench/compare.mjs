// `node bench/compare.mjs OTHER [ROUNDS]`: this build against another built checkout of kube-rbac (OTHER:
// its folder, e.g. an older commit extracted with `git archive` beside this one and built), in one run.
// The engine (load + index of the small and big workloads, queries) and the language server (one
// session and one warmed server per round) of each build, rounds interleaved so that a busy spell on
// the machine hits both alike; prints the medians side by side as a Markdown table. Writes nothing in
// the repository (its workloads go to .cache/bench-compare).
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
if (!process.argv[2]) throw new Error("usage: node bench/compare.mjs OTHER-CHECKOUT [ROUNDS]");
const builds = { base: path.resolve(process.argv[2]), mine: ROOT };
const rounds = Number(process.argv[3] ?? 3);
const seed = 20240611;
const { generate, small, writeWorkload } = await import(path.join(ROOT, "bench/lib/workloads.mjs"));
const { median } = await import(path.join(ROOT, "bench/lib/stats.mjs"));
const work = path.join(ROOT, ".cache", "bench-compare");
const files = {
  small: writeWorkload(small(), path.join(work, "small")),
  big: writeWorkload(generate("big", seed), path.join(work, "big")),
};
const log = (m) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${m}\n`);
const engineRun = (root, input, queries) =>
  new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--expose-gc", path.join(root, "bench/lib/engine-worker.mjs"), input, "--queries", String(queries), "--seed", String(seed)],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (d) => (out += d));
    child.on("close", (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`engine worker ${code}`))));
  });
const samples = { base: {}, mine: {} };
const add = (b, k, v) => {
  if (typeof v !== "number" || Number.isNaN(v)) return;
  (samples[b][k] ??= []).push(v);
};
for (let r = 0; r < rounds; r++) {
  for (const b of r % 2 === 0 ? ["base", "mine"] : ["mine", "base"]) {
    const root = builds[b];
    log(`round ${r + 1}/${rounds}: ${b}`);
    for (const name of ["small", "big"]) {
      for (const form of ["manifests", "dump"]) {
        const e = await engineRun(root, files[name][form], form === "dump" ? 200 : 0);
        add(b, `engine ${name}/${form} load+index ms`, e.loadIndexMs);
        add(b, `engine ${name}/${form} heap MB`, e.heapBytes / 1048576);
        if (e.effective) {
          add(b, `engine ${name} effective p50 ms`, e.effective.p50);
          add(b, `engine ${name} who-can p50 ms`, e.whoCan.p50);
          add(b, `engine ${name} can-i p50 ms`, e.canI.p50);
        }
      }
    }
    const { runLsp } = await import(path.join(root, "bench/lib/lsp-bench.mjs"));
    const res = await runLsp({
      workDir: path.join(work, `lsp-${b}`),
      bigFile: files.big.all,
      sessions: 1,
      theirSessions: 0,
      oursEdits: 10,
      theirEdits: 0,
      requests: 50,
      log,
    });
    const o = res.ours;
    add(b, "lsp 50 KB first diagnostics (cold) ms", o.smallFirstDiagnosticsMs);
    add(b, "lsp 50 KB second file (cold) ms", o.smallWarmFirstDiagnosticsMs);
    add(b, "lsp 50 KB at work p50 ms", o.smallSteadyMs?.p50);
    add(b, "lsp big file first diagnostics ms", o.bigFirstDiagnosticsMs);
    add(b, "lsp one-line edit in big file p50 ms", o.editMs?.p50);
    add(b, "lsp completion p50 ms", o.completionMs?.p50);
    add(b, "lsp hover p50 ms", o.hoverMs?.p50);
    add(b, "lsp first file after warm-up ms", o.smallAfterWarmUpMs);
    add(b, "lsp second file after warm-up ms", o.smallSecondAfterWarmUpMs);
    add(b, "lsp files 3-6 after warm-up p50 ms", o.smallKeptOpenAfterWarmUpMs?.p50);
    add(b, "lsp warm-up ms", o.warmUpMs);
    add(b, "lsp RSS MB", o.rssBytes / 1048576);
  }
}
const rows = Object.keys(samples.base);
let out = `| row | ${path.basename(builds.base)} (median of ${rounds}) | this build (median of ${rounds}) | samples: other / this |\n| --- | ---: | ---: | --- |\n`;
const f = (x) => (x === undefined ? "–" : x >= 100 ? x.toFixed(0) : x.toFixed(1));
for (const k of rows)
  out += `| ${k} | ${f(median(samples.base[k]))} | ${f(median(samples.mine[k] ?? []))} | ${samples.base[k].map(f).join(", ")} / ${(samples.mine[k] ?? []).map(f).join(", ")} |\n`;
process.stdout.write(out);
