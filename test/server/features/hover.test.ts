import { strict as assert } from "node:assert";
import { TestClient } from "../lsp-client";
import { H, withWorkspace } from "./workspace";

describe("server: hover", () => {
  let client: TestClient;
  withWorkspace((c) => (client = c));

  it("hovers a rule, a role, a binding and a subject in plain English", async () => {
    const doc = await client.open("h.yaml", H);
    const text = async (i: number) => ((await doc.hover(i))!.contents as { value: string }).value;
    assert.equal(await text(1), "Allows get, list and watch on pods and pods/log in namespace team-a.");
    assert.equal(
      await text(0),
      "Role team-a/pod-reader allows get, list and watch on pods and pods/log.\n\nBound by RoleBinding team-a/read-pods, RoleBinding team-a/read-pods-2.",
    );
    assert.equal(
      await text(2),
      "RoleBinding team-a/read-pods-2 grants Role team-a/pod-reader in namespace team-a to: ServiceAccount team-a/app (namespace defaulted from the RoleBinding; user system:serviceaccount:team-a:app, in groups system:serviceaccounts, system:serviceaccounts:team-a and system:authenticated).\n\nRole team-a/pod-reader allows get, list and watch on pods and pods/log.",
    );
    assert.equal(
      await text(3),
      "**ServiceAccount team-a/app (namespace defaulted from the RoleBinding; user system:serviceaccount:team-a:app, in groups system:serviceaccounts, system:serviceaccounts:team-a and system:authenticated)**\n\nThis binding gives them Role team-a/pod-reader in namespace team-a.\n\nAlso gets access from: RoleBinding team-a/read-pods gives Role team-a/pod-reader to ServiceAccount team-a/app.",
    );
  });
});
