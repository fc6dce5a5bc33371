import { strict as assert } from "node:assert";
import { TestClient, withServer } from "../lsp-client";

const ROLES = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: pod-reader
  namespace: team-a
rules: []
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: other-ns-role
  namespace: team-b
rules: []
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: secret-auditor
rules: []
`;

describe("server: completion", () => {
  let client: TestClient;
  withServer({ files: { "roles.yaml": ROLES } }, (c) => (client = c));

  it("offers apiGroups in a flow list, with the core group quoted", async () => {
    const doc = await client.open(
      "a.yaml",
      `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: r, namespace: scratch}
rules:
- apiGroups: [|]
  resources: [pods]
  verbs: [get]
`,
    );
    const items = await doc.completions();
    const core = items.find((i) => i.label === "")!;
    assert.deepEqual(core.textEdit, { range: { start: { line: 4, character: 14 }, end: { line: 4, character: 14 } }, newText: '""' });
    assert.ok(items.some((i) => i.label === "apps"));
    assert.ok(items.some((i) => i.label === "rbac.authorization.k8s.io"));
    const star = items.find((i) => i.label === "*")!;
    assert.equal((star.textEdit as { newText: string }).newText, '"*"');
  });

  it("offers only the resources of the chosen groups, with subresources, in a block list", async () => {
    const doc = await client.open(
      "b.yaml",
      `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: r, namespace: scratch}
rules:
- apiGroups: [apps]
  resources:
  - deployments
  - |
  verbs: [get]
`,
    );
    const labels = await doc.labels();
    assert.ok(labels.includes("statefulsets"));
    assert.ok(labels.includes("deployments/scale"));
    assert.ok(!labels.includes("deployments"), "already listed");
    assert.ok(!labels.includes("pods"), "pods is in the core group");
    assert.ok(!labels.includes("secrets"));
  });

  it("offers the verbs the chosen resources support on an empty value, plus special verbs", async () => {
    const doc = await client.open(
      "c.yaml",
      `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: r, namespace: scratch}
rules:
- apiGroups: [""]
  resources: [pods/log]
  verbs: |
`,
    );
    const labels = await doc.labels();
    assert.deepEqual(
      labels.filter((l) => ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"].includes(l)),
      ["get"],
    );
    for (const v of ["bind", "escalate", "impersonate", "use", "approve", "sign", "attest", "*"]) assert.ok(labels.includes(v), v);
  });

  it("offers kind and apiVersion values, and whole-object snippets in an empty document", async () => {
    const doc = await client.open(
      "d.yaml",
      `apiVersion: rbac.authorization.k8s.io/v1
kind: |
---
|`,
    );
    assert.deepEqual(await doc.labels(0), ["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"]);
    const snippets = (await doc.completions(1)).filter((s) => s.kind === 15);
    assert.deepEqual(
      snippets.map((s) => s.label),
      ["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"],
    );
    assert.equal(snippets[0].insertTextFormat, 2);
    assert.ok((snippets[0].documentation as { value: string }).value.startsWith("A set of permissions within one namespace"));
  });

  it("completes from the first keystroke: `api` in an empty file offers apiVersion, then kind as a choice", async () => {
    const doc = await client.open("first.yaml", "api|");
    const items = await doc.completions(0);
    assert.deepEqual(
      items.map((i) => [i.label, i.sortText]),
      [
        ["apiVersion", "0a"],
        ["kind", "0b"],
        ["Role", "10"],
        ["ClusterRole", "11"],
        ["RoleBinding", "12"],
        ["ClusterRoleBinding", "13"],
      ],
    );
    const api = items[0];
    assert.deepEqual(api.textEdit, {
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } },
      newText: "apiVersion: rbac.authorization.k8s.io/v1\n",
    });
    const next = await client.open("second.yaml", "apiVersion: rbac.authorization.k8s.io/v1\nki|");
    const kind = await next.completions(0);
    assert.deepEqual(
      kind.map((i) => i.label),
      ["kind"],
    );
    assert.equal(kind[0].insertTextFormat, 2);
    assert.equal((kind[0].textEdit as { newText: string }).newText, "kind: ${1|Role,ClusterRole,RoleBinding,ClusterRoleBinding|}\n");
  });

  it("completes roleRef.name from another workspace file, Roles filtered by the binding's namespace", async () => {
    const doc = await client.open(
      "e.yaml",
      `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: b, namespace: team-a}
subjects: [{kind: ServiceAccount, name: app}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: |}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: c}
roleRef:
  kind: ClusterRole
  name: |
`,
    );
    assert.deepEqual(await doc.labels(0), ["pod-reader"]);
    const items = await doc.completions(1);
    assert.deepEqual(
      items.map((i) => [i.label, i.detail]),
      [["secret-auditor", "ClusterRole (workspace)"]],
    );
  });

  it("completes subject kinds, namespaces and roleRef kinds", async () => {
    const doc = await client.open(
      "f.yaml",
      `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: b, namespace: team-a}
subjects:
- kind: |
  name: x
- kind: ServiceAccount
  name: app
  namespace: |
roleRef: {kind: |, name: pod-reader}
`,
    );
    assert.deepEqual(await doc.labels(0), ["ServiceAccount", "User", "Group"]);
    assert.deepEqual(await doc.labels(1), ["scratch", "team-a", "team-b"]);
    assert.deepEqual(await doc.labels(2), ["Role", "ClusterRole"]);
  });

  it("offers nothing outside RBAC objects", async () => {
    const doc = await client.open(
      "g.yaml",
      `apiVersion: apps/v1
kind: Deployment
spec:
  replicas: |
`,
    );
    assert.deepEqual(await doc.labels(), []);
  });
});
