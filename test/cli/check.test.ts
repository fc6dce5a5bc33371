// `kube-rbac check`: the editor's diagnostics on the command line, with LSP-style JSON and exit codes.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { JsonDiagnostic } from "../../cli/commands/check";
import { cli } from "../support/cli";
import { corpusFiles, CORPUS_DIR } from "../support/corpus";

/** The parts of a SARIF log these tests read. */
interface Sarif {
  version: string;
  runs: { results: { ruleId: string; level: string; locations: { physicalLocation: { region: unknown } }[] }[] }[];
}

describe("cli check", function () {
  this.timeout(60000);

  it("reports no error on any top-level corpus file (exit 0), as one workspace", async () => {
    const r = await cli("check", ...corpusFiles(), "--output", "json");
    assert.equal(r.code, 0, r.err);
    const diags = JSON.parse(r.out) as { severity: string; file: string; code: string }[];
    assert.deepEqual(
      diags.filter((d) => d.severity === "error"),
      [],
    );
    assert.ok(diags.length > 0, "expected risk warnings on real controllers' roles");
  });

  it("prints LSP-shaped JSON and exits 1 when there is an error", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-check-"));
    try {
      const file = path.join(dir, "r.yaml");
      fs.writeFileSync(
        file,
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: x}\nrules:\n- apiGroups: [""]\n  resources: [pods]\n  resourceName: [a]\n',
      );
      const r = await cli("check", dir, "-o", "json");
      assert.equal(r.code, 1);
      const diags = JSON.parse(r.out) as JsonDiagnostic[];
      const unknown = diags.find((d) => d.code === "unknown-field");
      assert.ok(unknown);
      assert.deepEqual(unknown.range, { start: { line: 6, character: 2 }, end: { line: 6, character: 14 } });
      assert.equal(unknown.severity, "error");
      assert.equal(unknown.file, file);
      assert.deepEqual(Object.keys(unknown).sort(), ["code", "file", "message", "range", "severity"]);
      assert.ok(diags.some((d) => d.code === "missing-verbs"));
      const sarif = JSON.parse((await cli("check", file, "--output", "sarif")).out) as Sarif;
      assert.equal(sarif.version, "2.1.0");
      const result = sarif.runs[0].results.find((x) => x.ruleId === "unknown-field");
      assert.ok(result);
      assert.deepEqual(result.locations[0].physicalLocation.region, {
        startLine: 7,
        startColumn: 3,
        endLine: 7,
        endColumn: 15,
        snippet: { text: "  resourceName: [a]" },
      });
      assert.equal(result.level, "error");
      const text = await cli("check", file);
      assert.match(text.out, /r\.yaml:7:3: error \[unknown-field\]/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("flags the bad corpus files, and stays calm on Helm templates", async () => {
    const bad = await cli("check", path.join(CORPUS_DIR, "bad"), "-o", "json");
    assert.equal(bad.code, 1);
    const templated = await cli("check", path.join(CORPUS_DIR, "templated"), "-o", "json");
    assert.equal(templated.code, 0);
    const diags = JSON.parse(templated.out) as { severity: string; file: string }[];
    for (const f of corpusFiles("templated")) assert.equal(diags.filter((d) => d.file === f && d.severity === "error").length, 0, f);
  });

  it("exits 2 on usage and I/O problems", async () => {
    assert.equal((await cli("check")).code, 2);
    assert.equal((await cli("check", "/nonexistent/dir")).code, 2);
    assert.equal((await cli("check", ".", "--output", "xml")).code, 2);
  });
});
