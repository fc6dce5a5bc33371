// `node bench/lsp-cpu.mjs OTHER [ROUNDS]`: the language-server rows of bench/compare.mjs that it runs in
// fresh servers (the start-up warm-up, the first and second 50 KB files after it, one-line edits in the
// big file), for this build and another built checkout, rounds interleaved, with the CPU time each step
// cost the server process besides its wall time: all its threads (V8 compiles and collects on its own
// threads) and its main thread alone, read from /proc (Linux). On a loaded machine the wall time of a
// step is mostly waiting for a CPU; its CPU time is not. Prints the medians side by side as Markdown.
// Writes nothing in the repository (its workload goes to .cache/bench-lsp-cpu).
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
if (!process.argv[2]) throw new Error("usage: node bench/lsp-cpu.mjs OTHER-CHECKOUT [ROUNDS]");
const builds = { base: path.resolve(process.argv[2]), mine: ROOT };
const rounds = Number(process.argv[3] ?? 5);
const EDITS = 10;
const { generate, writeWorkload } = await import(path.join(ROOT, "bench/lib/workloads.mjs"));
const { median } = await import(path.join(ROOT, "bench/lib/stats.mjs"));
const work = path.join(ROOT, ".cache", "bench-lsp-cpu");
const bigText = fs.readFileSync(writeWorkload(generate("big", 20240611), path.join(work, "big")).all, "utf8");
const uri = (name) => pathToFileURL(path.join(work, "lsp", name)).toString();

/** CPU time (ms) of the process so far: every thread, and the main thread. */
function cpuOf(pid) {
  const read = (tid) => Number(fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]) / 1e6;
  let all = 0;
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      all += read(tid);
    } catch {
      // a thread that ended meanwhile
    }
  }
  return { all, main: read(pid) };
}

/** Runs `step` and adds its wall and CPU times to `into[name]`. */
async function measured(into, name, pid, step) {
  const before = cpuOf(pid);
  const { ms } = await step();
  const after = cpuOf(pid);
  const row = (into[name] ??= { wall: [], cpu: [], main: [] });
  row.wall.push(ms);
  row.cpu.push(after.all - before.all);
  row.main.push(after.main - before.main);
}

async function round(root, into) {
  const { LspProcess } = await import(path.join(root, "bench/lib/lsp-client.mjs"));
  const { makeSmallFile } = await import(path.join(root, "bench/lib/lsp-bench.mjs"));
  const { default: launch } = await import(path.join(root, "out/protocol/launch.js"));
  const start = (warmUp) =>
    LspProcess.start([...launch.SERVER_EXEC_ARGV, path.join(root, "dist", "server.js"), "--stdio"], {
      initializationOptions: { settings: { diagnostics: { debounceMs: 0 }, logLevel: "debug" }, warmUp },
    });
  // As lsp-bench.mjs: the first two files after the warm-up, opened as soon as it is over.
  const warm = await start(true);
  try {
    await measured(into, "warm-up", warm.child.pid, async () => {
      while (!warm.logs.some((l) => l.includes("warmed up"))) await new Promise((r) => setTimeout(r, 20));
      return { ms: Number(/in (\d+) ms/.exec(warm.logs.find((l) => l.includes("warmed up")))[1]) };
    });
    await measured(into, "first file after warm-up", warm.child.pid, () => warm.open(uri("small.yaml"), makeSmallFile(bigText)));
    await measured(into, "second file after warm-up", warm.child.pid, () =>
      warm.open(uri("small-again.yaml"), makeSmallFile(bigText, 50 * 1024, 1)),
    );
  } finally {
    await warm.stop();
  }
  // As lsp-bench.mjs: a roleRef name in the middle of the big file made dangling, then restored.
  const cold = await start(false);
  try {
    await cold.open(uri("big.yaml"), bigText);
    const m = /\n {2}name: (view|edit|admin)\n/g;
    m.lastIndex = Math.floor(bigText.length / 2);
    const hit = m.exec(bigText);
    const offset = hit.index + "\n  name: ".length;
    const before = bigText.slice(0, offset);
    const line = before.split("\n").length - 1;
    const character = offset - before.lastIndexOf("\n") - 1;
    for (let i = 0; i < EDITS; i++) {
      const [from, to] = i % 2 === 0 ? [hit[1], `${hit[1]}x`] : [`${hit[1]}x`, hit[1]];
      const range = { start: { line, character }, end: { line, character: character + from.length } };
      await measured(into, "one-line edit in big file", cold.child.pid, () => cold.edit(uri("big.yaml"), i + 2, range, to));
    }
  } finally {
    await cold.stop();
  }
}

fs.mkdirSync(path.join(work, "lsp"), { recursive: true });
const samples = { base: {}, mine: {} };
for (let r = 0; r < rounds; r++)
  for (const b of r % 2 === 0 ? ["base", "mine"] : ["mine", "base"]) {
    process.stderr.write(`round ${r + 1}/${rounds}: ${b}\n`);
    await round(builds[b], samples[b]);
  }
const f = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const range = (xs) => `${f(Math.min(...xs))}–${f(Math.max(...xs))}`;
let out = `| row (ms, medians of ${rounds} rounds) | wall: ${path.basename(builds.base)} / this | CPU, all threads | CPU, main thread | CPU samples, all threads |\n| --- | --- | --- | --- | --- |\n`;
for (const [k, a] of Object.entries(samples.base)) {
  const b = samples.mine[k];
  out += `| ${k} | ${f(median(a.wall))} / ${f(median(b.wall))} | ${f(median(a.cpu))} / ${f(median(b.cpu))} | ${f(median(a.main))} / ${f(median(b.main))} | ${range(a.cpu)} / ${range(b.cpu)} |\n`;
}
process.stdout.write(out);
