// The editor reports exactly what `kube-rbac check` reports: every top-level corpus file, every file of
// corpus/bad and corpus/templated, opened together in one LSP session, against checkPaths() of the same
// files (one workspace in both cases). Code, severity, range and message, file by file, in order.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import { pathToFileURL } from "node:url";
import { Diagnostic, DiagnosticSeverity } from "vscode-languageserver-protocol";
import { checkPaths, JsonDiagnostic } from "../../cli/commands/check";
import { corpusFiles } from "../support/corpus";
import { TestClient } from "./lsp-client";

const SEVERITY: Record<JsonDiagnostic["severity"], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

const fromCli = (d: JsonDiagnostic) => ({ code: d.code, severity: SEVERITY[d.severity], range: d.range, message: d.message });
const fromEditor = (d: Diagnostic) => ({ code: d.code, severity: d.severity, range: d.range, message: d.message });

describe("server: the editor and `kube-rbac check` agree", () => {
  const files = [...corpusFiles(), ...corpusFiles("bad"), ...corpusFiles("templated")];
  let client: TestClient;
  before(async () => {
    // No workspace files: the session's workspace is exactly the open files, as the CLI's is the given paths.
    client = await TestClient.start();
    await client.scanned;
  });
  after(() => client.stop());

  it(`on ${files.length} corpus files opened in one session`, async () => {
    const expected = new Map<string, ReturnType<typeof fromCli>[]>(files.map((f) => [f, []]));
    for (const d of checkPaths(files)) expected.get(d.file)!.push(fromCli(d));
    // Open every file first, then read the diagnostics: each file is checked against all the others.
    for (const f of files) {
      await client.connection.sendNotification("textDocument/didOpen", { textDocument: { uri: pathToFileURL(f).toString(), languageId: "yaml", version: 1, text: fs.readFileSync(f, "utf8") } });
    }
    await client.settled();
    let total = 0;
    for (const f of files) {
      const got = (await client.diagnosticsFor(pathToFileURL(f).toString(), 1)).map(fromEditor);
      assert.deepEqual(got, expected.get(f), f);
      total += got.length;
    }
    assert.ok(total > 0);
    assert.ok(files.some((f) => expected.get(f)!.some((d) => d.code === "duplicate-object")), "the corpus exercises duplicate-object");
    assert.ok(files.some((f) => expected.get(f)!.some((d) => d.code === "templated-file")), "the corpus exercises templated-file");
  });
});
