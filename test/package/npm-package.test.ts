// The command line as an npm package: `npm pack`, installed into an empty folder, gives a working
// `npx kube-rbac check` (the bundle, its one external dependency, the check pages for SARIF).
import { strict as assert } from "node:assert";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "../support/corpus";
import { CONFIG_ROLE as ROLE } from "../support/fixtures";

describe("the npm package", function () {
  this.timeout(300_000);
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-npm-"))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("installs into an empty folder and runs `npx kube-rbac check`", () => {
    const npm = (args: string[], cwd: string) =>
      execFileSync("npm", [...args, "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], {
        cwd,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
    const packed = JSON.parse(npm(["pack", "--json", "--pack-destination", dir], REPO_ROOT)) as {
      filename: string;
      files: { path: string }[];
    }[];
    const files = packed[0].files.map((f) => f.path);
    assert.ok(
      files.includes("dist/cli.js") && files.includes("bin/kube-rbac.js") && files.includes("docs/checks/wildcard.md"),
      files.join(" "),
    );
    assert.deepEqual(
      files.filter((f) => /^(out|client|server|core|cli|test|node_modules|\.cache)\//.test(f) || f.endsWith(".map")),
      [],
    );
    const project = path.join(dir, "project");
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, "package.json"), '{ "name": "consumer", "version": "1.0.0", "private": true }\n');
    npm(["install", path.join(dir, packed[0].filename)], project);
    fs.writeFileSync(path.join(project, "role.yaml"), ROLE);
    fs.writeFileSync(path.join(project, ".kube-rbac.yaml"), "severity: {missing-verbs: warning}\n");
    const r = spawnSync("npx", ["--no-install", "kube-rbac", "check", "role.yaml"], { cwd: project, encoding: "utf8" });
    assert.equal(
      r.stdout,
      "role.yaml:7:11: warning [wildcard] rules[0] uses a wildcard in namespace dev: wildcards also grant every resource, verb or URL added later (new APIs, CRDs, subresources).\n" +
        'role.yaml:8:3: warning [missing-verbs] rules[1] has no verbs: the API server rejects it ("verbs must contain at least one value").\n',
    );
    assert.equal(r.stderr, "0 error(s), 2 warning(s), 0 note(s)\n");
    assert.equal(r.status, 0);
    const sarif = spawnSync("npx", ["--no-install", "kube-rbac", "check", "role.yaml", "-o", "sarif"], { cwd: project, encoding: "utf8" });
    const driver = JSON.parse(sarif.stdout).runs[0].tool.driver;
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
    assert.equal(driver.version, pkg.version);
    assert.match(
      driver.rules.find((x: { id: string }) => x.id === "missing-verbs").fullDescription.text,
      /^Rule without verbs\. Default severity: Error/,
    );
  });
});
