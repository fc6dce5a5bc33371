// The hook the pre-commit framework installs: `kube-rbac check` on the staged YAML and JSON files (not on
// the configuration file itself), with the command the npm package provides.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { REPO_ROOT } from "../support/corpus";

interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
  exclude: string;
}

describe("pre-commit hook", () => {
  const hooks = parse(fs.readFileSync(path.join(REPO_ROOT, ".pre-commit-hooks.yaml"), "utf8")) as Hook[];
  const hook = hooks[0];

  it("runs the package's kube-rbac command on YAML and JSON files", () => {
    assert.deepEqual(
      hooks.map((h) => [h.id, h.entry, h.language]),
      [["kube-rbac-check", "kube-rbac check", "node"]],
    );
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { bin: Record<string, string> };
    assert.equal(pkg.bin[hook.entry.split(" ")[0]], "./bin/kube-rbac.js");
    // pre-commit matches `files` and `exclude` with Python's re.search on the path: these patterns mean the same in JavaScript.
    const selected = (p: string) => new RegExp(hook.files).test(p) && !new RegExp(hook.exclude).test(p);
    assert.deepEqual(
      ["deploy/role.yaml", "a.yml", "dump.json", ".kube-rbac.yaml", "team/.kube-rbac.yaml", "README.md", "chart/values.yaml.tpl"].map(
        selected,
      ),
      [true, true, true, false, false, false, false],
    );
  });

  it("fails the commit on an error, as pre-commit runs it (the entry, then the staged files)", () => {
    const [cmd, ...args] = hook.entry.split(" ");
    assert.equal(cmd, "kube-rbac");
    const r = spawnSync(process.execPath, [path.join(REPO_ROOT, "bin", "kube-rbac.js"), ...args, "test/fixtures/config/role.yaml"], {
      cwd: REPO_ROOT,
      encoding: "utf8",
    });
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^test\/fixtures\/config\/role\.yaml:8:3: error \[missing-verbs\]/m);
  });
});
