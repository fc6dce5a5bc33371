// The tree from a real kube-apiserver (the test server of test/apiserver, built into .cache/apiserver):
// initial lists, a change arriving through the watch, and switching context in memory (or saving it).
import * as assert from "node:assert/strict";
import { ChildProcess, execFile, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import * as vscode from "vscode";
import { parse, stringify } from "yaml";
import { api, childLabels, EXTENSION_ID, label, recordSecrets, setSetting, userSecrets, waitFor, waitForState, walk } from "./helpers";

const run = promisify(execFile);

function apiServerBinary(): string {
  if (process.env.KUBE_RBAC_TEST_APISERVER) return process.env.KUBE_RBAC_TEST_APISERVER;
  const dir = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, ".cache", "apiserver");
  const bin = (fs.existsSync(dir) ? fs.readdirSync(dir) : [])
    .filter((f) => /^kube-rbac-test-apiserver-v[\d.]+$/.test(f))
    .sort()
    .pop();
  if (!bin) throw new Error(`The test kube-apiserver is missing in ${dir}: run scripts/build-apiserver.sh`);
  return path.join(dir, bin);
}

interface Ready {
  kubeconfigs: Record<string, string>;
}

async function startApiServer(dir: string): Promise<{ child: ChildProcess; ready: Ready }> {
  // Open watches end 2 s into a shutdown (the last test stops the server under the extension's watches).
  // With the webhook authorizer after RBAC (Azure RBAC's stand-in): the Entra user may read Secrets RBAC does not grant.
  const args = ["--dir", dir, "--exit-with-parent", "--webhook-authorizer", "--", "--shutdown-watch-termination-grace-period=2s"];
  const child = spawn(apiServerBinary(), args, {
    stdio: "ignore",
    detached: true,
  });
  const readyFile = path.join(dir, "ready.json");
  await waitFor<string>(
    (listener) => {
      const w = fs.watch(dir, (_e, f) => {
        if (f) listener(f);
      });
      return { dispose: () => w.close() };
    },
    () => fs.existsSync(readyFile) && fs.statSync(readyFile).size > 0,
    "the test kube-apiserver (ready.json)",
    180_000,
    () => (fs.existsSync(readyFile) && fs.statSync(readyFile).size > 0 ? "ready.json" : undefined),
  );
  return { child, ready: JSON.parse(fs.readFileSync(readyFile, "utf8")) as Ready };
}

/** One kubeconfig with a context per test user (admin, nobody, lister, entra), current-context admin. */
function mergedKubeconfig(ready: Ready, file: string): void {
  type Kc = {
    clusters: { name: string; cluster: unknown }[];
    users: { name: string; user: unknown }[];
    contexts: { name: string; context: { cluster: string; user: string } }[];
  };
  const out = {
    apiVersion: "v1",
    kind: "Config",
    clusters: [] as unknown[],
    users: [] as unknown[],
    contexts: [] as unknown[],
    "current-context": "admin",
  };
  for (const who of ["admin", "nobody", "lister", "entra"]) {
    const kc = parse(fs.readFileSync(ready.kubeconfigs[who], "utf8")) as Kc;
    const cluster = kc.clusters[0].cluster as Record<string, unknown>;
    const ca = cluster["certificate-authority"];
    if (typeof ca === "string") cluster["certificate-authority"] = path.resolve(path.dirname(ready.kubeconfigs[who]), ca);
    out.clusters.push({ name: `test-${who}`, cluster });
    out.users.push({ name: who, user: kc.users[0].user });
    recordSecrets(...userSecrets(kc.users[0].user as Record<string, unknown>, path.dirname(ready.kubeconfigs[who])));
    // lister may list roles and rolebindings in team-a only: its context starts there.
    out.contexts.push({ name: who, context: { cluster: `test-${who}`, user: who, namespace: who === "lister" ? "team-a" : "default" } });
  }
  fs.writeFileSync(file, stringify(out));
}

/** Runs `kubectl --kubeconfig ADMIN ARGS…` and waits until the cluster's state names the subject. */
async function kubectlUntilSubject(a: Awaited<ReturnType<typeof api>>, args: string[], name: string, what: string): Promise<void> {
  const seen = waitForState(a, (x) => x.kind === "ready" && x.liveIndex.subjects().some((s) => s.name === name), what, 60_000);
  await run("kubectl", ["--kubeconfig", adminKubeconfig, ...args]);
  await seen;
}

let adminKubeconfig = "";

describe("permissions tree from a live kube-apiserver", function () {
  this.timeout(240_000);
  let server: ChildProcess | undefined;
  let dir = "";
  let kubeconfig = "";

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-vscode-apiserver-"));
    const started = await startApiServer(dir);
    server = started.child;
    adminKubeconfig = started.ready.kubeconfigs.admin!;
    kubeconfig = path.join(dir, "merged-kubeconfig.yaml");
    mergedKubeconfig(started.ready, kubeconfig);
  });

  after(async () => {
    await setSetting("kubeconfig", undefined);
    if (server?.pid)
      try {
        process.kill(-server.pid, "SIGTERM");
      } catch {
        /* gone */
      }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("lists the cluster's RBAC into the tree", async () => {
    const a = await api();
    await setSetting("kubeconfig", kubeconfig);
    const s = await waitForState(a, (x) => x.kind === "ready" && x.source === "cluster", "the cluster snapshot", 120_000);
    assert.ok(s.kind === "ready");
    assert.equal(s.label, "admin");
    assert.equal(s.snapshot.complete, true);
    assert.ok(s.me && s.me.groups.includes("system:masters"), `who am I: ${JSON.stringify(s.me)}`);
    assert.match(a.status.text, /admin \(default\)/);
    assert.ok(
      childLabels(
        a,
        a.tree.getChildren().find((n) => n.id === "cat:Group"),
      ).includes("system:authenticated"),
    );
  });

  it("shows a new binding that arrives through the watch", async () => {
    const a = await api();
    await kubectlUntilSubject(
      a,
      ["create", "clusterrolebinding", "erin-view", "--clusterrole=view", "--user=erin@contoso.com"],
      "erin@contoso.com",
      "erin's binding through the watch",
    );
    const users = childLabels(
      a,
      a.tree.getChildren().find((n) => n.id === "cat:User"),
    );
    assert.ok(users.includes("erin@contoso.com"), users.join(", "));
  });

  it("shows a change after a quiet spell at once, whatever the delay between updates", async () => {
    const a = await api();
    // Ten minutes between two updates: only a first change after a quiet spell can show within the test.
    const reloaded = waitForState(a, (x) => x.kind === "loading", "the reload for the new setting");
    await setSetting("cluster.refreshDebounceMs", 600_000);
    await reloaded;
    await waitForState(a, (x) => x.kind === "ready" && x.source === "cluster", "the cluster snapshot again", 120_000);
    try {
      await kubectlUntilSubject(
        a,
        ["create", "clusterrolebinding", "frank-view", "--clusterrole=view", "--user=frank@contoso.com"],
        "frank@contoso.com",
        "frank's binding through the watch, not held back",
      );
    } finally {
      const again = waitForState(a, (x) => x.kind === "loading", "the reload for the default");
      await setSetting("cluster.refreshDebounceMs", undefined);
      await again;
      await waitForState(a, (x) => x.kind === "ready" && x.source === "cluster", "the cluster snapshot with the default delay", 120_000);
    }
  });

  it("labels a group named by an Entra object id as such, and says the context is a local admin account", async () => {
    const a = await api();
    const guid = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    await kubectlUntilSubject(
      a,
      ["create", "clusterrolebinding", "entra-group-view", "--clusterrole=view", `--group=${guid}`],
      guid,
      "the Entra group's binding through the watch",
    );
    const node = a.tree.getChildren(a.tree.getChildren().find((n) => n.id === "cat:Group")).find((n) => label(n) === guid);
    assert.equal(node?.treeItem().description, "Entra ID group (object id)");
    assert.ok(
      a.tree
        .getChildren()
        .map(label)
        .includes(
          "This context signs in with a local admin account (a client certificate in the group system:masters): it is in system:masters, so the API server allows every request before RBAC is consulted.",
        ),
      a.tree.getChildren().map(label).join(" | "),
    );
  });

  it("answers Can I with the API server's agreement", async () => {
    const r = await vscode.commands.executeCommand<{ local: boolean; server: boolean | undefined }>("kubeRbac.canI", {
      verb: "delete",
      resource: "nodes",
    });
    assert.deepEqual({ local: r.local, server: r.server }, { local: true, server: true });
  });

  it("what-if over the live cluster: several subjects gain and lose permissions", async () => {
    const a = await api();
    // The cluster holds release-manager with one more rule (secrets), bound to bob; the workspace's
    // proposed-team-b.yaml replaces both: the role without secrets, the binding for alice instead.
    const file = path.join(dir, "team-b-live.yaml");
    fs.writeFileSync(
      file,
      `apiVersion: v1
kind: Namespace
metadata: {name: team-b}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: release-manager, namespace: team-b}
rules:
- {apiGroups: [apps], resources: [deployments, deployments/scale], verbs: [get, list, watch, update, patch]}
- {apiGroups: [""], resources: [secrets], verbs: [get]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: alice-releases, namespace: team-b}
subjects: [{kind: User, name: bob@contoso.com, apiGroup: rbac.authorization.k8s.io}]
roleRef: {kind: Role, name: release-manager, apiGroup: rbac.authorization.k8s.io}
`,
    );
    await kubectlUntilSubject(a, ["create", "-f", file], "bob@contoso.com", "bob's binding through the watch");
    type Diff = {
      added: { scope: string; resource: string; verb: string }[];
      removed: { scope: string; resource: string; verb: string }[];
    };
    const diffOf = async (name: string) => {
      const d = await vscode.commands.executeCommand<Diff>("kubeRbac.whatIfDiff", { kind: "User", name, namespace: "" });
      const teamB = (l: Diff["added"]) =>
        l
          .filter((x) => x.scope === "team-b")
          .map((x) => `${x.verb} ${x.resource}`)
          .sort();
      return { added: teamB(d.added), removed: teamB(d.removed) };
    };
    const deployments = ["get", "list", "patch", "update", "watch"]
      .flatMap((v) => [`${v} apps/deployments`, `${v} apps/deployments/scale`])
      .sort();
    assert.deepEqual(await diffOf("alice@contoso.com"), { added: deployments, removed: [] });
    assert.deepEqual(await diffOf("bob@contoso.com"), { added: [], removed: [...deployments, "get secrets"].sort() });
    assert.equal(await vscode.commands.executeCommand("kubeRbac.toggleWhatIf"), false);
  });

  it("switches context in memory without touching the kubeconfig, and saves when asked", async () => {
    const a = await api();
    const before = fs.readFileSync(kubeconfig, "utf8");
    await vscode.commands.executeCommand("kubeRbac.switchContext", { context: "nobody" });
    const s = await waitForState(a, (x) => (x.kind === "ready" || x.kind === "error") && x.label === "nobody", "context nobody", 60_000);
    // "nobody" may list nothing: the data is incomplete; the tree shows only what the server says nobody may do.
    assert.ok(s.kind === "ready" && !s.snapshot.complete && s.snapshot.objects.length === 0, JSON.stringify({ kind: s.kind }));
    assert.deepEqual(a.tree.getChildren().map(label).slice(-1), ["Your permissions (API server)"]);
    assert.deepEqual(childLabels(a, walk(a, "Your permissions (API server)")), ["namespace default"]);
    assert.equal(fs.readFileSync(kubeconfig, "utf8"), before);
    assert.deepEqual(a.model.contexts().active, "nobody");
    await vscode.commands.executeCommand("kubeRbac.switchContext", { context: "admin", save: true });
    await waitForState(a, (x) => x.kind === "ready" && x.label === "admin", "context admin", 60_000);
    assert.equal((parse(fs.readFileSync(kubeconfig, "utf8")) as Record<string, unknown>)["current-context"], "admin");
  });

  it("without list rights, shows your own permissions per namespace from SelfSubjectRulesReview (lister)", async () => {
    const a = await api();
    await vscode.commands.executeCommand("kubeRbac.switchContext", { context: "lister" });
    await waitForState(a, (x) => x.kind === "ready" && x.label === "lister" && !!x.snapshot.ownRulesByNamespace, "context lister", 60_000);
    const roots = a.tree.getChildren().map(label);
    // lister may list roles and rolebindings in team-a only: the rest is a gap, and no subject category is complete.
    assert.ok(roots.includes("Incomplete: cannot list clusterroles at cluster scope: forbidden"), roots.join(" | "));
    // This server runs a webhook after RBAC, which cannot list rules: every review is incomplete.
    const own = walk(a, "Your permissions (API server)");
    assert.equal(own.treeItem().description, "1 namespace, incomplete");
    assert.deepEqual(childLabels(a, own), ["namespace team-a"]);
    const teamA = walk(a, "Your permissions (API server)", "namespace team-a");
    assert.match(String(teamA.treeItem().description), /^\d+ rules — incomplete$/);
    assert.ok(
      childLabels(a, teamA).includes("get, list, watch roles, rolebindings (rbac.authorization.k8s.io)"),
      childLabels(a, teamA).join(" | "),
    );
  });

  it("another authorizer (the Azure RBAC stand-in): the tree marks your permissions incomplete, Can I shows the server's yes beside RBAC's no", async () => {
    const a = await api();
    await vscode.commands.executeCommand("kubeRbac.switchContext", { context: "entra" });
    await waitForState(a, (x) => x.kind === "ready" && x.label === "entra" && !!x.snapshot.ownRulesByNamespace, "context entra", 60_000);
    const own = walk(a, "Your permissions (API server)");
    assert.equal(own.treeItem().description, "1 namespace, incomplete");
    const ns = walk(a, "Your permissions (API server)", "namespace default");
    assert.match(String(ns.treeItem().description), / — incomplete$/);
    const tooltip = ns.treeItem().tooltip;
    assert.match(typeof tooltip === "string" ? tooltip : (tooltip?.value ?? ""), /Azure RBAC/);
    const r = await vscode.commands.executeCommand<{ local: boolean; server: boolean | undefined }>("kubeRbac.canI", {
      verb: "list",
      resource: "secrets",
      namespace: "team-a",
    });
    assert.deepEqual({ local: r.local, server: r.server }, { local: false, server: true });
    await vscode.commands.executeCommand("kubeRbac.switchContext", { context: "admin" });
    await waitForState(a, (x) => x.kind === "ready" && x.label === "admin", "context admin", 60_000);
  });

  it("when the API server stops: the data stays, marked stale with its age, in the tree and the status bar", async () => {
    const a = await api();
    await waitForState(a, (x) => x.kind === "ready" && x.label === "admin" && x.health?.state === "live", "live data from admin", 60_000);
    process.kill(-server!.pid!, "SIGTERM");
    const s = await waitForState(a, (x) => x.kind === "ready" && x.health?.state === "stale", "stale data", 60_000);
    assert.ok(s.kind === "ready" && s.snapshot.objects.length > 0, "the data was dropped");
    const row = a.tree
      .getChildren()
      .map(label)
      .find((l) => l.startsWith("Stale"));
    assert.match(row ?? "", /^Stale for \d+ s: .+ — retrying$/, a.tree.getChildren().map(label).join(" | "));
    assert.match(a.status.text, /^\$\(warning\) .*admin.* — stale \d+ s$/);
  });
});
