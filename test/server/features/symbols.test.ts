import { strict as assert } from "node:assert";
import { TestClient } from "../lsp-client";
import { H, withWorkspace } from "./workspace";

describe("server: symbols", () => {
  let client: TestClient;
  // As the hover and navigation tests left it in the shared session: H and nav.yaml open too.
  withWorkspace((c) => (client = c), {
    "h.yaml": H,
    "nav.yaml": H.replace("  namespace: team-a\nrules", "  namespace: team-z\nrules"),
  });

  it("lists document symbols and workspace symbols", async () => {
    const doc = await client.open("sym.yaml", H);
    const syms = await doc.symbols();
    assert.deepEqual(
      syms.map((s) => [s.name, s.children!.map((c) => c.name)]),
      [
        ["Role team-a/pod-reader", ["get, list, watch on pods, pods/log"]],
        ["RoleBinding team-a/read-pods-2", ["ServiceAccount app", "roleRef: Role pod-reader"]],
      ],
    );
    const ws = await client.workspaceSymbols("read-pods");
    assert.deepEqual(
      ws.map((s) => [s.name, s.containerName, s.location.uri]),
      [
        ["read-pods", "RoleBinding in team-a", client.uri("bindings/b.yaml")],
        ["read-pods-2", "RoleBinding in team-a", client.uri("h.yaml")],
        ["read-pods-2", "RoleBinding in team-a", client.uri("nav.yaml")],
        ["read-pods-2", "RoleBinding in team-a", client.uri("sym.yaml")],
      ],
    );
  });
});
