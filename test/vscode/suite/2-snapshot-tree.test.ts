// The Effective Permissions tree over the bundled example snapshot (no kubeconfig in this host), and
// the commands that answer questions about it.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";
import { api, childLabels, label, setSetting, waitFor, waitForState, walk } from "./helpers";

describe("permissions tree over the example snapshot", () => {
  before(async () => {
    const a = await api();
    await setSetting("cluster.exampleSnapshot", true);
    await waitForState(a, (s) => s.kind === "ready" && s.source === "example", "the example snapshot");
  });

  it("lists users, groups and service accounts by namespace", async () => {
    const a = await api();
    const roots = childLabels(a);
    assert.deepEqual(roots.slice(-3), ["Users", "Groups", "Service Accounts"]);
    assert.ok(
      roots.some((r) => /example snapshot/.test(r)),
      `a note says the example snapshot is shown: ${roots.join(" | ")}`,
    );
    const users = childLabels(a, walk(a, "Users"));
    for (const u of ["alice@contoso.com", "carol@contoso.com", "dave@contoso.com"])
      assert.ok(users.includes(u), `user ${u} in ${users.join(", ")}`);
    const namespaces = childLabels(a, walk(a, "Service Accounts"));
    for (const ns of ["kube-system", "monitoring", "team-a", "team-b"])
      assert.ok(namespaces.includes(ns), `namespace ${ns} in ${namespaces.join(", ")}`);
    assert.deepEqual(childLabels(a, walk(a, "Service Accounts", "team-b")), ["app", "ci-bot"]);
  });

  it("shows scope → resource → verb → provenance, with risks marked from core/risk", async () => {
    const a = await api();
    const dave = walk(a, "Users", "dave@contoso.com");
    // dave may rewrite roles (escalate): test/vscode/suite/8-escalation.test.ts follows that path.
    assert.deepEqual(childLabels(a, dave), ["Can become cluster-admin", "Cluster-wide"]);
    const res = walk(a, "Users", "dave@contoso.com", "Cluster-wide", "rbac.authorization.k8s.io/roles");
    const item = res.treeItem();
    assert.equal(item.contextValue, "resource.risky");
    assert.match((item.tooltip as vscode.MarkdownString).value, /escalate-permission/);
    const verbs = a.tree.getChildren(res);
    const escalate = verbs.find((v) => label(v) === "escalate")!;
    assert.equal(escalate.treeItem().contextValue, "verb.risky");
    assert.equal(verbs.find((v) => label(v) === "get")!.treeItem().contextValue, "verb");
    const prov = a.tree.getChildren(escalate).map((n) => [label(n), n.treeItem().description]);
    assert.deepEqual(prov, [["ClusterRoleBinding rbac-managers", "→ ClusterRole rbac-manager · rules[0]"]]);
  });

  it("includes implicit groups and who inherits them", async () => {
    const a = await api();
    const g = walk(a, "Groups", "system:serviceaccounts:team-b");
    assert.equal(g.treeItem().description, "implicit group");
    assert.deepEqual(childLabels(a, walk(a, "Groups", "system:serviceaccounts:team-b", "Inherited by")), ["app", "ci-bot"]);
    // The SA inherits the group's RoleBinding of `view` in team-b.
    assert.ok(childLabels(a, walk(a, "Service Accounts", "team-b", "app")).includes("namespace team-b"));
  });

  it("opens where a permission comes from as a read-only cluster object", async () => {
    const a = await api();
    const escalate = walk(a, "Users", "dave@contoso.com", "Cluster-wide", "rbac.authorization.k8s.io/roles", "escalate");
    const src = a.tree.getChildren(escalate)[0];
    const uri = await vscode.commands.executeCommand<string>("kubeRbac.openSource", src);
    assert.equal(uri, "kube-rbac-cluster:/ClusterRole/rbac-manager.yaml");
    const doc = vscode.window.activeTextEditor!.document;
    assert.match(doc.getText(), /name: rbac-manager/);
    assert.match(doc.getText(), /escalate/);
  });

  it("names Entra ID groups, badges risky subjects and marks grants that match no served resource", async () => {
    const a = await api();
    const group = (id: string) => a.tree.getChildren(walk(a, "Groups")).find((n) => label(n) === id)!;
    // Names from the workspace's .kube-rbac/group-names.yaml.
    assert.equal(group("b7e1c0a2-55d3-4f0e-8d7a-6c2f9e4b1a03").treeItem().description, "platform-on-call · cluster-admin equivalent");
    assert.equal(group("3f9d2c8e-7a41-4b8e-9c55-0d6e2a1b7f10").treeItem().description, "team-a-devs");
    const alice = a.tree.getChildren(walk(a, "Users")).find((n) => label(n) === "alice@contoso.com")!;
    const teamA = a.tree.getChildren(alice).find((n) => label(n) === "namespace team-a")!;
    const rows = a.tree.getChildren(teamA).map((n) => [label(n), n.treeItem().description]);
    // The developer Role's `core`/`pod` rule is listed last, as matching nothing.
    assert.deepEqual(rows[rows.length - 1], ["core/pod", "matches no served resource"]);
  });

  it("filters subjects and finds one", async () => {
    const a = await api();
    await vscode.commands.executeCommand("kubeRbac.filter", "carol");
    assert.deepEqual(childLabels(a, walk(a, "Users")), ["carol@contoso.com"]);
    const id = await vscode.commands.executeCommand<string>("kubeRbac.findSubject", {
      kind: "ServiceAccount",
      name: "ci-bot",
      namespace: "team-b",
    });
    assert.equal(id, "subject:ServiceAccount:team-b:ci-bot");
    await vscode.commands.executeCommand("kubeRbac.clearFilter");
    assert.ok(childLabels(a, walk(a, "Users")).length > 1);
  });

  it("answers who can in the result view: verdict first, links to the grants, export to a file", async () => {
    const a = await api();
    const r = await vscode.commands.executeCommand<{ subjects: { kind: string; name: string; namespace: string }[] }>("kubeRbac.whoCan", {
      verb: "create",
      resource: "pods/exec",
      namespace: "team-b",
    });
    const names = r.subjects.map((s) => `${s.kind}:${s.namespace}/${s.name}`);
    for (const n of ["User:/carol@contoso.com", "ServiceAccount:team-b/ci-bot"])
      assert.ok(names.includes(n), `${n} in ${names.join(", ")}`);
    const report = a.results.report!;
    assert.equal(report.verdict, `${names.length} subjects may create pods/exec in namespace team-b.`);
    const shown = a.results.shown!;
    assert.match(shown.html, /<body><p class="verdict yes" id="verdict">\d+ subjects may create pods\/exec in namespace team-b\.<\/p>/);
    // Entra ID groups carry their display name (examples/workspace/.kube-rbac/group-names.yaml).
    assert.match(shown.html, /Group b7e1c0a2-55d3-4f0e-8d7a-6c2f9e4b1a03 \(platform-on-call\)/);
    // Each grant links its binding, its role and its rule.
    assert.deepEqual(
      shown.links.slice(0, 3).map((l) => l.split(":")[0]),
      ["binding", "role", "rule"],
    );
    const opened = await vscode.commands.executeCommand<string>("kubeRbac.openResultLink", 0);
    assert.match(opened, /^kube-rbac-cluster:\/(Cluster)?RoleBinding\//);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-export-"));
    const md = vscode.Uri.file(path.join(dir, "who-can.md"));
    assert.equal(await vscode.commands.executeCommand("kubeRbac.exportResult", { uri: md.toString() }), md.toString());
    const text = fs.readFileSync(md.fsPath, "utf8");
    assert.equal(text.split("\n")[0], `**${report.verdict}**`);
    assert.match(text, /^# Who can create pods\/exec in namespace team-b$/m);
    const json = vscode.Uri.file(path.join(dir, "who-can.json"));
    await vscode.commands.executeCommand("kubeRbac.exportResult", { uri: json.toString() });
    const parsed = JSON.parse(fs.readFileSync(json.fsPath, "utf8")) as { request: { resource: string; subresource: string } };
    assert.equal(parsed.request.resource, "pods");
    assert.equal(parsed.request.subresource, "exec");
    assert.deepEqual(
      vscode.workspace.textDocuments.filter((d) => d.isUntitled).map((d) => d.uri.toString()),
      [],
    );
  });

  it("exports a subject's permissions", async () => {
    const json = JSON.parse(
      await vscode.commands.executeCommand<string>(
        "kubeRbac.exportPermissions",
        { kind: "ServiceAccount", name: "ci-bot", namespace: "team-b" },
        "json",
      ),
    ) as { resources: { resource: string; scope: string; verbs: string[]; risks: string[] }[] };
    const exec = json.resources.find((r) => r.resource === "pods/exec");
    assert.ok(exec);
    assert.deepEqual(
      { scope: exec.scope, verbs: exec.verbs, risks: exec.risks },
      { scope: "team-b", verbs: ["create"], risks: ["pod-exec"] },
    );
    const md = await vscode.commands.executeCommand<string>(
      "kubeRbac.exportPermissions",
      { kind: "User", name: "carol@contoso.com", namespace: "" },
      "markdown",
    );
    assert.match(md, /## Namespace team-b/);
  });

  it("answers Can I…? from the snapshot as a chosen identity, and says whose answer it is", async () => {
    const a = await api();
    const yes = await vscode.commands.executeCommand<{ local: boolean; verdict: string; note: string }>("kubeRbac.canI", {
      verb: "create",
      resource: "pods/exec",
      namespace: "team-b",
      as: "carol@contoso.com",
    });
    assert.equal(yes.local, true);
    assert.equal(yes.verdict, "Yes: carol@contoso.com may create pods/exec in namespace team-b.");
    assert.match(yes.note, /RBAC's answer, computed here from the loaded RBAC, not the API server's/);
    assert.equal(a.results.report!.verdict, yes.verdict);
    const no = await vscode.commands.executeCommand<{ local: boolean; verdict: string }>("kubeRbac.canI", {
      verb: "delete",
      resource: "nodes",
      as: "carol@contoso.com",
    });
    assert.equal(no.verdict, "No: carol@contoso.com may not delete nodes at cluster scope.");
  });

  it("what-if overlays the workspace and diffs a subject", async () => {
    const a = await api();
    assert.equal(await vscode.commands.executeCommand("kubeRbac.toggleWhatIf"), true);
    const s = await waitForState(a, (x) => x.kind === "ready" && x.whatIf !== undefined, "what-if on");
    assert.ok(s.kind === "ready" && s.whatIf!.objects > 0);
    // examples/workspace/proposed-team-b.yaml is not in the snapshot: it gives alice release-manager in team-b.
    const diff = await vscode.commands.executeCommand<{ added: { scope: string; resource: string; verb: string }[]; removed: unknown[] }>(
      "kubeRbac.whatIfDiff",
      { kind: "User", name: "alice@contoso.com", namespace: "" },
    );
    assert.deepEqual(diff.removed, []);
    assert.deepEqual(
      [...new Set(diff.added.map((d) => `${d.scope} ${d.resource}`))],
      ["team-b apps/deployments", "team-b apps/deployments/scale"],
    );
    assert.deepEqual([...new Set(diff.added.map((d) => d.verb))].sort(), ["get", "list", "patch", "update", "watch"]);
    assert.match(a.results.report!.verdict, /^Applying the workspace adds 10 and removes 0 permissions of .*alice@contoso\.com\.$/);
    assert.equal(await vscode.commands.executeCommand("kubeRbac.toggleWhatIf"), false);
  });

  it("checks whether a user may apply a file (escalation checks)", async () => {
    const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, "platform.yaml").toString();
    const carol = await vscode.commands.executeCommand<{ object: string; allowed: boolean }[]>("kubeRbac.canApplyFile", {
      uri,
      user: "carol@contoso.com",
    });
    assert.ok(carol.length > 0 && carol.every((r) => !r.allowed), JSON.stringify(carol));
    const report = (await api()).results.report!;
    assert.equal(
      report.verdict,
      `No: carol@contoso.com may not apply ${carol.length} of the ${carol.length} RBAC objects of platform.yaml.`,
    );
    assert.equal(report.sections.length, carol.length);
    const html = (await api()).results.shown!.html;
    assert.doesNotMatch(html, /APIGroups:/);
    assert.match(html, /<pre><code>- apiGroups: \[/);
    const admin = await vscode.commands.executeCommand<{ allowed: boolean }[]>("kubeRbac.canApplyFile", {
      uri,
      user: "root",
      groups: ["system:masters"],
    });
    assert.ok(admin.every((r) => r.allowed));
  });
  it("badges the head of a long list with its rows, the rest in the background", async () => {
    const a = await api();
    // The view hidden: only this test asks the tree for rows (a visible view would badge them too).
    await vscode.commands.executeCommand("workbench.view.explorer");
    // 60 users, each bound to cluster-admin: more than the rows badged at once (EAGER_BADGES, 20).
    const users = Array.from({ length: 60 }, (_, i) => `user-${String(i).padStart(2, "0")}@example.com`);
    const items = [
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRole",
        metadata: { name: "cluster-admin" },
        rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }],
      },
      ...users.map((name, i) => ({
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRoleBinding",
        metadata: { name: `admin-${i}` },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
        subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name }],
      })),
    ];
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-long-list-")), "snapshot.json");
    fs.writeFileSync(file, JSON.stringify({ apiVersion: "v1", kind: "List", items }));
    await setSetting("snapshotFile", file);
    try {
      await waitForState(a, (x) => x.kind === "ready" && x.source === "file" && x.snapshot.objects.length === 61, "the long list");
      const rows = a.tree.getChildren(walk(a, "Users"));
      assert.deepEqual(rows.map(label), users);
      assert.equal(rows[0].treeItem().description, "cluster-admin equivalent");
      assert.equal(rows[19].treeItem().description, "cluster-admin equivalent");
      // Row 50: no badge yet; it is computed in the background, then the row is repainted.
      const repainted = waitFor(a.tree.onDidChangeTreeData, (e) => Array.isArray(e) && e.includes(rows[50]), "row 50 repainted");
      assert.equal(rows[50].treeItem().description, undefined);
      await repainted;
      assert.equal(rows[50].treeItem().description, "cluster-admin equivalent");
    } finally {
      await setSetting("snapshotFile", undefined);
      await waitForState(a, (x) => x.kind === "ready" && x.source === "example", "the example snapshot again");
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});
