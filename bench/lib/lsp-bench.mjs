// Language servers over a real LSP connection (stdio): ours (dist/server.js) and the Red Hat
// yaml-language-server with a local RBAC schema, on the same files in the same run.
// Measured per fresh server process: first diagnostics of a 50 KB file and of the ~3.4 MB file (7,000+
// documents), re-diagnosis after one-line edits in the big file, completion and hover latency (ours),
// and the server's resident memory.

import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { LspProcess } from "./lsp-client.mjs";
import { median, summary } from "./stats.mjs";
import launch from "../../out/protocol/launch.js";

/** The server is started as the extension starts it (protocol/launch.ts). */
const { SERVER_EXEC_ARGV } = launch;

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const SCHEMA = path.join(ROOT, "bench", "schema", "rbac.schema.json");

/** A ~50 KB file of whole documents drawn across the big file (every kind present). */
/** 50 KB files opened one after the other in a server that has been working (median reported). */
const STEADY_FILES = 8;

export function makeSmallFile(bigText, target = 50 * 1024, first = 0) {
  const docs = bigText.split(/^---\n/m);
  const step = Math.max(1, Math.floor(docs.length / 120));
  const out = [];
  let size = 0;
  for (let i = first; i < docs.length && size < target; i += step) {
    out.push(docs[i]);
    size += docs[i].length + 4;
  }
  return out.join("---\n");
}

function lineRange(text, offset, length) {
  const before = text.slice(0, offset);
  const line = before.split("\n").length - 1;
  const character = offset - before.lastIndexOf("\n") - 1;
  return { start: { line, character }, end: { line, character: character + length } };
}

/** Offsets of interesting values: verbs, resources, kinds, role names. */
function carets(text) {
  const find = (re, n) => {
    const out = [];
    for (const m of text.matchAll(re)) {
      out.push(m.index + m[1].length + 1);
      if (out.length >= n) break;
    }
    return out;
  };
  return [
    ...find(/(\n\s+- )(?:get|list|watch|create)\n/g, 4),
    ...find(/(\n\s+- )(?:pods|secrets|deployments|configmaps)\n/g, 4),
    ...find(/(\nkind: )(?:ClusterRole|RoleBinding)\n/g, 4),
    ...find(/(\n {2}name: )[a-z]/g, 4),
  ];
}

const positionAt = (text, offset) => lineRange(text, offset, 0).start;

// Debug logging gives the server's own phase times for each check (parse/sync/check/file-level/publish).
// The sessions measure a cold server (no start-up warm-up); the warmed first file is measured on its own.
const ours = (warmUp = false) =>
  LspProcess.start([...SERVER_EXEC_ARGV, path.join(ROOT, "dist", "server.js"), "--stdio"], {
    initializationOptions: { settings: { diagnostics: { debounceMs: 0 }, logLevel: "debug" }, warmUp },
  });

/** Fresh servers for the files opened after the start-up warm-up (one sample per server, so more servers than sessions). */
const WARMED_SERVERS = 9;

/** Files opened after the first two in each warmed server, and the pause before each (as a person opens them). */
const KEPT_OPEN_FILES = 4;
const KEPT_OPEN_PAUSE_MS = 500;

/**
 * The editor starts the server when a workspace with YAML files opens, and the server warms up then
 * (server/warm-up.ts): the first two 50 KB files opened once the warm-up is done, in fresh servers, one
 * right after the other; then KEPT_OPEN_FILES more, each half a second after the last one's diagnostics,
 * all of them kept open (every file outside the workspace folder brings roles the workspace did not
 * know, so the files already open are re-checked after each).
 */
async function warmedFirstFiles(dir, smallText, otherSmallText, keptOpenTexts, servers) {
  const out = [];
  for (let i = 0; i < servers; i++) {
    const server = await ours(true);
    try {
      const t0 = Date.now();
      while (!server.logs.some((l) => l.includes("warmed up")) && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 20));
      const warmUpMs = Number(/in (\d+) ms/.exec(server.logs.find((l) => l.includes("warmed up")) ?? "")?.[1] ?? NaN);
      const first = await server.open(pathToFileURL(path.join(dir, "small.yaml")).toString(), smallText);
      const second = await server.open(pathToFileURL(path.join(dir, "small-again.yaml")).toString(), otherSmallText);
      const keptOpenMs = [];
      for (const [k, text] of keptOpenTexts.entries()) {
        await new Promise((r) => setTimeout(r, KEPT_OPEN_PAUSE_MS));
        keptOpenMs.push((await server.open(pathToFileURL(path.join(dir, `kept-open-${k}.yaml`)).toString(), text)).ms);
      }
      out.push({ ms: first.ms, secondMs: second.ms, keptOpenMs, warmUpMs });
    } finally {
      await server.stop();
    }
  }
  return out;
}

/**
 * The server-side phases (ms) of the first check of `uri` at `version` logged from `from` on, from our
 * server's debug log (later lines can be re-checks of the same version after another file changed).
 */
function phases(server, uri, version, from = 0) {
  for (let i = from; i < server.logs.length; i++) {
    const m = /checked (\S+) \(version (\d+),.*parse\/sync\/check\/file-level\/publish (\d+)\/(\d+)\/(\d+)\/(\d+)\/(\d+) ms/.exec(
      server.logs[i],
    );
    if (m && m[1] === uri && Number(m[2]) === version) return { parse: +m[3], sync: +m[4], check: +m[5], fileLevel: +m[6], publish: +m[7] };
  }
  return undefined;
}
const yls = () =>
  LspProcess.start([path.join(ROOT, "bench", "lib", "yls-no-delay.cjs"), "--stdio"], {
    settings: {
      yaml: {
        validate: true,
        hover: true,
        completion: true,
        schemas: { [pathToFileURL(SCHEMA).toString()]: "*.yaml" },
        schemaStore: { enable: false },
        kubernetesCRDStore: { enable: false },
        format: { enable: false },
        maxItemsComputed: 5000,
      },
      http: { proxy: "", proxyStrictSSL: false },
      "[yaml]": {},
      editor: {},
    },
  });

/**
 * One server session: warm-up document, 50 KB first diagnostics, optional completion/hover samples,
 * big-file first diagnostics, `edits` one-line edits. Returns raw samples.
 */
async function session(start, dir, smallText, otherSmallText, bigText, { edits, requests, steadyTexts }) {
  const server = await start();
  const uri = (name) => pathToFileURL(path.join(dir, name)).toString();
  try {
    // The same warm-up for both servers: the schema (theirs) and the code paths (both) are loaded.
    await server.open(
      uri("warmup.yaml"),
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: warm\n  namespace: dev\nrules:\n- apiGroups: [""]\n  resources: [pods]\n  verbs: [get]\n',
    );
    const mark = {};
    mark.small = server.logs.length;
    const small = await server.open(uri("small.yaml"), smallText);
    // Another 50 KB file (other documents, so no cached result applies): the second file of this server.
    await server.connection.sendNotification("textDocument/didClose", { textDocument: { uri: uri("small.yaml") } });
    mark.smallWarm = server.logs.length;
    const smallWarm = await server.open(uri("small-again.yaml"), otherSmallText);
    const completion = [];
    const reqUri = uri("small-again.yaml");
    const hover = [];
    if (requests > 0) {
      const offs = carets(otherSmallText);
      for (let i = 0; i < requests; i++) {
        const position = positionAt(otherSmallText, offs[i % offs.length]);
        completion.push((await server.request("textDocument/completion", { textDocument: { uri: reqUri }, position })).ms);
        hover.push((await server.request("textDocument/hover", { textDocument: { uri: reqUri }, position })).ms);
      }
    }
    mark.big = server.logs.length;
    const big = await server.open(uri("big.yaml"), bigText);
    // One-line edits in the middle of the big file: a roleRef name made dangling, then restored.
    const m = /\n {2}name: (view|edit|admin)\n/g;
    m.lastIndex = Math.floor(bigText.length / 2);
    const hit = m.exec(bigText);
    const name = hit[1];
    const offset = hit.index + "\n  name: ".length;
    const editSamples = [];
    let version = 1;
    for (let i = 0; i < edits; i++) {
      const [from, to] = i % 2 === 0 ? [name, `${name}x`] : [`${name}x`, name];
      const logIndex = server.logs.length;
      const r = await server.edit(uri("big.yaml"), ++version, lineRange(bigText, offset, from.length), to);
      editSamples.push({ ms: r.ms, count: r.count, version, logIndex });
    }
    // The typical case: a server that has been working for a while (the files above, the edits) gets
    // another 50 KB file, and another: each of other documents, opened and closed in turn.
    const steady = [];
    mark.steady = [];
    for (const [k, text] of steadyTexts.entries()) {
      const name = uri(`steady-${k}.yaml`);
      mark.steady.push(server.logs.length);
      steady.push((await server.open(name, text)).ms);
      await server.connection.sendNotification("textDocument/didClose", { textDocument: { uri: name } });
    }
    const memory = server.memory();
    // The debug log line follows the diagnostics: a round trip makes sure every one has arrived.
    await server.request("workspace/symbol", { query: "\u0000" }).catch(() => undefined); // yaml-language-server has none
    for (const e of editSamples) e.phases = phases(server, uri("big.yaml"), e.version, e.logIndex);
    small.phases = phases(server, uri("small.yaml"), 1, mark.small);
    smallWarm.phases = phases(server, uri("small-again.yaml"), 1, mark.smallWarm);
    big.phases = phases(server, uri("big.yaml"), 1, mark.big);
    const steadyPhases = mark.steady.map((from, k) => phases(server, uri(`steady-${k}.yaml`), 1, from));
    return { small, smallWarm, big, edits: editSamples, completion, hover, memory, steady, steadyPhases };
  } finally {
    await server.stop();
  }
}

function medianPhases(list) {
  const xs = list.filter(Boolean);
  if (xs.length === 0) return undefined;
  return Object.fromEntries(Object.keys(xs[0]).map((k) => [k, median(xs.map((p) => p[k]))]));
}

export async function runLsp({ workDir, bigFile, sessions, oursEdits, theirEdits, requests, theirSessions, log }) {
  const bigText = fs.readFileSync(bigFile, "utf8");
  const smallText = makeSmallFile(bigText);
  const otherSmallText = makeSmallFile(bigText, 50 * 1024, 1);
  const steadyTexts = Array.from({ length: STEADY_FILES }, (_, k) => makeSmallFile(bigText, 50 * 1024, 2 + k));
  const dir = path.join(workDir, "lsp");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "small.yaml"), smallText);
  const files = {
    small: { bytes: Buffer.byteLength(smallText), documents: smallText.split(/^---\n/m).length },
    big: { bytes: Buffer.byteLength(bigText), documents: bigText.split(/^---\n/m).length },
  };
  const runs = { ours: [], yls: [] };
  // Interleaved sessions, so that a busy spell on the machine hits both servers alike.
  for (let i = 0; i < Math.max(sessions, theirSessions); i++) {
    if (i < sessions) {
      log(`lsp: kube-rbac session ${i + 1}/${sessions}`);
      runs.ours.push(await session(ours, dir, smallText, otherSmallText, bigText, { edits: oursEdits, requests, steadyTexts }));
    }
    if (i < theirSessions) {
      log(`lsp: yaml-language-server session ${i + 1}/${theirSessions}`);
      runs.yls.push(await session(yls, dir, smallText, otherSmallText, bigText, { edits: theirEdits, requests: 0, steadyTexts }));
    }
  }
  const warmedServers = sessions > 1 ? WARMED_SERVERS : 1;
  log(`lsp: kube-rbac, first files after the start-up warm-up (${warmedServers} servers)`);
  const warmed = await warmedFirstFiles(dir, smallText, otherSmallText, steadyTexts.slice(0, KEPT_OPEN_FILES), warmedServers);
  const reduce = (list) =>
    list.length === 0
      ? undefined
      : {
          smallFirstDiagnosticsMs: median(list.map((r) => r.small.ms)),
          smallDiagnostics: list[0].small.count,
          smallWarmFirstDiagnosticsMs: median(list.map((r) => r.smallWarm.ms)),
          smallSteadyMs: summary(list.flatMap((r) => r.steady)),
          bigFirstDiagnosticsMs: median(list.map((r) => r.big.ms)),
          bigDiagnostics: list[0].big.count,
          editMs: summary(list.flatMap((r) => r.edits.map((e) => e.ms))),
          editDiagnostics: [...new Set(list.flatMap((r) => r.edits.map((e) => e.count)))],
          completionMs: list[0].completion.length ? summary(list.flatMap((r) => r.completion)) : undefined,
          hoverMs: list[0].hover.length ? summary(list.flatMap((r) => r.hover)) : undefined,
          rssBytes: median(list.map((r) => r.memory.rss)),
          peakRssBytes: median(list.map((r) => r.memory.peak)),
          sessions: list.length,
          phasesMs: list[0].small.phases
            ? {
                small: medianPhases(list.map((r) => r.small.phases)),
                smallWarm: medianPhases(list.map((r) => r.smallWarm.phases)),
                steady: medianPhases(list.flatMap((r) => r.steadyPhases)),
                big: medianPhases(list.map((r) => r.big.phases)),
                edit: medianPhases(list.flatMap((r) => r.edits.map((e) => e.phases))),
              }
            : undefined,
        };
  const oursReduced = reduce(runs.ours);
  if (oursReduced)
    Object.assign(oursReduced, {
      smallAfterWarmUpMs: median(warmed.map((w) => w.ms)),
      smallSecondAfterWarmUpMs: median(warmed.map((w) => w.secondMs)),
      smallKeptOpenAfterWarmUpMs: summary(warmed.flatMap((w) => w.keptOpenMs)),
      keptOpenFiles: KEPT_OPEN_FILES,
      keptOpenPauseMs: KEPT_OPEN_PAUSE_MS,
      warmedServers,
      warmUpMs: median(warmed.map((w) => w.warmUpMs)),
    });
  return { files, ours: oursReduced, yls: reduce(runs.yls) };
}
