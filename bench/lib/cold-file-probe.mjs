// Bundled by bench/cold-file.mjs and run in a fresh process: the check pipeline of the language server
// (core/service: parse and check, as the server runs them for an opened file), timed on 50 KB files.
// argv: FILE... --warm N. The first N files are checked untimed; the next two are timed.
// Prints one JSON line: wall and CPU ms of each timed file.
import * as fs from "node:fs";
import { CheckService, orderedFindings } from "../../core/service/check-service.ts";
import { WorkspaceModel } from "../../core/service/workspace.ts";
import { builtInCatalog } from "../../core/catalog/index.ts";

const args = process.argv.slice(2);
const warm = Number(args[args.indexOf("--warm") + 1] ?? 0);
const files = args.filter((a, i) => a !== "--warm" && args[i - 1] !== "--warm");
const cpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const service = new CheckService();
const workspace = new WorkspaceModel();
const inputs = { catalog: builtInCatalog(), workspace, version: "" };
const timed = [];
files.forEach((file, i) => {
  const text = fs.readFileSync(file, "utf8");
  const w0 = performance.now();
  const c0 = cpu();
  const parsed = service.parse(text, `/bench/${i}.yaml`);
  const findings = orderedFindings(service.check(parsed, inputs)).length;
  const entry = { wallMs: performance.now() - w0, cpuMs: cpu() - c0, findings };
  service.forgetFile(`/bench/${i}.yaml`);
  if (i >= warm) timed.push(entry);
});
process.stdout.write(JSON.stringify({ timed }) + "\n");
