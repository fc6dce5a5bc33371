import { strict as assert } from "node:assert";
import { TestClient } from "../lsp-client";
import { H, ROLES, withWorkspace } from "./workspace";

describe("server: definition and references", () => {
  let client: TestClient;
  // As the hover test left it in the shared session: the document H open too.
  withWorkspace((c) => (client = c), { "h.yaml": H });

  it("goes from roleRef to the role and from a role to its bindings, across files", async () => {
    const doc = await client.open("nav.yaml", H.replace("  namespace: team-a\nrules", "  namespace: team-z\nrules"));
    const defs = await doc.definition(4);
    const whole = { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } };
    assert.deepEqual(defs, [
      { uri: client.uri("roles.yaml"), range: whole },
      { uri: client.uri("h.yaml"), range: whole },
    ]);
    const refs = await client.open("roles.yaml", ROLES.replace("name: pod-reader", "name: pod-|reader"));
    assert.deepEqual(await refs.references(0), [
      { uri: client.uri("bindings/b.yaml"), range: { start: { line: 11, character: 8 }, end: { line: 11, character: 18 } } },
      { uri: client.uri("h.yaml"), range: { start: { line: 21, character: 8 }, end: { line: 21, character: 18 } } },
      { uri: doc.uri, range: { start: { line: 21, character: 8 }, end: { line: 21, character: 18 } } },
    ]);
  });
});
