import { strict as assert } from "node:assert";
import { TestClient } from "../lsp-client";
import { ROLE_WITHOUT_VERBS, withWorkspace } from "./workspace";

describe("server: diagnostics", () => {
  let client: TestClient;
  withWorkspace((c) => (client = c));

  it("publishes findings with codes, ranges and source", async () => {
    const doc = await client.open("bad.yaml", ROLE_WITHOUT_VERBS);
    const diags = await doc.diagnostics();
    assert.deepEqual(
      diags.map((d) => [d.code, d.source, d.range]),
      [["missing-verbs", "kube-rbac", { start: { line: 4, character: 2 }, end: { line: 4, character: 17 } }]],
    );
    const actions = await doc.codeActions(diags[0].range, diags);
    assert.deepEqual(
      actions.map((a) => a.title),
      ["Suppress missing-verbs on this line", "Disable missing-verbs in settings"],
    );
    assert.deepEqual(actions[1].command, {
      title: "Disable missing-verbs in settings",
      command: "kubeRbac.disableCheck",
      arguments: ["missing-verbs"],
    });
    await doc.applyEdits(actions[0].edit!.changes![doc.uri]);
    assert.equal(doc.text.split("\n")[4], "# kube-rbac-disable-next-line missing-verbs");
    assert.deepEqual(await doc.diagnostics(), []);
  });

  it("never crashes on garbage input", async () => {
    const doc = await client.open("junk.yaml", "{{ .Values | }}\n---\n: : :\n\t- [\n|");
    await doc.diagnostics();
    await doc.completions();
    await doc.hover();
    assert.deepEqual(await doc.symbols(), []);
  });
});
