import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  connect,
  detectAks,
  isEntraObjectId,
  KubeconfigWatcher,
  listContexts,
  loadKubeconfig,
  resolveContext,
  resolveExecCommand,
  resolveKubeconfigOrigin,
  withCurrentContext,
  writeCurrentContext,
} from "../../cluster";
import { readSimpleYaml } from "../../cluster/kubeconfig-yaml";
import { kubeconfigFixture, KUBECONFIG_FIXTURES } from "../support/fixtures";

const first = kubeconfigFixture("first.yaml");
const second = kubeconfigFixture("second.yaml");
const noCurrent = kubeconfigFixture("no-current.yaml");
const missing = kubeconfigFixture("does-not-exist.yaml");

function load(env: Record<string, string>, explicitPath?: string) {
  const r = loadKubeconfig({ env, homeDir: "/home/tester", delimiter: ":", explicitPath });
  return r;
}

describe("kubeconfig resolution", () => {
  it("prefers an explicit path, then KUBECONFIG, then ~/.kube/config", () => {
    assert.deepEqual(resolveKubeconfigOrigin({ explicitPath: first, env: { KUBECONFIG: second }, homeDir: "/h" }), {
      kind: "explicit",
      path: first,
    });
    assert.deepEqual(resolveKubeconfigOrigin({ env: { KUBECONFIG: `${second}::${first}:${second}` }, homeDir: "/h", delimiter: ":" }), {
      kind: "env",
      paths: [second, first],
    });
    assert.deepEqual(resolveKubeconfigOrigin({ env: { KUBECONFIG: "" }, homeDir: "/h" }), {
      kind: "default",
      path: path.join("/h", ".kube", "config"),
    });
    assert.deepEqual(resolveKubeconfigOrigin({ explicitPath: "~/k.yaml", env: {}, homeDir: "/h" }), {
      kind: "explicit",
      path: path.join("/h", "k.yaml"),
    });
  });

  it("merges KUBECONFIG files: the first to define a name wins, the first current-context wins, missing files are skipped", () => {
    const r = load({ KUBECONFIG: [missing, first, second, noCurrent].join(":") });
    assert.ok(r.ok);
    const c = r.config;
    assert.deepEqual(c.files, [first, second, noCurrent]);
    assert.equal(c.currentContext, "alpha");
    assert.equal(c.clusters.get("shared")?.server, "https://first.example:6443");
    assert.equal(c.clusters.get("shared")?.certificateAuthority, path.join(KUBECONFIG_FIXTURES, "certs", "ca.crt"));
    assert.equal(c.contexts.get("both")?.file, first);
    assert.deepEqual(listContexts(c), [
      { name: "alpha", cluster: "shared", user: "alice", namespace: "team-a", server: "https://first.example:6443", current: true },
      {
        name: "beta",
        cluster: "aks",
        user: "entra",
        namespace: "default",
        server: "https://myaks-dns-1a2b3c4d.hcp.westeurope.azmk8s.io:443",
        current: false,
      },
      { name: "both", cluster: "shared", user: "alice", namespace: "default", server: "https://first.example:6443", current: false },
      { name: "gamma", cluster: "shared", user: "alice", namespace: "default", server: "https://first.example:6443", current: false },
    ]);
    // Reversed order: the other file's definitions win.
    const r2 = load({ KUBECONFIG: [noCurrent, second, first].join(":") });
    assert.ok(r2.ok);
    assert.equal(r2.config.currentContext, "beta");
    assert.equal(r2.config.clusters.get("shared")?.server, "https://second.example:6443");
    assert.equal(r2.config.contexts.get("both")?.namespace, "ignored");
  });

  it("reports a missing kubeconfig as such, never falling back to localhost:8080", () => {
    const onlyMissing = load({ KUBECONFIG: missing });
    assert.deepEqual(onlyMissing.ok ? "ok" : [onlyMissing.reason, onlyMissing.message], [
      "missing",
      `None of the files in KUBECONFIG exist (${missing}). Set kubeRbac.kubeconfig, pass --kubeconfig, or point KUBECONFIG at a kubeconfig file.`,
    ]);
    const explicit = load({}, missing);
    assert.deepEqual(explicit.ok ? "ok" : [explicit.reason, explicit.message], [
      "missing",
      `The kubeconfig file ${missing} does not exist.`,
    ]);
    const home = loadKubeconfig({ env: {}, homeDir: path.join(KUBECONFIG_FIXTURES, "no-home") });
    assert.deepEqual(home.ok ? "ok" : home.reason, "missing");
    assert.match(home.ok ? "" : home.message, /^No kubeconfig found at .*no-home.\.kube.config\./);
  });

  it("reports invalid YAML without quoting the file's content", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-kc-"));
    try {
      const bad = path.join(dir, "bad.yaml");
      fs.writeFileSync(bad, "users:\n- name: x\n  user: {token: fake-secret-token-42\n");
      const r = load({ KUBECONFIG: bad });
      assert.equal(r.ok, false);
      assert.ok(!r.ok && r.reason === "invalid" && r.message.startsWith(`The kubeconfig file ${bad} is not valid YAML`), JSON.stringify(r));
      assert.ok(!JSON.stringify(r).includes("fake-secret-token-42"));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reads a file outside the simple subset (an anchor, a block scalar, flow mappings) through the full YAML parser", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-kc-"));
    try {
      const file = path.join(dir, "config");
      const text = `apiVersion: v1
kind: Config
current-context: b
clusters:
- name: a
  cluster: &shared
    server: https://shared.example:6443
- name: b
  cluster: *shared
contexts:
- {name: b, context: {cluster: b, user: u, namespace: team-b}}
users:
- name: u
  user:
    exec:
      command: kubelogin
      args: [get-token]
      installHint: |
        Install kubelogin:
          az aks install-cli
`;
      fs.writeFileSync(file, text);
      assert.equal(readSimpleYaml(text), undefined);
      const r = load({}, file);
      assert.ok(r.ok, JSON.stringify(r));
      assert.equal(r.config.currentContext, "b");
      assert.equal(r.config.clusters.get("b")?.server, "https://shared.example:6443");
      assert.equal(r.config.contexts.get("b")?.namespace, "team-b");
      const exec = r.config.users.get("u")?.exec;
      assert.deepEqual(
        [exec?.command, exec?.args, exec?.installHint],
        ["kubelogin", ["get-token"], "Install kubelogin:\n  az aks install-cli\n"],
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reads a kubectl-written file through the simple reader", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-kc-"));
    try {
      const file = path.join(dir, "config");
      const text = `apiVersion: v1
clusters:
- cluster:
    server: https://127.0.0.1:6443
  name: kind
contexts:
- context:
    cluster: kind
    namespace: "team-a"
    user: kind
  name: kind
current-context: kind
kind: Config
preferences: {}
users:
- name: kind
  user:
    token: 'fake-token'
`;
      fs.writeFileSync(file, text);
      assert.notEqual(readSimpleYaml(text), undefined);
      const r = load({}, file);
      assert.ok(r.ok, JSON.stringify(r));
      assert.deepEqual(listContexts(r.config), [
        { name: "kind", cluster: "kind", user: "kind", namespace: "team-a", server: "https://127.0.0.1:6443", current: true },
      ]);
      assert.equal(r.config.users.get("kind")?.token, "fake-token");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("connect() gives a typed result for a missing kubeconfig or an unknown context", () => {
    assert.deepEqual(connect({ env: { KUBECONFIG: missing }, delimiter: ":" }), {
      ok: false,
      reason: "no-kubeconfig",
      message: `None of the files in KUBECONFIG exist (${missing}). Set kubeRbac.kubeconfig, pass --kubeconfig, or point KUBECONFIG at a kubeconfig file.`,
    });
    assert.deepEqual(connect({ explicitPath: first, context: "nope" }), {
      ok: false,
      reason: "config",
      message: `The context "nope" is not defined in the kubeconfig file ${first}.`,
    });
    const ok = connect({ explicitPath: second, context: "beta" });
    assert.ok(ok.ok);
    assert.equal(ok.aks.isAks, true);
    ok.connection.dispose();
  });

  it("resolves a context and switches in memory without touching the files", () => {
    const r = load({ KUBECONFIG: [first, second].join(":") });
    assert.ok(r.ok);
    const before = fs.readFileSync(first, "utf8");
    const switched = withCurrentContext(r.config, "beta");
    const ctx = resolveContext(switched);
    assert.ok(ctx.ok);
    assert.equal(ctx.value.cluster.name, "aks");
    assert.equal(ctx.value.namespace, "default");
    assert.equal(fs.readFileSync(first, "utf8"), before);
    assert.deepEqual(resolveContext(r.config, "nope"), {
      ok: false,
      message: `The context "nope" is not defined in KUBECONFIG (${first}${path.delimiter}${second}).`,
    });
  });

  it("writes current-context like kubectl: into the first file that sets one, keeping comments", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-kc-"));
    try {
      const a = path.join(dir, "a.yaml");
      const b = path.join(dir, "b.yaml");
      fs.copyFileSync(noCurrent, a);
      fs.copyFileSync(first, b);
      const r = load({ KUBECONFIG: [a, b].join(":") });
      assert.ok(r.ok);
      assert.equal(writeCurrentContext(r.config, "gamma"), b);
      assert.match(fs.readFileSync(b, "utf8"), /^current-context: gamma$/m);
      assert.equal(fs.readFileSync(a, "utf8"), fs.readFileSync(noCurrent, "utf8"));
      const again = load({ KUBECONFIG: [a, b].join(":") });
      assert.equal(again.ok && again.config.currentContext, "gamma");
      assert.throws(() => writeCurrentContext(r.config, "nope"), /not defined/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("recognises AKS by host and by kubelogin, and Entra object IDs", () => {
    const r = load({ KUBECONFIG: second });
    assert.ok(r.ok);
    const ctx = resolveContext(r.config, "beta");
    assert.ok(ctx.ok);
    const aks = detectAks(ctx.value);
    assert.deepEqual(
      { ...aks, note: aks.note !== undefined },
      {
        isAks: true,
        reasons: ["server host under azmk8s.io", "kubelogin exec plugin"],
        kubeloginMode: "azurecli",
        note: true,
        signIn: 'Signed in with Entra ID through kubelogin, login mode "azurecli" (the Azure CLI\'s signed-in account).',
      },
    );
    // `az aks get-credentials --admin`: a local account in system:masters, not Entra ID.
    const admin = { ...ctx.value, user: { name: "clusterAdmin_rg-prod_aks-prod", token: "x", impersonateGroups: [], file: second } };
    assert.deepEqual(
      { localAdmin: detectAks(admin).localAdmin, signIn: detectAks(admin).signIn },
      {
        localAdmin: 'the clusterAdmin credential "clusterAdmin_rg-prod_aks-prod"',
        signIn:
          'This context signs in with a local admin account (the clusterAdmin credential "clusterAdmin_rg-prod_aks-prod"), not Entra ID: ' +
          "it is in system:masters, so the API server allows every request before RBAC or Azure RBAC is consulted.",
      },
    );
    const plain = load({ KUBECONFIG: first });
    assert.ok(plain.ok);
    const pctx = resolveContext(plain.config);
    assert.ok(pctx.ok);
    assert.deepEqual(detectAks(pctx.value), { isAks: false, reasons: [] });
    assert.equal(isEntraObjectId("6dae42f8-4368-4678-94ff-3960e28e3630"), true);
    assert.equal(isEntraObjectId("alice@contoso.com"), false);
  });

  it("resolves exec commands like kubectl: relative paths with a slash against the kubeconfig folder", () => {
    const base = {
      apiVersion: "client.authentication.k8s.io/v1",
      args: [],
      env: [],
      provideClusterInfo: false,
      interactiveMode: "IfAvailable" as const,
      baseDir: "/cfg",
    };
    assert.equal(resolveExecCommand({ ...base, command: "kubelogin" }), "kubelogin");
    assert.equal(resolveExecCommand({ ...base, command: "./bin/plugin" }), path.resolve("/cfg", "bin/plugin"));
    assert.equal(resolveExecCommand({ ...base, command: "/usr/bin/plugin" }), "/usr/bin/plugin");
  });
});

describe("kubeconfig watcher", () => {
  it("reports a change, a delete and a re-create of a watched file, debounced", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-kcw-"));
    const file = path.join(dir, "config");
    fs.writeFileSync(file, "current-context: a\n");
    const w = new KubeconfigWatcher([file], { debounceMs: 50 });
    const next = () =>
      new Promise<readonly string[]>((resolve) => {
        const d = w.onDidChange((e) => {
          d.dispose();
          resolve(e.files);
        });
      });
    try {
      let p = next();
      fs.writeFileSync(file, "current-context: b\n");
      fs.writeFileSync(file, "current-context: c\n");
      assert.deepEqual(await p, [file]);
      p = next();
      fs.rmSync(file);
      assert.deepEqual(await p, [file]);
      p = next();
      // An editor's atomic save: write elsewhere, rename over.
      fs.writeFileSync(path.join(dir, "config.tmp"), "current-context: d\n");
      fs.renameSync(path.join(dir, "config.tmp"), file);
      assert.deepEqual(await p, [file]);
    } finally {
      w.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
