#!/usr/bin/env node
// `npm run package`: a production build of the bundles and a .vsix (vsce), offline: the bundles already
// hold every runtime dependency, so vsce is told not to collect node_modules.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run(process.execPath, [path.join(root, "node_modules", "typescript", "bin", "tsc"), "-b"]);
run(process.execPath, [path.join(root, "scripts", "bundle.mjs"), "--production"]);
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
const out = `${pkg.name}-${pkg.version}.vsix`;
const vsce = path.join(root, "node_modules", "@vscode", "vsce", "vsce");
const args = [vsce, "package", "--no-dependencies", "--allow-missing-repository", "--out", out];
if (!fs.existsSync(path.join(root, "LICENSE"))) args.push("--skip-license");
run(process.execPath, args);
console.log(`packaged ${out}`);
