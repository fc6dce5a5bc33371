// The core must stay pure: the compiler itself refuses imports of vscode, LSP packages, node
// built-ins and client-node in core/ (core/tsconfig.json: `types: []` plus a `paths` fence).
// This test compiles probe files (in out/, next to node_modules) with the core's own compiler options and checks each import fails.
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../support/corpus";

const FORBIDDEN = [
  "vscode",
  "vscode-languageserver",
  "vscode-languageserver/node",
  "vscode-languageclient",
  "@kubernetes/client-node",
  "fs",
  "node:fs",
  "path",
  "child_process",
  "node:http",
];

describe("core import fence", function () {
  this.timeout(120000);

  it("refuses every forbidden import with a compile error, and accepts the yaml parser", () => {
    const dir =
      (fs.mkdirSync(path.join(REPO_ROOT, "out"), { recursive: true }), fs.mkdtempSync(path.join(REPO_ROOT, "out", "fence-probe-")));
    try {
      const probes = FORBIDDEN.map((m, i) => `import * as m${i} from "${m}";\nexport const x${i} = m${i};\n`);
      probes.push(`import { parse } from "yaml";\nexport const ok = parse;\n`);
      probes.push(`export const c = typeof console;\nexport const b = typeof Buffer;\n`);
      probes.forEach((src, i) => fs.writeFileSync(path.join(dir, `probe${i}.ts`), src));
      const tsconfig = {
        extends: path.join(REPO_ROOT, "core", "tsconfig.json"),
        compilerOptions: { noEmit: true, composite: false, declaration: false, rootDir: "." },
        include: ["*.ts"],
      };
      fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(tsconfig));
      let out = "";
      try {
        execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", dir], { encoding: "utf8" });
      } catch (e) {
        out = String((e as { stdout?: string }).stdout ?? e);
      }
      const failing = new Set([...out.matchAll(/probe(\d+)\.ts/g)].map((m) => Number(m[1])));
      FORBIDDEN.forEach((m, i) => assert.ok(failing.has(i), `core can import "${m}":\n${out}`));
      assert.ok(!failing.has(FORBIDDEN.length), `core cannot import yaml:\n${out}`);
      // console and Buffer are node/dom globals: not visible from the core either.
      assert.ok(failing.has(FORBIDDEN.length + 1), `core sees console/Buffer:\n${out}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
