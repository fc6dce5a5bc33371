// `node bench/charts.mjs`: charts in the editor and on the command line.
// 1. In-place check of a 50 KB Helm template in a language server at work (target ≤ 30 ms), next to a plain
//    file of the same size (the template's own helm rendering) in the same conditions: servers for the
//    template and for the plain file are started in turn (SERVER_ROUNDS of each); and the CPU of the same
//    read and check in this process, through the server's check service and template reader (no messages),
//    template and plain file in turn as well.
// 2. Render and map of the ingress-nginx chart (helm template, then checks and placement on template lines)
//    against `helm template` alone on the same chart (target ≤ 1.5×).
// Writes docs/benchmarks/results-charts.json and docs/benchmarks/charts.md (docs/benchmarks.md includes it);
// `--markdown` rewrites charts.md alone from the saved results.
// Expects a build (`npm run build`: out/ and dist/); builds the pinned helm when it is missing.

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { LspProcess } from "./lib/lsp-client.mjs";
import { median, now } from "./lib/stats.mjs";

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const CORPUS = process.env.KUBE_RBAC_CORPUS ?? path.resolve(ROOT, "..", "shared", "corpus");
const CHARTS = path.join(CORPUS, "charts");
const log = (m) => process.stderr.write(`${m}\n`);

for (const [file, what] of [
  [path.join(ROOT, "out", "protocol", "launch.js"), "`npm run build` first (out/)"],
  [path.join(ROOT, "dist", "server.js"), "`npm run build` first (dist/server.js)"],
  [CHARTS, "the corpus (set KUBE_RBAC_CORPUS to its folder)"],
]) {
  if (!fs.existsSync(file)) {
    log(`bench/charts.mjs: ${path.relative(ROOT, file) || file} is missing: ${what}.`);
    process.exit(1);
  }
}

const { default: launch } = await import(pathToFileURL(path.join(ROOT, "out", "protocol", "launch.js")).href);
const { renderChart } = require(path.join(ROOT, "out", "render", "helm.js"));
const { renderedFindings } = require(path.join(ROOT, "out", "render", "findings.js"));
const { CheckService, orderedFindings, publishFile } = require(path.join(ROOT, "out", "core", "service", "check-service.js"));
const { TemplateReader } = require(path.join(ROOT, "out", "core", "service", "template-reader.js"));
const { WorkspaceModel } = require(path.join(ROOT, "out", "core", "service", "workspace.js"));
const { builtInCatalog } = require(path.join(ROOT, "out", "core", "catalog", "index.js"));

/** Servers started for the template, and as many for the plain file, in turn. */
const SERVER_ROUNDS = 3;
/** Files opened by each server, and the last ones measured. */
const SERVER_FILES = 40;
const SERVER_MEASURED = 20;
/** In-process rounds for each text, in turn; files read and checked per round, and the last ones measured. */
const PROCESS_ROUNDS = 3;
const PROCESS_FILES = 60;
const PROCESS_MEASURED = 40;

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

/**
 * In one server that has been working: the first diagnostics of each file opened in turn (the last
 * `measured`), then, in the last file kept open, the diagnostics after each of as many edits of its first
 * line (the last `measured`): what a file costs when it is opened, and when it is edited.
 */
async function inServer(texts, measured) {
  const server = await LspProcess.start([...launch.SERVER_EXEC_ARGV, path.join(ROOT, "dist", "server.js"), "--stdio"], {
    initializationOptions: { settings: { diagnostics: { debounceMs: 0 } }, warmUp: false },
  });
  const uriOf = (name) => pathToFileURL(path.join(ROOT, ".cache", "bench", `${name}.yaml`)).toString();
  try {
    const opened = [];
    for (const [i, text] of texts.entries()) {
      const uri = uriOf(`chart-${i}`);
      const r = await server.open(uri, text);
      await server.connection.sendNotification("textDocument/didClose", { textDocument: { uri } });
      if (i >= texts.length - measured) opened.push(r.ms);
    }
    const edited = [];
    const uri = uriOf("chart-edited");
    let first = texts[0].slice(0, texts[0].indexOf("\n"));
    await server.open(uri, texts[0]);
    for (let i = 0; i < texts.length; i++) {
      const line = `# edit ${i}`;
      const r = await server.edit(uri, i + 2, { start: { line: 0, character: 0 }, end: { line: 0, character: first.length } }, line);
      first = line;
      if (i >= texts.length - measured) edited.push(r.ms);
    }
    return { opened, edited };
  } finally {
    await server.stop();
  }
}

/** CPU of reading and checking each text in turn in this process, as the server does (the last `measured`). */
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
  return ms;
}

/** Each of `rounds` versions of a text, made different so no cache answers (a comment line first). */
const variants = (text, rounds) => Array.from({ length: rounds }, (_, i) => `# round ${i}\n${text}`);

async function main() {
  const loadAtStart = os.loadavg()[0];
  const template = bigTemplate();
  const rendered = renderChart(tools.helm, path.join(CHARTS, "cert-manager"), {}).stdout;
  const plain =
    rendered.length >= template.length ? rendered.slice(0, rendered.indexOf("\n---", template.length) + 1 || undefined) : rendered;
  log(`template ${template.length} bytes, plain ${plain.length} bytes`);
  // Template and plain file in turn, so that a change in the machine's load weighs on both alike.
  const server = { template: [], plain: [], templateEdit: [], plainEdit: [] };
  for (let r = 0; r < SERVER_ROUNDS; r++) {
    const t = await inServer(variants(template, SERVER_FILES), SERVER_MEASURED);
    const p = await inServer(variants(plain, SERVER_FILES), SERVER_MEASURED);
    server.template.push(...t.opened);
    server.templateEdit.push(...t.edited);
    server.plain.push(...p.opened);
    server.plainEdit.push(...p.edited);
  }
  const templateMs = median(server.template);
  const plainMs = median(server.plain);
  log(`in a server at work, opened: template ${templateMs.toFixed(1)} ms, plain ${plainMs.toFixed(1)} ms`);
  const editMs = median(server.templateEdit);
  const plainEditMs = median(server.plainEdit);
  log(`in a server at work, first line edited: template ${editMs.toFixed(1)} ms, plain ${plainEditMs.toFixed(1)} ms`);
  const cpu = { template: [], plain: [] };
  for (let r = 0; r < PROCESS_ROUNDS; r++) {
    cpu.template.push(...inProcess(variants(template, PROCESS_FILES), PROCESS_MEASURED));
    cpu.plain.push(...inProcess(variants(plain, PROCESS_FILES), PROCESS_MEASURED));
  }
  const templateCpuMs = median(cpu.template);
  const plainCpuMs = median(cpu.plain);
  log(`in process, CPU per file: template ${templateCpuMs.toFixed(2)} ms, plain ${plainCpuMs.toFixed(2)} ms`);

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
    // Other work on the machine slows every figure alike: the plain file in the same conditions is the yardstick.
    loadAverage: loadAtStart,
    loadAverageEnd: os.loadavg()[0],
    cores: os.cpus().length,
    template: {
      bytes: template.length,
      medianMs: templateMs,
      plainBytes: plain.length,
      plainMedianMs: plainMs,
      editMs,
      plainEditMs,
      cpuMs: templateCpuMs,
      plainCpuMs,
      servers: SERVER_ROUNDS,
      files: server.template.length,
      cpuFiles: cpu.template.length,
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
  const load =
    r.loadAverageEnd === undefined
      ? r.loadAverage.toFixed(1)
      : `${r.loadAverage.toFixed(1)} at the start and ${r.loadAverageEnd.toFixed(1)} at the end`;
  const servers = t.servers ?? 1;
  const ms = (v) => (v < 1 ? v.toFixed(2) : v.toFixed(1));
  return [
    "## Charts",
    "",
    `\`node bench/charts.mjs\` (after \`npm run build\`). A server at work: one language server process opens ${SERVER_FILES} files`,
    `in turn (each closed after its diagnostics) and the last ${SERVER_MEASURED} are measured, then keeps one more open and edits its first`,
    `line ${SERVER_FILES} times (the last ${SERVER_MEASURED} measured); ${servers} ${servers === 1 ? "server" : "servers"} for the template and as`,
    "many for the plain file, started in turn, and the median of all their measured files is reported. In process: the",
    `same read and check through the server's check service and template reader (no messages), ${PROCESS_ROUNDS} rounds of ${PROCESS_FILES} files`,
    `for each text in turn, the median of the last ${PROCESS_MEASURED} of each round. Every file has a new first line, as an edit at the top would.`,
    `Measured with a load average of ${load} on ${r.cores} cores (the machine may be shared): the plain file of about`,
    "the same size, in the same conditions, is the yardstick for the template.",
    "",
    "| what | measured | target | met |",
    "| --- | --- | --- | --- |",
    `| In-place check of a ${kb(t.bytes)} Helm template (the four charts' RBAC templates), first diagnostics in a server at work | ${t.medianMs.toFixed(1)} ms | ≤ 30 ms | ${t.medianMs <= 30 ? "yes" : "**no**"} |`,
    `| The same for a plain file of ${kb(t.plainBytes)} (cert-manager rendered), same conditions | ${t.plainMedianMs.toFixed(1)} ms (template ${(t.medianMs / t.plainMedianMs).toFixed(2)}×) | – | – |`,
    ...(t.editMs === undefined
      ? []
      : [
          `| The template open, its first line edited: diagnostics in a server at work | ${t.editMs.toFixed(1)} ms | – | – |`,
          `| The same for the plain file | ${t.plainEditMs.toFixed(1)} ms (template ${(t.editMs / t.plainEditMs).toFixed(2)}×) | – | – |`,
        ]),
    ...(t.cpuMs === undefined
      ? []
      : [
          `| The template's read and check in process, CPU per file | ${ms(t.cpuMs)} ms | – | – |`,
          `| The same for the plain file | ${ms(t.plainCpuMs)} ms | – | – |`,
        ]),
    `| ingress-nginx: helm template + checks + placement on template lines, against helm template alone (${n.helmMs.toFixed(0)} ms; medians of 7) | ${n.renderAndMapMs.toFixed(0)} ms (${n.ratio.toFixed(2)}×) | ≤ 1.5× | ${n.ratio <= 1.5 ? "yes" : "**no**"} |`,
    "",
  ].join("\n");
}

if (process.argv.includes("--markdown")) {
  // Only the section, again, from the saved results (after a change to its wording).
  const saved = JSON.parse(fs.readFileSync(path.join(ROOT, "docs", "benchmarks", "results-charts.json"), "utf8"));
  fs.writeFileSync(path.join(ROOT, "docs", "benchmarks", "charts.md"), markdown(saved));
} else await main();
