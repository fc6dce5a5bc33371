// States without data leave the tree empty so a welcome view explains them; package.json has one for each.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";
import { api, EXTENSION_ID, recordSecrets, setSetting, waitForState } from "./helpers";

describe("welcome views and sources", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-vscode-states-"));

  after(async () => {
    for (const k of ["kubeconfig", "snapshotFile", "cluster.exampleSnapshot", "cluster.enable"]) await setSetting(k, undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("declares a welcome view for every state without data", () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
      contributes: { viewsWelcome: { view: string; when: string }[] };
    };
    const whens = pkg.contributes.viewsWelcome
      .filter((w) => w.view === "kubeRbac.permissions")
      .map((w) => w.when)
      .join(" ");
    for (const state of ["no-kubeconfig", "error", "untrusted", "disabled", "loading"])
      assert.ok(whens.includes(`'${state}'`), `welcome for ${state}`);
    assert.ok(whens.includes("kubeRbac.nothingVisible"));
  });

  it("no kubeconfig: empty tree (welcome view)", async () => {
    const a = await api();
    await setSetting("cluster.exampleSnapshot", false);
    await setSetting("kubeconfig", path.join(tmp, "missing-kubeconfig"));
    await waitForState(a, (s) => s.kind === "no-kubeconfig", "no-kubeconfig");
    assert.deepEqual(a.tree.getChildren(), []);
    assert.match(a.status.text, /no cluster/);
  });

  it("unreachable cluster: error state, retry tries again", async () => {
    const a = await api();
    const kc = path.join(tmp, "unreachable.yaml");
    const token = "kube-rbac-test-token-unreachable-7c41d9e2";
    recordSecrets(token);
    fs.writeFileSync(
      kc,
      `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://127.0.0.1:1\ncontexts:\n- name: gone\n  context: {cluster: c, user: u}\nusers:\n- name: u\n  user: {token: ${token}}\ncurrent-context: gone\n`,
    );
    await setSetting("kubeconfig", kc);
    const s = await waitForState(a, (x) => x.kind === "error", "an error state", 60_000);
    assert.ok(s.kind === "error" && s.label === "gone", JSON.stringify(s));
    assert.match(s.message, /^Cannot reach https:\/\/127\.0\.0\.1:1: connection refused\. Retrying in [\d.]+ (ms|s) \(attempt 1\)\.$/);
    assert.deepEqual(a.tree.getChildren(), []);
    // It tries again by itself (a server down for a while comes back without the user doing anything).
    await waitForState(a, (x) => x.kind === "error" && /\(attempt 2\)/.test(x.message), "the second attempt, without a refresh", 30_000);
    const again = waitForState(a, (x) => x.kind === "loading", "retry");
    void vscode.commands.executeCommand("kubeRbac.refresh");
    await again;
    await waitForState(a, (x) => x.kind === "error", "the error again", 60_000);
  });

  it("reads a snapshot file named by kubeRbac.snapshotFile", async () => {
    const a = await api();
    const file = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, "examples", "cluster-snapshot.yaml");
    await setSetting("snapshotFile", file);
    const s = await waitForState(a, (x) => x.kind === "ready" && x.source === "file", "the snapshot file");
    assert.ok(s.kind === "ready" && s.label === "cluster-snapshot.yaml");
    assert.match(a.status.text, /cluster-snapshot\.yaml/);
    await setSetting("snapshotFile", undefined);
  });

  it("cluster access turned off: disabled state", async () => {
    const a = await api();
    await setSetting("cluster.enable", false);
    await waitForState(a, (x) => x.kind === "disabled", "disabled");
    assert.deepEqual(a.tree.getChildren(), []);
    await setSetting("cluster.enable", undefined);
  });
});
