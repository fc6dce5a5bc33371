import { strict as assert } from "node:assert";
import { prodCluster, TestClient } from "./lsp-client";
import { withWorkspace } from "./features/workspace";

describe("server: cluster state", () => {
  let client: TestClient;
  withWorkspace((c) => (client = c));

  it("serves cluster roles: completion, definition to a read-only document, and its content", async () => {
    await client.clusterState(
      prodCluster({
        clusterRoles: [{ metadata: { name: "cluster-viewer" }, rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }] }],
        namespaces: ["prod-ns"],
      }),
    );
    const doc = await client.open(
      "cl.yaml",
      `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: x}
roleRef: {kind: ClusterRole, name: cluster-vi|ewer}
`,
    );
    await doc.diagnostics();
    const defs = await doc.definition(0);
    assert.deepEqual(defs, [
      {
        uri: "kube-rbac-cluster:/ClusterRole/cluster-viewer.yaml",
        range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } },
      },
    ]);
    const content = await client.readClusterObject(defs[0].uri);
    assert.equal(
      content.text,
      '# Read-only: ClusterRole cluster-viewer from the cluster\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: cluster-viewer\nrules:\n  - apiGroups:\n      - ""\n    resources:\n      - pods\n    verbs:\n      - get\n',
    );
    await client.clusterState(null);
  });
});
