// Unused grants in the real editor: with `kubeRbac.auditLog` naming a log in the workspace, what no logged
// request used shows as faded hints on the Role, and "Narrow rule to what the audit log shows" rewrites
// the rule until no hint is left; the Effective Permissions view marks what the log shows unused.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import { api, label, setSetting, waitFor, waitForDiagnostics, waitForState, walk } from "./helpers";

const ROLE = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: pod-reader
  namespace: team-c
rules:
  - apiGroups: [""]
    resources: ["pods", "pods/log"]
    verbs: ["get", "list", "watch", "delete"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: read-pods
  namespace: team-c
subjects:
  - kind: ServiceAccount
    name: dashboard
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: pod-reader
`;

/** An audit event of the API server's log backend: the dashboard service account reading pods in team-c. */
function event(id: number, verb: string, uri: string, name?: string): string {
  return JSON.stringify({
    kind: "Event",
    apiVersion: "audit.k8s.io/v1",
    level: "Metadata",
    auditID: `ev-${id}`,
    stage: "ResponseComplete",
    requestURI: uri,
    verb,
    user: {
      username: "system:serviceaccount:team-c:dashboard",
      groups: ["system:serviceaccounts", "system:serviceaccounts:team-c", "system:authenticated"],
    },
    objectRef: { resource: "pods", namespace: "team-c", apiVersion: "v1", ...(name ? { name } : {}) },
    responseStatus: { metadata: {}, code: 200 },
    requestReceivedTimestamp: `2026-03-0${id}T10:00:00.000000Z`,
    stageTimestamp: `2026-03-0${id}T10:00:00.010000Z`,
    annotations: { "authorization.k8s.io/decision": "allow", "authorization.k8s.io/reason": "" },
  });
}

const LOG = [
  event(1, "list", "/api/v1/namespaces/team-c/pods"),
  event(2, "get", "/api/v1/namespaces/team-c/pods/web-0", "web-0"),
  event(3, "watch", "/api/v1/namespaces/team-c/pods?watch=true"),
].join("\n");

const codeOf = (d: vscode.Diagnostic) => String(typeof d.code === "object" ? d.code.value : d.code);
const unused = (diags: readonly vscode.Diagnostic[]) => diags.filter((d) => d.source === "kube-rbac" && codeOf(d) === "unused-grant");

describe("unused grants from an audit log", () => {
  let uri: vscode.Uri;

  before(async () => {
    await api();
    const root = vscode.workspace.workspaceFolders?.[0];
    if (!root) throw new Error("the tests need a workspace folder");
    const dir = path.join(root.uri.fsPath, "audited");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "audit.log"), LOG);
    fs.writeFileSync(path.join(dir, "pod-reader.yaml"), ROLE);
    uri = vscode.Uri.file(path.join(dir, "pod-reader.yaml"));
    await setSetting("auditLog", ["audited/audit.log"]);
  });

  after(async () => {
    await setSetting("auditLog", undefined);
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
  });

  it("fades what the log shows unused, and the quick fix narrows the rule", async () => {
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const hints = unused(await waitForDiagnostics(uri, (d) => unused(d).length > 0, "unused-grant hints"));
    assert.deepEqual(
      hints.map((d) => [doc.getText(d.range), d.severity, d.tags]),
      [
        ['"pods/log"', vscode.DiagnosticSeverity.Hint, [vscode.DiagnosticTag.Unnecessary]],
        ['"delete"', vscode.DiagnosticSeverity.Hint, [vscode.DiagnosticTag.Unnecessary]],
      ],
    );
    assert.match(
      hints[1].message,
      /ServiceAccount team-c\/dashboard between 2026-03-01T10:00:00\.000000Z and 2026-03-03T10:00:00\.000000Z/,
    );
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>("vscode.executeCodeActionProvider", uri, hints[1].range);
    const narrow = actions.find((a) => a.title === "Narrow rule to what the audit log shows");
    assert.ok(narrow?.edit, `no narrowing fix among: ${actions.map((a) => a.title).join(", ")}`);
    assert.ok(await vscode.workspace.applyEdit(narrow.edit));
    assert.equal(
      doc.getText().split("\n").slice(6, 9).join("\n"),
      '  - apiGroups: [""]\n    resources: ["pods"]\n    verbs: ["get", "list", "watch"]',
    );
    await waitForDiagnostics(uri, (d) => unused(d).length === 0, "no unused-grant hint after the fix");
  });
});

describe("unused grants in the Effective Permissions view", () => {
  const ALICE = "alice@contoso.com";
  const aliceEvent = (id: number, verb: string) =>
    JSON.stringify({
      kind: "Event",
      apiVersion: "audit.k8s.io/v1",
      level: "Metadata",
      auditID: `alice-${id}`,
      stage: "ResponseComplete",
      requestURI: "/api/v1/namespaces/team-a/configmaps",
      verb,
      user: { username: ALICE, groups: ["system:authenticated"] },
      objectRef: { resource: "configmaps", namespace: "team-a", apiVersion: "v1" },
      responseStatus: { metadata: {}, code: 200 },
      requestReceivedTimestamp: "2026-03-01T10:00:00.000000Z",
      annotations: { "authorization.k8s.io/decision": "allow" },
    });

  before(async () => {
    const a = await api();
    await setSetting("cluster.exampleSnapshot", true);
    await waitForState(a, (s) => s.kind === "ready" && s.source === "example", "the example snapshot");
    const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
    fs.mkdirSync(path.join(root, "audited-tree"), { recursive: true });
    fs.writeFileSync(path.join(root, "audited-tree", "audit.log"), [aliceEvent(1, "list"), aliceEvent(2, "watch")].join("\n"));
  });

  after(() => setSetting("auditLog", undefined));

  const description = (n: { treeItem(): vscode.TreeItem }) => String(n.treeItem().description ?? "");

  /** Waits for tree refreshes until `done()` holds (checked before each wait, so none is missed). */
  async function refreshedUntil(done: () => boolean, what: string): Promise<void> {
    const a = await api();
    while (!done()) await waitFor(a.tree.onDidRefresh, () => true, what);
  }

  it("marks the verbs no logged request of the subject used, and subjects the log does not hold", async () => {
    const a = await api();
    const configmaps = () => walk(a, "Users", ALICE, "namespace team-a", "configmaps");
    assert.doesNotMatch(description(configmaps()), /audit log/);
    await setSetting("auditLog", ["audited-tree/audit.log"]);
    await refreshedUntil(() => /unused in audit log/.test(description(configmaps())), "the tree marked by the audit log");
    assert.equal(description(configmaps()), "get, list, watch · 1 unused in audit log");
    const verbs = a.tree.getChildren(configmaps()).map((v) => [label(v), /unused in audit log/.test(description(v))]);
    assert.deepEqual(verbs, [
      ["get", true],
      ["list", false],
      ["watch", false],
    ]);
    assert.match(description(walk(a, "Users", "bob@contoso.com")), /not in audit log/);
    await setSetting("auditLog", undefined);
    await refreshedUntil(() => !/audit log/.test(description(configmaps())), "the marks gone with the setting");
  });
});
