#!/usr/bin/env node
// The test phase of `npm test` (after the build): the mocha suites (unit, integration against the real
// kube-apiserver, differential, packaging), then the in-editor suite in a real VS Code, then its part
// that runs against the packaged extension installed from its .vsix. Output streams through; the last
// line adds them up as "N passed, N failed". Exit code: non-zero if any part failed.
import { spawn } from "node:child_process";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function run(cmd, args) {
  return new Promise((resolve) => {
    let out = "";
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
    child.stdout.on("data", (d) => {
      process.stdout.write(d);
      out = (out + d).slice(-20_000);
    });
    child.on("close", (code) => resolve({ code: code ?? 1, out }));
  });
}

const count = (re, text) => Number(re.exec(text)?.[1] ?? 0);
const mocha = await run(process.execPath, [path.join(ROOT, "node_modules", "mocha", "bin", "mocha.js")]);
const mochaPassed = count(/(\d+) passing/, mocha.out);
const mochaFailed = count(/(\d+) failing/, mocha.out);
const editor = process.argv.includes("--no-editor")
  ? { code: 0, out: "" }
  : await run(process.execPath, [path.join(ROOT, "test", "vscode", "run-code-server.mjs"), "--no-build"]);
const installed = process.argv.includes("--no-editor")
  ? { code: 0, out: "" }
  : await run(process.execPath, [path.join(ROOT, "test", "vscode", "run-code-server.mjs"), "--no-build", "--installed"]);
const passedOf = (r) => count(/(\d+) passed, \d+ failed\s*$/, r.out);
const failedOf = (r) => count(/\d+ passed, (\d+) failed\s*$/, r.out) || (r.code !== 0 ? 1 : 0);
const failed = mochaFailed + (mocha.code !== 0 && mochaFailed === 0 ? 1 : 0) + failedOf(editor) + failedOf(installed);
console.log(
  `\nmocha: ${mochaPassed} passed, ${mochaFailed} failed; in VS Code: ${passedOf(editor)} passed, ${failedOf(editor)} failed; ` +
    `installed .vsix in VS Code: ${passedOf(installed)} passed, ${failedOf(installed)} failed`,
);
console.log(`${mochaPassed + passedOf(editor) + passedOf(installed)} passed, ${failed} failed`);
process.exit(mocha.code !== 0 || editor.code !== 0 || installed.code !== 0 ? 1 : 0);
