import { strict as assert } from "node:assert";
import { TestClient, withServer } from "../lsp-client";

const WORKSPACE = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: part-a
  labels: {example.com/aggregate-to-agg: "true", team: blue}
rules: []
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: part-b
  labels: {example.com/aggregate-to-agg: "false"}
rules: []
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: deployer, namespace: ci}
rules: []
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: robot, namespace: ci}
`;

describe("server: completion of field names, resourceNames and aggregation labels", () => {
  let client: TestClient;
  withServer({ files: { "known.yaml": WORKSPACE } }, (c) => (client = c));

  it("offers the missing keys of metadata, a rule, a subject, roleRef and the top level", async () => {
    const role = await client.open(
      "k1.yaml",
      `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: x
  na|
rules:
- apiGroups: [""]
  |
`,
    );
    assert.deepEqual(await role.labels(0), ["namespace", "labels", "annotations"]);
    assert.deepEqual(await role.labels(1), ["resources", "verbs", "resourceNames"]);
    const items = await role.completions(0);
    assert.deepEqual(items[0].textEdit, {
      range: { start: { line: 4, character: 2 }, end: { line: 4, character: 4 } },
      newText: "namespace: ",
    });

    const binding = await client.open(
      "k2.yaml",
      `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: b, namespace: ci}
subjects:
- |
roleRef:
  kind: Role
  |
`,
    );
    assert.deepEqual(await binding.labels(0), ["kind", "name", "namespace", "apiGroup"]);
    assert.deepEqual(await binding.labels(1), ["apiGroup", "name"]);

    const cr = await client.open(
      "k3.yaml",
      `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: c}
|
`,
    );
    assert.deepEqual(await cr.labels(0), ["rules", "aggregationRule"]);
  });

  it("offers resourceNames from known objects of the rule's resources", async () => {
    const doc = await client.open(
      "rn.yaml",
      `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: r, namespace: ci}
rules:
- apiGroups: [rbac.authorization.k8s.io]
  resources: [roles, clusterroles]
  verbs: [bind]
  resourceNames: [|]
- apiGroups: [""]
  resources: [serviceaccounts]
  verbs: [impersonate]
  resourceNames:
  - |
`,
    );
    assert.deepEqual(
      (await doc.completions(0)).map((c) => [c.label, c.detail]),
      [
        ["part-a", "ClusterRole"],
        ["part-b", "ClusterRole"],
        ["deployer", "Role in ci"],
        // Open documents count too: the ClusterRole of k3.yaml and this very Role.
        ["c", "ClusterRole"],
        ["r", "Role in ci"],
      ],
    );
    assert.deepEqual(await doc.labels(1), ["robot"]);
  });

  it("offers aggregationRule label keys and values from known ClusterRoles", async () => {
    const doc = await client.open(
      "agg.yaml",
      `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: agg}
aggregationRule:
  clusterRoleSelectors:
  - matchLabels:
      example.com/aggregate-to-agg: |
  - matchLabels:
      |
  - matchExpressions:
    - key: |
      operator: In
      values: [|]
`,
    );
    assert.deepEqual(
      (await doc.completions(0)).map((c) => [c.label, c.documentation && (c.documentation as { value: string }).value]),
      [
        ["false", "Carried by part-b."],
        ["true", "Carried by part-a."],
      ],
    );
    assert.deepEqual(await doc.labels(1), ["example.com/aggregate-to-agg", "team"]);
    assert.deepEqual(await doc.labels(2), ["example.com/aggregate-to-agg", "team"]);
    assert.deepEqual(await doc.labels(3), []);
  });
});
