// The editor reports exactly what `kube-rbac check` reports: every top-level corpus file, every file of
// corpus/bad and corpus/templated, opened together in one LSP session, against checkPaths() of the same
// files (one workspace in both cases); then every YAML file of corpus/large, corpus/charts and
// corpus/kustomize, read as plain files, a folder at a time. Code, severity, range and message, file by
// file, in order.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { Diagnostic, DiagnosticSeverity } from "vscode-languageserver-protocol";
import { checkPaths, JsonDiagnostic } from "../../cli/commands/check";
import { CORPUS_DIR, corpusFiles, corpusTree } from "../support/corpus";
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
    // `checkPaths` checks files as they are, rendering nothing: so does the editor here (its renders are
    // compared with the command line's in render-scheduler.test.ts).
    client = await TestClient.start({ settings: { render: { enabled: false } } });
    await client.scanned;
  });
  after(() => client.stop());

  it("on suppression comments just before a document marker and duplicates across documents", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-agree-"));
    try {
      const file = path.join(dir, "edge.yaml");
      const flow = `{apiVersion: rbac.authorization.k8s.io/v1, kind: Role, metadata: {name: b, namespace: x}, rules: [{apiGroups: [""], resources: [pods]}]}`;
      const text = `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: a, namespace: x}\nrules: []\n# kube-rbac-disable-next-line missing-verbs\n--- ${flow}\n--- ${flow}\n`;
      fs.writeFileSync(file, text);
      const expected = checkPaths([file]).map(fromCli);
      assert.deepEqual(
        expected.map((d) => [d.code, d.range.start.line]),
        [
          ["duplicate-object", 6],
          ["missing-verbs", 6],
        ],
      );
      const uri = pathToFileURL(file).toString();
      await client.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version: 1, text } });
      await client.settled();
      assert.deepEqual((await client.diagnosticsFor(uri, 1)).map(fromEditor), expected);
      await client.connection.sendNotification("textDocument/didClose", { textDocument: { uri } });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  /** Opens the files together, compares each one's diagnostics with checkPaths() of the same files; returns them. */
  async function agree(group: readonly string[]): Promise<Map<string, ReturnType<typeof fromCli>[]>> {
    const expected = new Map<string, ReturnType<typeof fromCli>[]>(group.map((f) => [f, []]));
    for (const d of checkPaths(group)) expected.get(d.file)!.push(fromCli(d));
    // Open every file first, then read the diagnostics: each file is checked against all the others.
    for (const f of group) {
      await client.connection.sendNotification("textDocument/didOpen", {
        textDocument: { uri: pathToFileURL(f).toString(), languageId: "yaml", version: 1, text: fs.readFileSync(f, "utf8") },
      });
    }
    await client.settled();
    for (const f of group) {
      const got = (await client.diagnosticsFor(pathToFileURL(f).toString(), 1)).map(fromEditor);
      assert.deepEqual(got, expected.get(f), f);
    }
    return expected;
  }

  it(`on ${files.length} corpus files opened in one session`, async () => {
    const expected = await agree(files);
    let total = 0;
    for (const f of files) total += expected.get(f)!.length;
    assert.ok(total > 0);
    assert.ok(
      files.some((f) => expected.get(f)!.some((d) => d.code === "duplicate-object")),
      "the corpus exercises duplicate-object",
    );
    assert.ok(
      files.some((f) => expected.get(f)!.some((d) => d.code === "templated-file")),
      "the corpus exercises templated-file",
    );
  });

  for (const sub of ["large", "charts", "kustomize"]) {
    it(`on every YAML file of corpus/${sub}, a folder at a time`, async function () {
      this.timeout(180_000);
      const tree = corpusTree(sub);
      assert.ok(tree.length > 0, sub);
      // A folder (a chart, a kustomize base) is one workspace; the files close after, leaving the session empty.
      const folders = new Map<string, string[]>();
      for (const f of tree) {
        const top = path.relative(path.join(CORPUS_DIR, sub), f).split(path.sep)[0];
        folders.set(top, [...(folders.get(top) ?? []), f]);
      }
      let total = 0;
      for (const group of folders.values()) {
        for (const list of (await agree(group)).values()) total += list.length;
        for (const f of group)
          await client.connection.sendNotification("textDocument/didClose", { textDocument: { uri: pathToFileURL(f).toString() } });
        await client.settled();
      }
      assert.ok(total > 0, `corpus/${sub} has findings`);
    });
  }
});
