import { strict as assert } from "node:assert";
import { TestClient } from "./lsp-client";

const ROLES = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: pod-reader
  namespace: team-a
rules:
- apiGroups: [""]
  resources: [pods, pods/log]
  verbs: [get, list, watch]
`;

const BINDINGS = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: read-pods
  namespace: team-a
subjects:
- kind: ServiceAccount
  name: app
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: pod-reader
`;

describe("server: diagnostics, code actions, hover, navigation, symbols", () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ files: { "roles.yaml": ROLES, "bindings/b.yaml": BINDINGS } });
    await client.scanned;
  });
  after(() => client.stop());

  it("publishes findings with codes, ranges and source", async () => {
    const doc = await client.open(
      "bad.yaml",
      `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: r, namespace: dev}
rules:
- apiGroups: [""]
  resources: [pods]
`,
    );
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

  const H = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: pod-re|ader
  namespace: team-a
rules:
- apiGroups: [""]
  resources: [pods, pods/log]
  ver|bs: [get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: read|-pods-2
  namespace: team-a
subjects:
- kind: ServiceAccount
  name: a|pp
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: pod-re|ader
`;

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

  it("serves cluster roles: completion, definition to a read-only document, and its content", async () => {
    await client.clusterState({
      context: "prod",
      roles: [],
      clusterRoles: [{ metadata: { name: "cluster-viewer" }, rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }] }],
      roleBindings: [],
      clusterRoleBindings: [],
      serviceAccounts: [],
      namespaces: ["prod-ns"],
    });
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
    const content = await client.readClusterObject(defs![0].uri);
    assert.equal(
      content.text,
      '# Read-only: ClusterRole cluster-viewer from the cluster\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: cluster-viewer\nrules:\n  - apiGroups:\n      - ""\n    resources:\n      - pods\n    verbs:\n      - get\n',
    );
    await client.clusterState(null);
  });

  it("never crashes on garbage input", async () => {
    const doc = await client.open("junk.yaml", "{{ .Values | }}\n---\n: : :\n\t- [\n|");
    await doc.diagnostics();
    await doc.completions();
    await doc.hover();
    assert.deepEqual(await doc.symbols(), []);
  });
});
