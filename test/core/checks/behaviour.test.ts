import { strict as assert } from "node:assert";
import { builtInCatalog } from "../../../core/catalog";
import { checkDocument, checkFile, checkFileLevel, EMPTY_WORKSPACE, workspaceView } from "../../../core/checks";
import { parseManifests } from "../../../core/parse";
import { ruleRisks } from "../../../core/risk";
import { check } from "./helpers";

const slice = (text: string, f: { span: { start: number; end: number } }) => text.slice(f.span.start, f.span.end);

describe("core/checks behaviour", () => {
  it("points at the exact offending scalar", () => {
    const text = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: r, namespace: dev}
rules:
- apiGroups: [""]
  resources: [pods, pod, "deployments"]
  verbs:
  - get
  - GET
  resourceName: [x]
`;
    const got = check(text)
      .filter((f) => f.code !== "wildcard")
      .map((f) => [f.code, slice(text, f)]);
    assert.deepEqual(got, [
      ["unknown-resource", "pod"],
      ["wrong-api-group", '"deployments"'],
      ["unknown-verb", "GET"],
      ["unknown-field", "resourceName"],
    ]);
  });

  it("reports wrong types instead of missing fields", () => {
    const text = `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r, namespace: 7}\nrules:\n- apiGroups: [""]\n  resources: [pods]\n  verbs: get\n`;
    assert.deepEqual(
      check(text).map((f) => [f.code, slice(text, f)]),
      [
        ["wrong-type", "7"],
        ["wrong-type", "get"],
      ],
    );
  });

  it("honours disable comments and the severity setting", () => {
    const text = `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r, namespace: dev}\nrules:\n- apiGroups: [""]\n  # kube-rbac-disable-next-line\n  resources: [pod]\n  verbs: [GET]\n`;
    assert.deepEqual(
      check(text).map((f) => f.code),
      ["unknown-verb"],
    );
    assert.deepEqual(check(text, "t.yaml", { severity: { "unknown-verb": "off" } }), []);
    assert.deepEqual(
      check(text, "t.yaml", { severity: { "unknown-verb": "error" } }).map((f) => f.severity),
      ["error"],
    );
  });

  it("does not invent errors the API accepts", () => {
    const text = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: "system:Weird Name"}
rules:
- nonResourceURLs: [healthz, "/a/*/b"]
  verbs: [get]
- apiGroups: [""]
  resources: [configmaps, secrets]
  resourceNames: ["", "*"]
  verbs: [get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: b}
roleRef: {kind: ClusterRole, name: view}
subjects:
- {kind: Group, name: devs, namespace: dev}
- {kind: ServiceAccount, name: app}
`;
    assert.deepEqual(
      check(text).filter((f) => f.severity === "error"),
      [],
    );
  });

  it("checkFile = checkDocument for each document + checkFileLevel", () => {
    const text = `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r, namespace: dev}\nrules: [{apiGroups: [""], resources: [pod], verbs: [get]}]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r, namespace: dev}\nrules: []\n`;
    const parsed = parseManifests(text, "a.yaml");
    const ctx = { catalog: builtInCatalog(), workspace: EMPTY_WORKSPACE };
    const parts = [...checkDocument(parsed, 0, ctx), ...checkDocument(parsed, 1, ctx), ...checkFileLevel(parsed, ctx)];
    assert.deepEqual(
      parts.map((f) => f.code).sort(),
      checkFile(parsed, ctx)
        .map((f) => f.code)
        .sort(),
    );
    assert.deepEqual(
      checkFileLevel(parsed, ctx).map((f) => f.code),
      ["duplicate-object"],
    );
  });

  it("says where it looked for a missing role", () => {
    const text = `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: b}\nroleRef: {kind: ClusterRole, name: ghost}\nsubjects: [{kind: User, name: a}]\n`;
    const parsed = parseManifests(text, "a.yaml");
    const other = parseManifests(
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: real}\nrules: []\n`,
      "b.yaml",
    ).objects as never[];
    assert.deepEqual(
      checkFile(parsed, { workspace: EMPTY_WORKSPACE }).filter((f) => f.code === "role-not-found"),
      [],
    );
    const ws = (cluster: boolean) => ({ workspace: workspaceView(other, undefined, cluster) });
    assert.match(checkFile(parsed, ws(false)).find((f) => f.code === "role-not-found")!.message, /exists in the workspace:/);
    assert.match(checkFile(parsed, ws(true)).find((f) => f.code === "role-not-found")!.message, /in the workspace or the cluster/);
  });

  it("Helm templates: every document is read in place", () => {
    const text = `{{- if .Values.rbac }}\napiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: {{ .Release.Name }}}\nrules: [{apiGroups: [core], resources: [pods], verbs: [get]}]\n{{- end }}\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: plain, namespace: dev}\nrules: [{apiGroups: [""], resources: [pod], verbs: [get]}]\n`;
    assert.deepEqual(
      check(text).map((f) => [f.code, f.severity]),
      [
        ["invalid-api-group", "warning"],
        ["unknown-resource", "warning"],
      ],
    );
  });

  it("Jinja-style templates: one notice, clean documents still checked", () => {
    const text = `{% if rbac %}\napiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: "{{ name }}"}\nrules: []\n{% endif %}\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: plain, namespace: dev}\nrules: [{apiGroups: [""], resources: [pod], verbs: [get]}]\n`;
    assert.deepEqual(
      check(text).map((f) => [f.code, f.severity]),
      [
        ["templated-file", "information"],
        ["unknown-resource", "warning"],
      ],
    );
  });

  it("risk analysis counts wildcards covering risky things", () => {
    const rule = (r: object) => ({ verbs: [], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: [], ...r });
    const codes = (r: object) =>
      ruleRisks(rule(r), "ClusterRole")
        .map((x) => x.code)
        .sort();
    assert.deepEqual(codes({ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }), ["cluster-admin-equivalent"]);
    assert.deepEqual(codes({ apiGroups: [""], resources: ["*"], verbs: ["get"] }), ["nodes-proxy", "pod-exec", "secrets-read", "wildcard"]);
    assert.deepEqual(codes({ apiGroups: ["*"], resources: ["pods/exec"], verbs: ["create"] }), ["pod-exec", "wildcard"]);
    assert.deepEqual(codes({ apiGroups: [""], resources: ["pods/*"], verbs: ["create"] }), []);
    assert.deepEqual(
      ruleRisks(rule({ apiGroups: [""], resources: ["pods/exec"], verbs: ["get"] }), "Role").map((x) => x.severity),
      ["information"],
    );
  });
});
