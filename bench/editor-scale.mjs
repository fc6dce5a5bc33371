// `npm run bench:editor`: the Effective Permissions view at cluster scale, in a real editor. Starts the
// test API server, loads a workload (big, huge), and measures in code-server + headless Chromium, a fresh
// editor per session: the view's first level, a cluster change until the view shows it, filtering, the
// largest namespace expanded, and the extension host's memory. Saves docs/benchmarks/editor-scale.json
// and rewrites docs/benchmarks.md from the saved results (its editor section reads that file).
//   node bench/editor-scale.mjs [--quick] [--workloads big,huge] [--sessions N] [--changes N]
//                               [--server-dir DIR]   (keep the loaded server's data there, reuse it next time)
// --quick: the big workload, 2 sessions. Expects a build (`npm run build`).
import * as fs from "node:fs";
import * as path from "node:path";
import { ensureInstalled, launchBrowser } from "../scripts/lib/code-server.mjs";
import { editorSession, removeLeftovers } from "./lib/editor-scale.mjs";
import { loadedServer } from "./lib/editor-scale-server.mjs";
import { summarize } from "./lib/editor-scale-summary.mjs";
import { writeReport } from "./lib/report.mjs";
import { machineLoad } from "./lib/stats.mjs";
import { generate } from "./lib/workloads.mjs";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const RESULTS = path.join(ROOT, "docs", "benchmarks", "editor-scale.json");
const args = process.argv.slice(2);
const opt = (f) => (args.includes(f) ? args[args.indexOf(f) + 1] : undefined);
const quick = args.includes("--quick");
const workloads = (opt("--workloads") ?? (quick ? "big" : "big,huge")).split(",");
const sessions = Number(opt("--sessions") ?? (quick ? 2 : 3));
const changes = Number(opt("--changes") ?? (quick ? 3 : 5));
const serverDir = opt("--server-dir") ? path.resolve(opt("--server-dir")) : undefined;
const seed = 20240611;

const started = Date.now();
const log = (m) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${m}\n`);

/** What a session does on this workload: whom to filter to, which namespace to expand. */
function planFor(w, pageSize = 500) {
  const perNamespace = new Map();
  let filterUser;
  for (const o of w.objects) {
    if (!o.kind.endsWith("Binding")) continue;
    for (const s of o.subjects ?? []) {
      if (s.kind === "User" && !s.name.startsWith("system:")) filterUser ??= s.name;
      if (s.kind !== "ServiceAccount") continue;
      const ns = s.namespace ?? o.metadata.namespace;
      (perNamespace.get(ns) ?? perNamespace.set(ns, new Set()).get(ns)).add(s.name);
    }
  }
  // The view lists namespaces sorted and shows the first page: the largest namespace on it.
  const shown = [...perNamespace.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).slice(0, pageSize);
  const namespace = shown.reduce((best, ns) => (perNamespace.get(ns).size > perNamespace.get(best).size ? ns : best), shown[0]);
  return { filterUser, namespace, namespaceSubjects: perNamespace.get(namespace).size, changes, changeNamespace: "default" };
}

async function runWorkload(name, browser) {
  const w = generate(name, seed);
  const plan = planFor(w);
  const cluster = await loadedServer(w, { serverDir: serverDir && path.join(serverDir, `server-${name}`), log });
  const runs = [];
  try {
    await removeLeftovers(cluster.admin, plan.changeNamespace);
    for (let i = 0; i < sessions; i++) {
      log(`editor-scale: ${name}: session ${i + 1}/${sessions}`);
      const machine = await machineLoad();
      const run = await editorSession(browser, { kubeconfig: cluster.server.kubeconfig("admin"), admin: cluster.admin, plan, log });
      runs.push({ ...run, loadavg: machine.loadavg });
    }
  } finally {
    await cluster.stop();
  }
  const { reused: _reused, ...load } = cluster.load;
  return { objects: w.objects.length, namespaces: w.namespaces.length, plan, load, sessions: runs, ...summarize(runs) };
}

async function main() {
  if (!fs.existsSync(path.join(ROOT, "dist", "client.js"))) throw new Error("Build first: npm run build (npm run bench:editor does).");
  ensureInstalled();
  const previous = fs.existsSync(RESULTS) ? JSON.parse(fs.readFileSync(RESULTS, "utf8")) : { workloads: {} };
  const machineBefore = await machineLoad();
  log(`load average ${machineBefore.loadavg.join(" ")} on ${machineBefore.cpus} CPUs`);
  const browser = await launchBrowser();
  const measured = {};
  try {
    for (const name of workloads)
      measured[name] = { date: new Date().toISOString(), mode: quick ? "quick" : "full", ...(await runWorkload(name, browser)) };
  } finally {
    await browser.close().catch(() => undefined);
  }
  const results = { seed, machine: machineBefore, machineAfter: await machineLoad(), workloads: { ...previous.workloads, ...measured } };
  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  fs.writeFileSync(RESULTS, JSON.stringify(results, null, 2) + "\n");
  const full = path.join(ROOT, "docs", "benchmarks", "results-full.json");
  if (fs.existsSync(full)) writeReport(JSON.parse(fs.readFileSync(full, "utf8")), ROOT);
  log(`done: ${path.relative(ROOT, RESULTS)}${fs.existsSync(full) ? ", docs/benchmarks.md" : ""}`);
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
