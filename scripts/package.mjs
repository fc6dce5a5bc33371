#!/usr/bin/env node
// `npm run package`: a .vsix of the extension (vsce), built offline in a staging folder so the
// development bundles in dist/ stay as they are. The staging folder holds what the installed extension
// needs and nothing else: production bundles (they carry every runtime dependency, so vsce is told not to
// collect node_modules), the manifest, README, LICENSE, CHANGELOG, the grammar, the check pages the
// diagnostics link to, the configuration schema, the icons and the example snapshot. vsce turns the
// README's relative links into absolute ones on the repository (package.json `repository`).
// Prints the .vsix path last. `--out FILE` writes it elsewhere.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const run = (cmd, args, cwd = root) => {
  const r = spawnSync(cmd, args, { cwd, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
const outAt = process.argv.indexOf("--out");
const out = path.resolve(outAt >= 0 ? process.argv[outAt + 1] : path.join(root, `${pkg.name}-${pkg.version}.vsix`));

/** What the installed extension reads, relative to the repository root. */
const SHIPPED = [
  "package.json",
  "README.md",
  "LICENSE",
  "CHANGELOG.md",
  ".vscodeignore",
  "syntaxes",
  "docs/checks",
  "docs/walkthrough",
  "docs/images/icon.png",
  "docs/images/activity-bar.svg",
  "schemas",
  "examples/cluster-snapshot.yaml",
  "examples/workspace",
];

run(process.execPath, [path.join(root, "node_modules", "typescript", "bin", "tsc"), "-b"]);
const staging = path.join(root, ".cache", "package");
fs.rmSync(staging, { recursive: true, force: true });
fs.mkdirSync(staging, { recursive: true });
run(process.execPath, [path.join(root, "scripts", "bundle.mjs"), "--production", "--outdir", path.join(staging, "dist")]);
for (const p of SHIPPED) fs.cpSync(path.join(root, p), path.join(staging, p), { recursive: true });
// `files` chooses the npm package's contents (the command line); the .vsix's are .vscodeignore's, and vsce
// refuses both at once.
const manifest = { ...pkg };
delete manifest.files;
fs.writeFileSync(path.join(staging, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
const vsce = path.join(root, "node_modules", "@vscode", "vsce", "vsce");
run(process.execPath, [vsce, "package", "--no-dependencies", "--out", out], staging);
console.log(out);
