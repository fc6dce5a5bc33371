#!/usr/bin/env node
// `npm run test:unit`: the mocha tests that need no test API server (so no Go and no build of it), after
// compiling. A test file is left out when it imports, directly or through its helpers,
// test/support/apiserver.ts; the import graph is the one test/import-cycles.test.ts reads.
// Extra arguments go to mocha (e.g. --grep hover).
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const NEEDS_SERVER = "test/support/apiserver.ts";

const { importGraph } = createRequire(import.meta.url)(path.join(ROOT, "out", "test", "support", "import-graph.js"));
const graph = importGraph(ROOT, ["core", "cluster", "protocol", "render", "audit", "server", "cli", "test"]);

/** Whether `file` reaches `target` through its imports. */
function reaches(file, target, seen = new Set()) {
  if (file === target) return true;
  if (seen.has(file)) return false;
  seen.add(file);
  return (graph.get(file) ?? []).some((f) => reaches(f, target, seen));
}

const all = [...graph.keys()].filter((f) => f.startsWith("test/") && !f.startsWith("test/vscode/") && f.endsWith(".test.ts")).sort();
const unit = all.filter((f) => !reaches(f, NEEDS_SERVER));
console.log(`unit tests: ${unit.length} of ${all.length} test files (the others need the test API server)`);
const files = unit.map((f) => path.join(ROOT, "out", f.replace(/\.ts$/, ".js")));
const mocha = path.join(ROOT, "node_modules", "mocha", "bin", "mocha.js");
const args = ["--no-config", "--timeout", "20000", "--enable-source-maps", ...process.argv.slice(2), ...files];
const r = spawnSync(process.execPath, [mocha, ...args], { cwd: ROOT, stdio: "inherit" });
process.exit(r.status ?? 1);
