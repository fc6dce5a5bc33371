// Escalation paths and nearest misses in the editor, over the bundled example snapshot: a subject's
// "Can become cluster-admin" in the Effective Permissions view, and a denied "Can I…?" with its nearest
// miss in the result view and its export.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";
import { api, childLabels, label, setSetting, waitForState, walk } from "./helpers";

describe("escalation paths and nearest misses in the editor", () => {
  before(async () => {
    const a = await api();
    await setSetting("cluster.exampleSnapshot", true);
    await waitForState(a, (s) => s.kind === "ready" && s.source === "example", "the example snapshot");
  });

  it("shows under a subject what it can become, each step with its permission and where it comes from", async () => {
    const a = await api();
    const node = walk(a, "Users", "dave@contoso.com", "Can become cluster-admin");
    assert.equal(node.treeItem().description, "in 1 step");
    const steps = a.tree.getChildren(node);
    assert.deepEqual(
      steps.map((n) => [label(n), n.treeItem().description]),
      [
        ["1. impersonate user kube-rbac-escalation with group system:masters", "→ User kube-rbac-escalation in group system:masters"],
        ["Then allowed everything", "group system:masters (allowed before RBAC is consulted)"],
      ],
    );
    // The tooltip's Markdown, as text (appendText escapes spaces and punctuation).
    const tooltip = (steps[0].treeItem().tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, " ").replace(/\\(.)/g, "$1");
    assert.match(
      tooltip,
      /impersonate users "kube-rbac-escalation" at cluster scope: ClusterRoleBinding rbac-managers → ClusterRole rbac-manager → rules\[1\]/,
    );
    // Each permission of the step is a provenance node that opens its rule.
    const uses = a.tree.getChildren(steps[0]);
    assert.deepEqual(
      uses.map((u) => [label(u), u.treeItem().description]),
      [
        [
          'impersonate users "kube-rbac-escalation" at cluster scope',
          "ClusterRoleBinding rbac-managers → ClusterRole rbac-manager · rules[1]",
        ],
        [
          'impersonate groups "kube-rbac-escalation" at cluster scope',
          "ClusterRoleBinding rbac-managers → ClusterRole rbac-manager · rules[1]",
        ],
      ],
    );
    const opened = await vscode.commands.executeCommand<string>("kubeRbac.openSource", uses[0]);
    assert.match(opened, /^kube-rbac-cluster:\/ClusterRole\/rbac-manager/);
    // The superuser group allows everything before RBAC: there is no binding to open.
    assert.deepEqual(childLabels(a, steps[1]), []);
  });

  it("shows a ServiceAccount's two-step path and nothing for a subject without one", async () => {
    const a = await api();
    const node = walk(a, "Service Accounts", "kube-system", "cronjob-controller", "Can become cluster-admin");
    assert.equal(node.treeItem().description, "in 2 steps");
    const steps = a.tree.getChildren(node).map((n) => [label(n), n.treeItem().description]);
    assert.deepEqual(steps[0], [
      "1. create a job in namespace kube-system with serviceAccountName clusterrole-aggregation-controller",
      "→ ServiceAccount kube-system/clusterrole-aggregation-controller",
    ]);
    assert.equal(steps.length, 3);
    assert.ok(!childLabels(a, walk(a, "Users", "carol@contoso.com")).some((l) => /cluster-admin/.test(l)));
  });

  it("answers a denied Can I…? with its nearest miss, in the result view and the JSON export", async () => {
    const a = await api();
    const no = await vscode.commands.executeCommand<{ local: boolean; nearestMisses: { kind: string; message: string }[] }>(
      "kubeRbac.canI",
      {
        verb: "create",
        resource: "pods/exec",
        namespace: "team-a",
        as: "carol@contoso.com",
      },
    );
    assert.equal(no.local, false);
    const miss =
      "namespace: RoleBinding team-b/ci-release (Role team-b/release-manager, rules[2]): allowed in namespace team-b, not in team-a";
    const report = a.results.report!;
    assert.deepEqual(
      report.sections.find((s) => s.heading === "Nearest misses")?.lines.map((l) => l.text),
      [miss],
    );
    assert.match(a.results.shown!.html, /<h2>Nearest misses<\/h2>\n<ul>\n<li>namespace: RoleBinding team-b\/ci-release/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-misses-"));
    const json = vscode.Uri.file(path.join(dir, "can-i.json"));
    await vscode.commands.executeCommand("kubeRbac.exportResult", { uri: json.toString() });
    const parsed = JSON.parse(fs.readFileSync(json.fsPath, "utf8")) as {
      allowed: boolean;
      nearestMisses: { kind: string; binding: string }[];
    };
    assert.equal(parsed.allowed, false);
    assert.deepEqual(
      parsed.nearestMisses.map((m) => `${m.kind} ${m.binding}`),
      ["namespace RoleBinding team-b/ci-release"],
    );
    assert.deepEqual(
      no.nearestMisses.map((m) => m.kind),
      ["namespace"],
    );
  });
});
