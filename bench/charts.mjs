// `node bench/charts.mjs`: charts in the editor and on the command line.
// 1. In-place check of a 50 KB Helm template in a language server at work (target ≤ 30 ms), next to a plain
//    file of the same size (the template's own helm rendering) in the same server; and the CPU of the same
//    read and check in this process, through the server's check service and template reader (no messages).
// 2. Render and map of the ingress-nginx chart (helm template, then checks and placement on template lines)
//    against `helm template` alone on the same chart (target ≤ 1.5×).
// Writes docs/benchmarks/results-charts.json and docs/benchmarks/charts.md (docs/benchmarks.md includes it).
// Expects a build (`npm run build`) and the pinned helm (`npm run build:tools`).

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { LspProcess } from "./lib/lsp-client.mjs";
import { median, now } from "./lib/stats.mjs";
import launch from "../out/protocol/launch.js";

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const CORPUS = process.env.KUBE_RBAC_CORPUS ?? path.resolve(ROOT, "..", "shared", "corpus");
const CHARTS = path.join(CORPUS, "charts");
const { renderChart } = require(path.join(ROOT, "out", "render", "helm.js"));
const { renderedFindings } = require(path.join(ROOT, "out", "render", "findings.js"));
const { CheckService, orderedFindings, publishFile } = require(path.join(ROOT, "out", "core", "service", "check-service.js"));
const { TemplateReader } = require(path.join(ROOT, "out", "core", "service", "template-reader.js"));
const { WorkspaceModel } = require(path.join(ROOT, "out", "core", "service", "workspace.js"));
const { builtInCatalog } = require(path.join(ROOT, "out", "core", "catalog", "index.js"));
const log = (m) => process.stderr.write(`${m}\n`);

const tools = Object.fromEntries(
  execFileSync("bash", [path.join(ROOT, "scripts", "build-tools.sh")], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((l) => l.split(" ")),
);

/** The RBAC templates of the four charts, concatenated (each a document or more) to about `target` bytes. */
function bigTemplate(target = 50 * 1024) {
  const files = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.yaml$/.test(e.name) && /kind: (Cluster)?Role/.test(fs.readFileSync(p, "utf8"))) files.push(p);
    }
  };
  for (const c of fs.readdirSync(CHARTS).sort()) walk(path.join(CHARTS, c, "templates"));
  const parts = [];
  let size = 0;
  for (let i = 0; size < target; i++) {
    const t = fs.readFileSync(files[i % files.length], "utf8").trimEnd();
    parts.push(t);
    size += t.length + 5;
  }
  return parts.join("\n---\n") + "\n";
}

/** First diagnostics of each file opened in turn in one server that has been working (median of the last `measured`). */
async function inServer(texts, measured) {
  const server = await LspProcess.start([...launch.SERVER_EXEC_ARGV, path.join(ROOT, "dist", "server.js"), "--stdio"], {
    initializationOptions: { settings: { diagnostics: { debounceMs: 0 } }, warmUp: false },
  });
  try {
    const ms = [];
    for (const [i, text] of texts.entries()) {
      const uri = pathToFileURL(path.join(ROOT, ".cache", "bench", `chart-${i}.yaml`)).toString();
      const r = await server.open(uri, text);
      await server.connection.sendNotification("textDocument/didClose", { textDocument: { uri } });
      if (i >= texts.length - measured) ms.push(r.ms);
    }
    return median(ms);
  } finally {
    await server.stop();
  }
}

/** CPU of reading and checking each text in turn in this process, as the server does (median of the last `measured`). */
function inProcess(texts, measured) {
  const service = new CheckService(() => new TemplateReader());
  const workspace = new WorkspaceModel();
  const inputs = { catalog: builtInCatalog(), workspace, version: "" };
  const uri = pathToFileURL(path.join(ROOT, ".cache", "bench", "chart-in-process.yaml")).toString();
  const ms = [];
  for (const [i, text] of texts.entries()) {
    const t0 = process.cpuUsage();
    const file = service.parse(text, uri);
    publishFile(workspace, uri, file);
    orderedFindings(service.check(file, inputs));
    const t = process.cpuUsage(t0);
    if (i >= texts.length - measured) ms.push((t.user + t.system) / 1000);
  }
  return median(ms);
}

/** Each of `rounds` versions of a text, made different so no cache answers (a comment line first). */
const variants = (text, rounds) => Array.from({ length: rounds }, (_, i) => `# round ${i}\n${text}`);

async function main() {
  const template = bigTemplate();
  const rendered = renderChart(tools.helm, path.join(CHARTS, "cert-manager"), {}).stdout;
  const plain =
    rendered.length >= template.length ? rendered.slice(0, rendered.indexOf("\n---", template.length) + 1 || undefined) : rendered;
  log(`template ${template.length} bytes, plain ${plain.length} bytes`);
  const templateMs = await inServer([...variants(template, 20)], 10);
  const plainMs = await inServer([...variants(plain, 20)], 10);
  log(`in a server at work: template ${templateMs.toFixed(1)} ms, plain ${plainMs.toFixed(1)} ms`);
  const templateCpuMs = inProcess(variants(template, 60), 40);
  const plainCpuMs = inProcess(variants(plain, 60), 40);
  log(`in process, CPU per file: template ${templateCpuMs.toFixed(1)} ms, plain ${plainCpuMs.toFixed(1)} ms`);

  const chart = path.join(CHARTS, "ingress-nginx");
  const helmMs = [];
  const pipelineMs = [];
  for (let i = 0; i < 7; i++) {
    let t0 = now();
    renderChart(tools.helm, chart, {});
    helmMs.push(now() - t0);
    t0 = now();
    const run = renderChart(tools.helm, chart, {});
    renderedFindings(chart, run.stdout, "values.yaml");
    pipelineMs.push(now() - t0);
  }
  const results = {
    date: new Date().toISOString(),
    // Other work on the machine slows every figure alike: the plain file in the same server is the yardstick.
    loadAverage: os.loadavg()[0],
    cores: os.cpus().length,
    template: {
      bytes: template.length,
      medianMs: templateMs,
      plainBytes: plain.length,
      plainMedianMs: plainMs,
      cpuMs: templateCpuMs,
      plainCpuMs,
    },
    ingressNginx: { helmMs: median(helmMs), renderAndMapMs: median(pipelineMs), ratio: median(pipelineMs) / median(helmMs) },
  };
  log(JSON.stringify(results, null, 2));
  fs.mkdirSync(path.join(ROOT, "docs", "benchmarks"), { recursive: true });
  fs.writeFileSync(path.join(ROOT, "docs", "benchmarks", "results-charts.json"), JSON.stringify(results, null, 2) + "\n");
  fs.writeFileSync(path.join(ROOT, "docs", "benchmarks", "charts.md"), markdown(results));
}

function markdown(r) {
  const t = r.template;
  const n = r.ingressNginx;
  const kb = (b) => `${(b / 1024).toFixed(0)} KB`;
  return [
    "## Charts",
    "",
    "`node bench/charts.mjs` (after `npm run build` and `npm run build:tools`). A server at work: one language server",
    "process opens 20 files in turn (each closed after its diagnostics); the median of the last 10 is reported.",
    `Measured with a load average of ${r.loadAverage.toFixed(1)} on ${r.cores} cores (the machine was shared): the plain file of`,
    "about the same size, in the same server and conditions, is the yardstick for the template.",
    "",
    "| what | measured | target | met |",
    "| --- | --- | --- | --- |",
    `| In-place check of a ${kb(t.bytes)} Helm template (the four charts' RBAC templates), first diagnostics in a server at work | ${t.medianMs.toFixed(1)} ms | ≤ 30 ms | ${t.medianMs <= 30 ? "yes" : "**no**"} |`,
    `| The same for a plain file of ${kb(t.plainBytes)} (cert-manager rendered), same conditions | ${t.plainMedianMs.toFixed(1)} ms | – | – |`,
    ...(t.cpuMs === undefined
      ? []
      : [
          `| The template's read and check in process, CPU per file (median of the last 40 of 60, each with a new first line) | ${t.cpuMs.toFixed(1)} ms | – | – |`,
          `| The same for the plain file | ${t.plainCpuMs.toFixed(1)} ms | – | – |`,
        ]),
    `| ingress-nginx: helm template + checks + placement on template lines, against helm template alone (${n.helmMs.toFixed(0)} ms; medians of 7) | ${n.renderAndMapMs.toFixed(0)} ms (${n.ratio.toFixed(2)}×) | ≤ 1.5× | ${n.ratio <= 1.5 ? "yes" : "**no**"} |`,
    "",
  ].join("\n");
}

await main();
