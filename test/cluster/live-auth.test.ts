// Authentication, who-am-I, reviews, errors and discovery against a real kube-apiserver.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tls from "node:tls";
import {
  ClusterError,
  discover,
  discoveryCatalog,
  DiscoveryWatcher,
  LiveRbacSnapshot,
  ResolvedContext,
  selfAccessReview,
  subjectAccessReview,
  whoAmI,
} from "../../cluster";
import { AdminClient, useApiServer } from "../support/apiserver";
import { SecureContextCache } from "../../cluster/tls-context";
import { kubeconfigFixture, KUBECONFIG_FIXTURES } from "../support/fixtures";
import { connectAs, contextOf, disposedAfterEach } from "./live-support";

async function failure(p: Promise<unknown>): Promise<ClusterError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ClusterError, String(e));
    return e;
  }
  assert.fail("expected a failure");
}

const FAKE_SECRETS = ["fake-SECRET-token-0xdeadbeef", "fake-refresh-SECRET-987654", "fake-garbage-SECRET-123456"];

describe("live authentication, reviews and discovery (real kube-apiserver)", function () {
  this.timeout(60_000);
  const server = useApiServer();
  const track = disposedAfterEach();
  let tmp = "";
  let listerToken: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-auth-"));
    listerToken = contextOf(server(), "lister").user.token ?? "";
    assert.ok(listerToken.length > 0);
  });
  after(() => tmp && fs.rmSync(tmp, { recursive: true, force: true }));

  const withUser =
    (user: Partial<ResolvedContext["user"]>) =>
    (c: ResolvedContext): ResolvedContext => ({ ...c, user: { name: "test-user", impersonateGroups: [], file: c.user.file, ...user } });

  it("client certificates, static tokens, token files and ServiceAccount tokens: SelfSubjectReview says who we are", async () => {
    const ready = server().ready;
    const admin = await whoAmI(track(connectAs(server(), "admin")));
    assert.equal(admin.username, ready.users?.admin ?? admin.username);
    assert.deepEqual([...admin.groups].sort(), ["system:authenticated", "system:masters"]);
    const lister = await whoAmI(track(connectAs(server(), "lister")));
    assert.deepEqual(
      { username: lister.username, groups: lister.groups, uid: lister.uid },
      { username: "lister", groups: ["system:authenticated"], uid: "lister-uid" },
    );
    const tokenFile = path.join(tmp, "token");
    fs.writeFileSync(tokenFile, listerToken + "\n");
    assert.equal((await whoAmI(track(connectAs(server(), "lister", withUser({ tokenFile }))))).username, "lister");
    const sa = await whoAmI(track(connectAs(server(), "sa")));
    assert.equal(sa.username, "system:serviceaccount:default:robot");
    assert.deepEqual([...sa.groups].sort(), ["system:authenticated", "system:serviceaccounts", "system:serviceaccounts:default"]);
  });

  it("an exec plugin provides the token, and its prompt reaches the caller", async () => {
    const prompts: string[] = [];
    const exec = {
      apiVersion: "client.authentication.k8s.io/v1beta1",
      command: process.execPath,
      args: [kubeconfigFixture("exec-plugin.js")],
      env: [
        { name: "PLUGIN_MODE", value: "token" },
        { name: "PLUGIN_TOKEN", value: listerToken },
      ],
      provideClusterInfo: false,
      interactiveMode: "IfAvailable" as const,
      baseDir: KUBECONFIG_FIXTURES,
    };
    const conn = track(connectAs(server(), "lister", withUser({ exec }), { onExecOutput: (t) => prompts.push(t) }));
    assert.equal((await whoAmI(conn)).username, "lister");
    assert.match(prompts.join(""), /devicelogin and enter the code ABCD-EFGH/);
    // Failing and hanging plugins: clear errors, bounded in time, no output quoted.
    const failing = await failure(
      whoAmI(
        track(
          connectAs(server(), "lister", withUser({ exec: { ...exec, env: [{ name: "PLUGIN_MODE", value: "fail" }] } }), {
            onExecOutput: () => {},
          }),
        ),
      ),
    );
    assert.deepEqual(
      [failing.kind, failing.message],
      ["exec", `The exec credential plugin "node" exited with code 3; its messages (if any) were shown in the output.`],
    );
    const hanging = await failure(
      whoAmI(
        track(
          connectAs(server(), "lister", withUser({ exec: { ...exec, env: [{ name: "PLUGIN_MODE", value: "hang" }] } }), {
            execTimeoutMs: 500,
          }),
        ),
      ),
    );
    assert.deepEqual(
      [hanging.kind, hanging.message],
      ["timeout", `The exec credential plugin "node" did not finish within 500 ms and was stopped.`],
    );
  });

  it("a legacy auth-provider user goes through client-node (loaded as an ES module on demand)", async () => {
    const authProvider = { name: "gcp", config: { "access-token": listerToken, expiry: "2099-01-01T00:00:00Z" } };
    assert.equal((await whoAmI(track(connectAs(server(), "lister", withUser({ authProvider }))))).username, "lister");
  });

  it("no credential reaches an error message", async () => {
    const messages: string[] = [];
    const bad = await failure(whoAmI(track(connectAs(server(), "lister", withUser({ token: FAKE_SECRETS[0] })))));
    assert.equal(bad.kind, "unauthorized");
    messages.push(bad.message);
    const exec = {
      apiVersion: "client.authentication.k8s.io/v1",
      command: process.execPath,
      args: [kubeconfigFixture("exec-plugin.js")],
      provideClusterInfo: false,
      interactiveMode: "IfAvailable" as const,
      baseDir: KUBECONFIG_FIXTURES,
    };
    for (const mode of ["fail", "garbage"]) {
      const e = await failure(
        whoAmI(
          track(
            connectAs(server(), "lister", withUser({ exec: { ...exec, env: [{ name: "PLUGIN_MODE", value: mode }] } }), {
              onExecOutput: () => {},
            }),
          ),
        ),
      );
      messages.push(e.message);
    }
    const problems: string[] = [];
    const live = await failure(
      LiveRbacSnapshot.start(track(connectAs(server(), "lister", withUser({ token: FAKE_SECRETS[0] }))), {
        onProblem: (e) => problems.push(e.message),
      }),
    );
    messages.push(live.message, ...problems);
    const all = messages.join("\n");
    for (const s of [...FAKE_SECRETS, listerToken]) assert.ok(!all.includes(s), all);
    assert.equal(
      bad.message,
      `The API server ${new URL(server().server).host} refused the credentials of user "test-user" (401 Unauthorized).`,
    );
  });

  it("an unreachable server and a wrong CA give clear errors", async () => {
    const net = await import("node:net");
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", () => r()));
    const port = (probe.address() as import("node:net").AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const down = await failure(
      whoAmI(track(connectAs(server(), "admin", (c) => ({ ...c, cluster: { ...c.cluster, server: `https://127.0.0.1:${port}` } })))),
    );
    assert.deepEqual([down.kind, down.message], ["unreachable", `Cannot reach https://127.0.0.1:${port}: connection refused.`]);
    const otherCa = Buffer.from(tls.rootCertificates[0]).toString("base64");
    const wrongCa = await failure(
      whoAmI(track(connectAs(server(), "admin", (c) => ({ ...c, cluster: { ...c.cluster, certificateAuthorityData: otherCa } })))),
    );
    assert.equal(wrongCa.kind, "tls");
    assert.match(
      wrongCa.message,
      /^The TLS certificate of 127\.0\.0\.1:\d+ could not be verified \([A-Z_]+\): check the cluster's certificate-authority in the kubeconfig\.$/,
    );
  });

  it("checks the server's certificate against the kubeconfig's authority, without Node's root certificates", async () => {
    // Node's full verification (a context with the root store) is the fallback only: not taken here.
    const original = Object.getOwnPropertyDescriptor(SecureContextCache.prototype, "get")!;
    const full = original.value as (this: SecureContextCache, ...args: unknown[]) => unknown;
    let calls = 0;
    Object.defineProperty(SecureContextCache.prototype, "get", {
      ...original,
      value(this: SecureContextCache, ...args: unknown[]) {
        calls++;
        return full.apply(this, args);
      },
    });
    try {
      assert.equal((await whoAmI(track(connectAs(server(), "admin")))).groups.includes("system:masters"), true);
      assert.equal((await whoAmI(track(connectAs(server(), "lister")))).username, "lister");
    } finally {
      Object.defineProperty(SecureContextCache.prototype, "get", original);
    }
    assert.equal(calls, 0);
  });

  it("access reviews give the server's own answer", async () => {
    const lister = track(connectAs(server(), "lister"));
    const listRoles = {
      kind: "resource" as const,
      verb: "list",
      apiGroup: "rbac.authorization.k8s.io",
      resource: "roles",
      subresource: "",
      name: "",
      namespace: "team-a",
    };
    assert.equal((await selfAccessReview(lister, listRoles)).allowed, true);
    assert.equal((await selfAccessReview(lister, { ...listRoles, namespace: "" })).allowed, false);
    assert.equal((await selfAccessReview(lister, { kind: "nonResource", verb: "get", path: "/healthz" })).allowed, true);
    const admin = track(connectAs(server(), "admin"));
    const sar = await subjectAccessReview(admin, { user: "lister", groups: ["system:authenticated"] }, listRoles);
    assert.equal(sar.allowed, true);
    assert.match(sar.reason, /RoleBinding "kube-rbac-test:lister\/team-a"/);
    assert.equal(
      (await subjectAccessReview(admin, { user: "lister", groups: ["system:authenticated"] }, { ...listRoles, verb: "delete" })).allowed,
      false,
    );
    // The lister may not ask about others.
    assert.equal((await failure(subjectAccessReview(lister, { user: "x", groups: [] }, listRoles))).kind, "forbidden");
  });

  it("discovery lists groups, resources, subresources, verbs and scope, and follows a new CRD", async () => {
    const conn = track(connectAs(server(), "admin"));
    const d = await discover(conn);
    assert.equal(d.aggregated, true);
    const catalog = discoveryCatalog(d, "test");
    const roles = catalog.lookup("rbac.authorization.k8s.io", "roles");
    assert.deepEqual(roles && { namespaced: roles.namespaced, verbs: [...roles.verbs].sort(), kind: roles.kind }, {
      namespaced: true,
      verbs: ["bind", "create", "delete", "deletecollection", "escalate", "get", "list", "patch", "update", "watch"],
      kind: "Role",
    });
    assert.deepEqual(catalog.lookup("", "pods/log")?.verbs, ["get"]);
    assert.equal(catalog.lookup("", "namespaces")?.namespaced, false);
    const watcher = track(await DiscoveryWatcher.start(conn, { debounceMs: 100 }));
    assert.equal(watcher.mode, "crd-watch");
    const changed = new Promise<void>((resolve) => {
      const sub = watcher.onDidChange((r) => {
        if (discoveryCatalog(r, "test").lookup("example.com", "widgets")) {
          sub.dispose();
          resolve();
        }
      });
    });
    const admin = new AdminClient(server().kubeconfig("admin"));
    try {
      await admin.create("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", {
        apiVersion: "apiextensions.k8s.io/v1",
        kind: "CustomResourceDefinition",
        metadata: { name: "widgets.example.com" },
        spec: {
          group: "example.com",
          scope: "Namespaced",
          names: { plural: "widgets", singular: "widget", kind: "Widget", shortNames: ["wd"] },
          versions: [
            {
              name: "v1",
              served: true,
              storage: true,
              schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
              subresources: { status: {} },
            },
          ],
        },
      });
      await changed;
      const c = discoveryCatalog(watcher.current, "test");
      assert.deepEqual(c.lookup("example.com", "widgets")?.shortNames, ["wd"]);
      assert.ok(c.lookup("example.com", "widgets/status"));
    } finally {
      admin.dispose();
    }
    // A user who may not list CRDs falls back to polling.
    const polled = track(await DiscoveryWatcher.start(track(connectAs(server(), "nobody")), { pollMs: 60_000 }));
    assert.equal(polled.mode, "poll");
  });
});
