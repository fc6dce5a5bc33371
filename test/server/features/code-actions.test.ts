import { strict as assert } from "node:assert";
import { TestClient } from "../lsp-client";
import { withWorkspace } from "./workspace";

describe("server: code actions", () => {
  let client: TestClient;
  withWorkspace((c) => (client = c));

  it("offers quick fixes at the right place after an edit above their document", async () => {
    const doc = await client.open(
      "moved.yaml",
      `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: first, namespace: dev}
rules: []
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: second}
rules:
- apiGroups: [""]
  resources: [pod]
  verbs: [get]
- apiGroups: [""]
  resources: [configmaps]
  verbs: ["*"]
`,
    );
    await doc.diagnostics();
    // An incremental edit in the first document, as an editor sends it: the second one moves, unchanged.
    const inserted = "# a comment that moves the documents below\n";
    doc.text = inserted + doc.text;
    doc.version++;
    await client.connection.sendNotification("textDocument/didChange", {
      textDocument: { uri: doc.uri, version: doc.version },
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: inserted }],
    });
    const diags = await doc.diagnostics();
    const singular = diags.find((d) => d.code === "unknown-resource")!;
    assert.deepEqual(singular.range.start, { line: 11, character: 14 });
    const fix = (await doc.codeActions(singular.range, [singular])).find((a) => a.title === "Use pods")!;
    await doc.applyEdits(fix.edit!.changes![doc.uri]);
    assert.equal(doc.text.split("\n")[11], "  resources: [pods]");
    // A fix computed only when asked for (expanding a wildcard), after the move too.
    const wildcard = (await doc.diagnostics()).find((d) => d.code === "wildcard")!;
    const expand = (await doc.codeActions(wildcard.range, [wildcard])).find((a) => a.title.startsWith("Expand"))!;
    await doc.applyEdits(expand.edit!.changes![doc.uri]);
    assert.match(doc.text.split("\n")[15], /^ {2}verbs: \["?get"?, .*watch/);
    assert.deepEqual(
      (await doc.diagnostics()).map((d) => d.code).filter((c) => c === "wildcard" || c === "unknown-resource"),
      [],
    );
  });
});
