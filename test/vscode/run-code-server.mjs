#!/usr/bin/env node
// `npm run test:vscode`: runs the in-editor mocha suite inside a real VS Code (code-server + headless
// Chromium via playwright-core), then a UI pass that takes screenshots (into a temporary folder: tests
// never rewrite tracked files). Exits non-zero on any failure; the last line is "N passed, N failed" from
// the in-host mocha results.
// Options: --no-build, --no-ui, --grep <text>, --timeout <seconds>; --images <dir> puts the screenshots
// there, and --ui-only skips the suite (`npm run screenshots` refreshes the README's images with both).
// --installed: the extension as users get it. The .vsix is packaged (scripts/package.mjs), installed with
// `code-server --install-extension`, and the part of the suite that proves it works (activation, the
// diagnostics of a manifest, the tree on the example snapshot, the repository configuration) runs against
// that installed copy, not this folder. (The test host is an empty extension that only carries the tests.)
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  build,
  CODE_SERVER,
  copyWorkspace,
  ensureInstalled,
  freePort,
  launchBrowser,
  makeUserData,
  ROOT,
  startCodeServer,
  workbenchUrl,
} from "../../scripts/lib/code-server.mjs";
import { uiPass } from "./ui-pass.mjs";

const argv = process.argv.slice(2);
const flag = (f) => argv.includes(f);
const opt = (f) => (argv.includes(f) ? argv[argv.indexOf(f) + 1] : undefined);
const timeoutMs = Number(opt("--timeout") ?? 900) * 1000;
const uiOnly = flag("--ui-only");

/** The suites that run against the installed package. */
const INSTALLED_GREP = "^(language features|permissions tree over the example snapshot|repository configuration) ";

const started = Date.now();
ensureInstalled();
if (!flag("--no-build")) build();

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-test-vscode-"));
const resultFile = path.join(scratch, "result.json");
const hostLog = path.join(scratch, "host.log");
const workspace = copyWorkspace();
const userData = makeUserData();
const installed = flag("--installed") ? installPackage() : undefined;
const port = await freePort();
// An empty HOME and a missing KUBECONFIG: the extension starts on its example snapshot, and nothing of
// the machine's own kubeconfig is read.
const home = path.join(scratch, "home");
fs.mkdirSync(home);
const imagesDir = path.resolve(opt("--images") ?? path.join(scratch, "images"));
const secretsFile = path.join(scratch, "secrets.jsonl");
const env = {
  HOME: home,
  KUBECONFIG: path.join(home, "no-kubeconfig"),
  KUBE_RBAC_TEST_RESULT: resultFile,
  KUBE_RBAC_TEST_SECRETS: secretsFile,
  // Where the extension under test must run from (the suite checks it).
  KUBE_RBAC_TEST_EXTENSION_PATH: installed?.extensionPath ?? ROOT,
  ...(opt("--grep") || installed ? { KUBE_RBAC_TEST_GREP: opt("--grep") ?? INSTALLED_GREP } : {}),
};
const server = await startCodeServer({ port, userData, folder: workspace, env, log: (s) => fs.appendFileSync(hostLog, s) });

let report;
let uiResults = [];
let browser;
try {
  browser = await launchBrowser();
  if (!uiOnly) report = await runSuite(browser);
  // A second copy: a fresh workspace, so the editors the suite left open are not restored.
  if (!flag("--no-ui") && !installed) {
    uiResults = await uiPass(browser, { base: server.url, port, workspace: copyWorkspace(), userData, imagesDir, debugDir: scratch });
    uiResults.push(demoCheck());
  }
} catch (e) {
  console.error(`test:vscode: ${e instanceof Error ? e.message : String(e)}`);
} finally {
  await browser?.close().catch(() => undefined);
  await server.stop();
}

// The full suite hands the extension credentials to look for; the installed-package part hands none.
const leaks = report && !installed ? searchForSecrets() : { ok: true, text: "" };
const failedUi = uiResults.filter((r) => !r.ok);
if (report) {
  for (const t of report.tests.filter((t) => t.state === "failed")) console.log(`\nFAILED ${t.title}\n${t.error}`);
  console.log(
    `\nin-host suite: ${report.passed} passed, ${report.failed} failed, ${report.pending} pending in ${(report.durationMs / 1000).toFixed(1)} s`,
  );
}
if (leaks.text) console.log(leaks.text);
for (const r of uiResults)
  console.log(
    `ui: ${r.ok ? "ok  " : "FAIL"} ${r.name}${r.file ? ` → ${r.file.startsWith(ROOT) ? path.relative(ROOT, r.file) : r.file}` : ""}${r.error ? `: ${r.error}` : ""}`,
  );
console.log(`total ${((Date.now() - started) / 1000).toFixed(1)} s; logs in ${scratch}`);
const passed = report?.passed ?? 0;
const failed = (report ? report.failed : uiOnly ? 0 : 1) + (leaks.ok ? 0 : 1);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || failedUi.length > 0 || (!report && !uiOnly) ? 1 : 0);

/** Runs the in-host mocha suite in the workbench; returns its report. */
async function runSuite(browser) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on("console", (m) => {
    const text = m.text();
    fs.appendFileSync(hostLog, `[console.${m.type()}] ${text}\n`);
    if (/^\s*(✔|✓|\d+\) |[0-9]+ passing|[0-9]+ failing)/.test(text) || /passed, \d+ failed$/.test(text)) process.stdout.write(`${text}\n`);
  });
  const url = workbenchUrl(server.url, port, workspace, {
    extensionPath: installed?.testHost ?? ROOT,
    testsPath: path.join(ROOT, "out", "test", "vscode", "suite", "index.js"),
  });
  const t0 = Date.now();
  await page.goto(url);
  await page.waitForSelector(".monaco-workbench", { timeout: 60_000 });
  console.log(`workbench loaded in ${Date.now() - t0} ms; running the suite in the extension host…`);
  // The suite writes its report under another name and renames it: once the name appears, it is complete.
  await fileAppears(resultFile, timeoutMs, `no test result after ${timeoutMs / 1000} s (host log: ${hostLog})`);
  await page.close();
  return JSON.parse(fs.readFileSync(resultFile, "utf8"));
}

/** Resolves when `file` exists (watching its folder), rejects with `message` after `ms`. */
function fileAppears(file, ms, message) {
  return new Promise((resolve, reject) => {
    const watcher = fs.watch(path.dirname(file), () => {
      if (fs.existsSync(file)) done();
    });
    const timer = setTimeout(() => done(new Error(message)), ms);
    function done(error) {
      clearTimeout(timer);
      watcher.close();
      if (error) reject(error);
      else resolve();
    }
    if (fs.existsSync(file)) done();
  });
}

/**
 * The credentials the suite gave the extension (suite/helpers.ts recordSecrets) must appear in none of the
 * editor's logs: the extension host's, the kube-rbac output channel (which carries the language server's
 * log), the other output channels, and the browser console.
 */
function searchForSecrets() {
  const secrets = fs.existsSync(secretsFile)
    ? [
        ...new Set(
          fs
            .readFileSync(secretsFile, "utf8")
            .split("\n")
            .filter(Boolean)
            .map((l) => JSON.parse(l)),
        ),
      ]
    : [];
  const files = [hostLog, ...walk(path.join(userData, "data", "logs"))].filter((f) => fs.existsSync(f));
  let chars = 0;
  const found = [];
  for (const f of files) {
    const text = fs.readFileSync(f, "utf8");
    chars += text.length;
    for (const s of secrets)
      if (text.includes(s))
        found.push(`${f === hostLog ? "browser console" : path.relative(userData, f)} holds secret #${secrets.indexOf(s) + 1}`);
  }
  const outputChannel = files.filter((f) => /kube-rbac\.log$/.test(f)).length;
  if (secrets.length === 0) return { ok: false, text: "secrets: the suite recorded no credential to search for" };
  const summary = `secrets: searched ${files.length} log files (${outputChannel} of them the kube-rbac output channel; ${chars} characters) for ${secrets.length} credentials: ${found.length === 0 ? "none found" : `FOUND\n  ${found.join("\n  ")}`}`;
  return { ok: found.length === 0, text: summary };
}

/** `npm run demo -- --check`: the demo loads dark, and an edit saved in it leaves the repository's git status as it was. */
function demoCheck() {
  const r = spawnSync(process.execPath, [path.join(ROOT, "scripts", "demo.mjs"), "--check", "--no-build"], { cwd: ROOT, encoding: "utf8" });
  const out = `${r.stdout ?? ""}${r.stderr ?? ""}`.trim().split("\n");
  return r.status === 0
    ? { name: "the demo runs on a copy: git status unchanged after an edit", ok: true }
    : { name: "the demo runs on a copy: git status unchanged after an edit", ok: false, error: out.slice(-3).join(" ") };
}

function walk(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.isFile() ? [path.join(dir, e.name)] : []));
}

/** Packages the extension and installs the .vsix into the user-data folder's extensions; returns where it is. */
function installPackage() {
  const vsix = path.join(scratch, "kube-rbac.vsix");
  const pack = spawnSync(process.execPath, [path.join(ROOT, "scripts", "package.mjs"), "--out", vsix], { cwd: ROOT, encoding: "utf8" });
  if (pack.status !== 0) throw new Error(`packaging failed:\n${pack.stdout}\n${pack.stderr}`);
  const extensions = path.join(userData, "extensions");
  const install = spawnSync(
    CODE_SERVER,
    ["--user-data-dir", path.join(userData, "data"), "--extensions-dir", extensions, "--install-extension", vsix],
    { encoding: "utf8" },
  );
  if (install.status !== 0) throw new Error(`code-server --install-extension failed:\n${install.stdout}\n${install.stderr}`);
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  const extensionPath = path.join(extensions, `${pkg.publisher}.${pkg.name}-${pkg.version}`);
  if (!fs.existsSync(path.join(extensionPath, "package.json"))) throw new Error(`the extension is not installed in ${extensionPath}`);
  console.log(`installed ${path.basename(vsix)} (${fs.statSync(vsix).size} bytes) into ${extensionPath}`);
  const testHost = path.join(scratch, "test-host");
  fs.mkdirSync(testHost);
  fs.writeFileSync(
    path.join(testHost, "package.json"),
    JSON.stringify({ name: "kube-rbac-test-host", publisher: "kube-rbac", version: "0.0.0", engines: { vscode: pkg.engines.vscode } }),
  );
  return { extensionPath, testHost };
}
