// Large files: the result is exactly what `kube-rbac check` reports; and the first check of a file of
// thousands of documents runs in slices, so a request on another file is answered before it ends.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { Diagnostic } from "vscode-languageserver-protocol";
import { checkPaths, JsonDiagnostic } from "../../cli/commands/check";
import { corpusFiles } from "../support/corpus";
import { TestClient, withServer } from "./lsp-client";

const SEVERITY = { error: 1, warning: 2, information: 3, hint: 4 } as const;
const fromCli = (d: JsonDiagnostic) => ({ code: d.code, severity: SEVERITY[d.severity], range: d.range, message: d.message });
const fromEditor = (d: Diagnostic) => ({ code: d.code, severity: d.severity, range: d.range, message: d.message });

describe("server: large files", () => {
  const files = corpusFiles("large");
  let client: TestClient;
  withServer({}, (c) => (client = c));

  it(`agrees with kube-rbac check on ${files.length} large corpus files`, async () => {
    const uris = files.map((f) => pathToFileURL(f).toString());
    for (let i = 0; i < files.length; i++) {
      await client.connection.sendNotification("textDocument/didOpen", {
        textDocument: { uri: uris[i], languageId: "yaml", version: 1, text: fs.readFileSync(files[i], "utf8") },
      });
    }
    await client.settled();
    const expected = new Map<string, ReturnType<typeof fromCli>[]>(files.map((f) => [f, []]));
    for (const d of checkPaths(files)) expected.get(d.file)!.push(fromCli(d));
    for (let i = 0; i < files.length; i++)
      assert.deepEqual((await client.diagnosticsFor(uris[i], 1)).map(fromEditor), expected.get(files[i]), files[i]);
    for (const uri of uris) await client.connection.sendNotification("textDocument/didClose", { textDocument: { uri } });
  });

  it("answers a hover on another file while the first check of a file of 2,000 documents runs", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-large-"));
    try {
      const file = path.join(dir, "many.yaml");
      const docs: string[] = [];
      for (let i = 0; i < 1000; i++) {
        docs.push(
          `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: role-${i}, namespace: ns-${i % 7}}\nrules:\n- apiGroups: [""]\n  resources: [pods, secrets]\n  verbs: [get, list]\n`,
        );
        docs.push(
          `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: bind-${i}, namespace: ns-${i % 7}}\nsubjects:\n- {kind: ServiceAccount, name: sa-${i}}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: role-${i + 1}}\n`,
        );
      }
      const text = docs.join("---\n");
      fs.writeFileSync(file, text);
      const uri = pathToFileURL(file).toString();
      const small = await client.open(
        "small.yaml",
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r|, namespace: dev}\nrules: []\n",
      );
      await small.diagnostics();
      await client.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version: 1, text } });
      assert.ok((await small.hover(0)) !== null);
      assert.equal(client.published.has(uri), false, "the hover was answered before the large file's check ended");
      await client.settled();
      assert.deepEqual((await client.diagnosticsFor(uri, 1)).map(fromEditor), checkPaths([file]).map(fromCli));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("checks the document being edited before it finishes re-checking a large file because of it", async () => {
    // Edits wait a second before their check: long enough for the large file's re-check to end first
    // if it did not give way.
    const own = await TestClient.start({ settings: { logLevel: "debug", diagnostics: { debounceMs: 1000 } } });
    try {
      await own.scanned;
      const docs: string[] = [];
      for (let i = 0; i < 1500; i++)
        docs.push(
          `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: bind-${i}, namespace: ns-0}\nsubjects:\n- {kind: ServiceAccount, name: sa-${i}}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: role-${i}}\n`,
        );
      const large = await own.open("bindings.yaml", docs.join("---\n"));
      await large.diagnostics();
      // A new Role: every binding of the large file may now find its role, so it is re-checked.
      const role = "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: role-0, namespace: ns-0}\nrules: []\n";
      const edited = await own.open("role.yaml", role);
      await edited.diagnostics();
      await edited.setText(`${role}# edited\n`);
      await edited.diagnostics();
      await own.settled();
      const checked = own.logs
        .filter((l) => / checked \S+ \(version/.test(l))
        .map((l) => /checked \S+\/([^/\s]+) \(version (\d+)/.exec(l)!.slice(1).join(" v"));
      const edit = checked.indexOf("role.yaml v2");
      const recheck = checked.lastIndexOf("bindings.yaml v1");
      assert.ok(edit >= 0 && recheck >= 0, checked.join(", "));
      assert.ok(recheck > edit, `the re-check of the large file ended before the edited document was checked: ${checked.join(", ")}`);
      assert.equal(checked.filter((c) => c === "bindings.yaml v1").length, 2, checked.join(", "));
    } finally {
      await own.stop();
    }
  });
});
