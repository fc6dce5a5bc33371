// `npm run bench` (full) and `npm run bench:quick`: kube-rbac's speed and memory at cluster scale, side
// by side with the tools people use today, on the same inputs in the same run. Writes
// docs/benchmarks/results-<mode>.json, the SVG charts, and docs/benchmarks.md.
//   node bench/run.mjs [--quick] [--only engine,lsp,cluster] [--seed N]
//   node bench/run.mjs --report docs/benchmarks/results-full.json   (rewrite the report from saved results)
// Expects a build (`npm run build`: dist/ and out/); the npm scripts build first.

import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { createRequire } from "node:module";
import jsYaml from "js-yaml";
import { counts, generate, small, writeWorkload } from "./lib/workloads.mjs";
import { machineLoad, median, now } from "./lib/stats.mjs";
import { runLsp } from "./lib/lsp-bench.mjs";
import { runCluster, PEERS_DIR } from "./lib/cluster-bench.mjs";
import { writeReport } from "./lib/report.mjs";

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const WORK = path.join(ROOT, ".cache", "bench");
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const only = args.includes("--only") ? args[args.indexOf("--only") + 1].split(",") : ["engine", "lsp", "cluster"];
const seed = args.includes("--seed") ? Number(args[args.indexOf("--seed") + 1]) : 20240611;
const mode = quick ? "quick" : "full";

const P = quick
  ? {
      engineReps: 3,
      engineQueries: 200,
      lspSessions: 2,
      ylsSessions: 1,
      oursEdits: 10,
      ylsEdits: 2,
      requests: 100,
      parseReps: 3,
      snapshotReps: 3,
      changeReps: 5,
      peerReps: 3,
      clusterWorkloads: ["small", "big"],
    }
  : {
      engineReps: 5,
      engineQueries: 500,
      lspSessions: 5,
      ylsSessions: 3,
      oursEdits: 20,
      ylsEdits: 4,
      requests: 300,
      parseReps: 5,
      snapshotReps: 5,
      changeReps: 10,
      peerReps: 5,
      clusterWorkloads: ["small", "big", "huge"],
    };

const started = now();
const log = (m) => process.stderr.write(`[${((now() - started) / 1000).toFixed(0).padStart(4)} s] ${m}\n`);

/** Runs a bench/lib worker in a fresh process (--expose-gc) and parses the JSON it prints. */
function worker(file, workerArgs) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--expose-gc", path.join(ROOT, "bench", "lib", file), ...workerArgs], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (d) => (out += d));
    child.on("close", (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`${file} exited with ${code}`))));
  });
}

function engineRun(input, queries) {
  return worker("engine-worker.mjs", [input, "--queries", String(queries), "--seed", String(seed)]);
}

async function engineBench(name, files) {
  const forms = {};
  for (const [form, input] of [
    ["manifests", files.manifests],
    ["dump", files.dump],
  ]) {
    const runs = [];
    for (let i = 0; i < P.engineReps; i++) runs.push(await engineRun(input, form === "dump" && i === 0 ? P.engineQueries : 0));
    const q = runs[0].effective ? runs[0] : undefined;
    forms[form] = {
      objects: runs[0].objects,
      subjects: runs[0].subjects,
      loadMs: median(runs.map((r) => r.loadMs)),
      indexMs: median(runs.map((r) => r.indexMs)),
      loadIndexMs: median(runs.map((r) => r.loadIndexMs)),
      loadIndexCpuMs: median(runs.map((r) => r.loadIndexCpuMs)),
      heapBytes: median(runs.map((r) => r.heapBytes)),
      allSubjectsMs: median(runs.map((r) => r.allSubjectsMs)),
      runs: runs.length,
      ...(q ? { effective: q.effective, whoCan: q.whoCan, canI: q.canI } : {}),
    };
    log(
      `engine: ${name}/${form}: load+index ${forms[form].loadIndexMs.toFixed(0)} ms (CPU ${forms[form].loadIndexCpuMs.toFixed(0)} ms), heap ${(forms[form].heapBytes / 1048576).toFixed(0)} MB`,
    );
  }
  return forms;
}

/** The parse floor: js-yaml on the same text; and our own whole-file parser beside it. */
function parseFloor(text) {
  const { parseManifests } = require("../out/core/parse.js");
  const js = [];
  const ours = [];
  for (let i = 0; i < P.parseReps + 1; i++) {
    let t = now();
    jsYaml.loadAll(text);
    if (i > 0) js.push(now() - t);
    t = now();
    parseManifests(text, "bench.yaml");
    if (i > 0) ours.push(now() - t);
  }
  return { jsYamlMs: median(js), oursParseMs: median(ours) };
}

/**
 * What rbac-tool is asked: who-can about cluster-scoped resources and a non-resource URL (its who-can
 * has no namespace), and policy-rules of a control-plane user of the bootstrap policy and of the
 * workload's user named in the most bindings.
 */
function rbacToolQuestions(w, name) {
  const named = new Map();
  for (const o of w.objects)
    if (o.kind.endsWith("Binding"))
      for (const s of o.subjects ?? [])
        if (s.kind === "User" && !s.name.startsWith("system:")) named.set(s.name, (named.get(s.name) ?? 0) + 1);
  const busiest = [...named].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
  // rbac-tool reads every namespace's objects and ServiceAccounts for any question (20-30 s a run on
  // "huge"): fewer questions and runs there.
  const all = name === "small";
  return {
    questions: [
      { verb: "list", group: "", resource: "nodes" },
      ...(all ? [{ verb: "delete", group: "apiextensions.k8s.io", resource: "customresourcedefinitions" }] : []),
      ...(all ? [{ verb: "create", group: "rbac.authorization.k8s.io", resource: "clusterrolebindings" }] : []),
      ...(name === "huge" ? [] : [{ verb: "get", path: "/metrics" }]),
    ],
    users: all || !busiest ? ["system:kube-scheduler", ...(busiest ? [busiest] : [])] : [busiest],
    reps: all ? P.peerReps : Math.min(P.peerReps, 2),
  };
}

/** The workloads generated from the seed, written as manifests and dumps; their shapes go in the results. */
function writeWorkloads(results) {
  const workloads = { small: small(), big: generate("big", seed), huge: generate("huge", seed) };
  const files = {};
  for (const [name, w] of Object.entries(workloads)) {
    files[name] = writeWorkload(w, path.join(WORK, name));
    results.workloads[name] = {
      objects: w.objects.length,
      kinds: counts(w.objects),
      namespaces: w.namespaces.length,
      manifestBytes: fs.statSync(files[name].all).size,
      dumpBytes: fs.statSync(files[name].dump).size,
    };
  }

  return { workloads, files };
}

async function engineSection(results, workloads, files) {
  for (const name of Object.keys(workloads)) results.engine[name] = await engineBench(name, files[name]);
  for (const name of ["big", "huge"]) {
    results.clusterMessages[name] = await worker("cluster-message-worker.mjs", [files[name].dump, "--reps", String(P.engineReps * 2)]);
    const m = results.clusterMessages[name];
    log(`cluster messages: ${name}: whole ${(m.whole.bytes / 1e6).toFixed(1)} MB, a change ${m.change.bytes} bytes`);
  }
}

async function lspSection(results, files) {
  const bigText = fs.readFileSync(files.big.all, "utf8");
  const { makeSmallFile } = await import("./lib/lsp-bench.mjs");
  results.parse = { small: parseFloor(makeSmallFile(bigText)), big: parseFloor(bigText) };
  log(`parse floor: js-yaml 50 KB ${results.parse.small.jsYamlMs.toFixed(1)} ms, big file ${results.parse.big.jsYamlMs.toFixed(0)} ms`);
  results.lsp = await runLsp({
    workDir: WORK,
    bigFile: files.big.all,
    sessions: P.lspSessions,
    theirSessions: P.ylsSessions,
    oursEdits: P.oursEdits,
    theirEdits: P.ylsEdits,
    requests: P.requests,
    log,
  });
}

/** Whether the peers were built (bench/build-peers.sh), and from what. */
function peersBuilt() {
  const peerBuilt = fs.existsSync(path.join(PEERS_DIR, "kubectl-who-can"));
  const kubectlWhoCan = {
    version: "v0.4.0",
    built: peerBuilt,
    note: peerBuilt
      ? "built from the Go module github.com/aquasecurity/kubectl-who-can@v0.4.0 (module cache, go build)"
      : "not built: run bench/build-peers.sh",
  };
  const rbacToolBuilt = fs.existsSync(path.join(PEERS_DIR, "rbac-tool"));
  const rbacTool = {
    built: rbacToolBuilt,
    note: rbacToolBuilt
      ? "built from its published source (alcideio/rbac-tool, commit a0b8c036, 2024-10-29) with go build; its Go module is refused by the module proxy"
      : "not built: run bench/build-peers.sh",
  };

  return { kubectlWhoCan, rbacTool };
}

async function clusterSection(results, workloads) {
  for (const name of P.clusterWorkloads) {
    const w = workloads[name];
    const ns = w.namespaces.find((n) => n !== "kube-system") ?? "default";
    const questions = [
      { verb: "get", group: "", resource: "secrets", namespace: name === "small" ? "kube-system" : ns },
      { verb: "create", group: "", resource: "pods", namespace: ns },
      { verb: "list", group: "apps", resource: "deployments", namespace: ns },
      {
        verb: "delete",
        group: "rbac.authorization.k8s.io",
        resource: "rolebindings",
        namespace: name === "small" ? "kube-public" : w.namespaces[Math.floor(w.namespaces.length / 2)],
      },
    ];
    results.cluster[name] = await runCluster(w, {
      snapshotReps: P.snapshotReps,
      changeReps: P.changeReps,
      peerReps: P.peerReps,
      questions,
      rbacTool: rbacToolQuestions(w, name),
      workDir: WORK,
      log,
    });
  }
}

/** --only: the sections not run this time are the last run's, each with its own date and load. */
function keepPrevious(results, previous) {
  if (!only.includes("engine")) Object.assign(results, { engine: previous.engine, clusterMessages: previous.clusterMessages ?? {} });
  if (!only.includes("lsp")) Object.assign(results, { lsp: previous.lsp, parse: previous.parse });
  if (!only.includes("cluster")) results.cluster = previous.cluster;
  results.sections = {
    [only.join(",")]: { date: results.date, machineBefore: results.machineBefore },
    rest: {
      date: previous.sections?.rest?.date ?? previous.date,
      machineBefore: previous.sections?.rest?.machineBefore ?? previous.machineBefore,
      durationS: previous.sections?.rest?.durationS ?? previous.durationS,
    },
  };
}

async function main() {
  if (args.includes("--report")) {
    writeReport(JSON.parse(fs.readFileSync(args[args.indexOf("--report") + 1], "utf8")), ROOT);
    log("docs/benchmarks.md rewritten");
    return;
  }
  if (!fs.existsSync(path.join(ROOT, "dist", "server.js")) || !fs.existsSync(path.join(ROOT, "out", "core", "rbac-index.js"))) {
    throw new Error("Build first: npm run build (the npm bench scripts do).");
  }
  const previousFile = path.join(ROOT, "docs", "benchmarks", `results-${mode}.json`);
  // --only: the other sections are kept from the last run of the same mode.
  const previous = only.length < 3 && fs.existsSync(previousFile) ? JSON.parse(fs.readFileSync(previousFile, "utf8")) : undefined;
  const results = {
    mode,
    seed,
    date: new Date().toISOString(),
    machineBefore: await machineLoad(),
    params: P,
    workloads: {},
    engine: {},
    clusterMessages: {},
    parse: {},
    lsp: undefined,
    cluster: {},
    peers: { kubectlWhoCan: {}, rbacTool: {} },
  };
  log(`mode ${mode}; load average ${results.machineBefore.loadavg.join(" ")} on ${results.machineBefore.cpus} CPUs`);

  const { workloads, files } = writeWorkloads(results);
  log("workloads written");
  if (only.includes("engine")) await engineSection(results, workloads, files);
  if (only.includes("lsp")) await lspSection(results, files);
  results.peers = peersBuilt();
  if (only.includes("cluster")) await clusterSection(results, workloads);
  if (previous) keepPrevious(results, previous);
  results.machineAfter = await machineLoad();
  results.durationS = (now() - started) / 1000;
  if (results.sections) results.sections[only.join(",")].durationS = results.durationS;

  const outDir = path.join(ROOT, "docs", "benchmarks");
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, `results-${mode}.json`), JSON.stringify(results, null, 2) + "\n");
  writeReport(results, ROOT);
  log(`done in ${results.durationS.toFixed(0)} s: docs/benchmarks.md, docs/benchmarks/results-${mode}.json`);
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
