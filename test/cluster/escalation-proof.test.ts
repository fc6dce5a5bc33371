// Escalation paths proven on the real API server: the analyzer reads the live cluster, finds each
// starting identity's path, and the test PERFORMS every step as that identity (create the pod, mint the
// token, impersonate, create or update the binding, rewrite the role, have the certificate approved), then
// asks the server, as the identity gained, with a SelfSubjectAccessReview whether cluster-admin is allowed.
// A step the server refuses fails the test. Potential steps (exec, nodes/proxy) are proven as far as the
// server can without a kubelet: the request passes authorization.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EscalationAnalyzer, EscalationPath } from "../../core/escalation/paths";
import { serviceAccountIdentity } from "../../core/identity";
import { loadQueryState } from "../../cli/state";
import { RBAC } from "./live-support";
import { AdminClient, useApiServer } from "../support/apiserver";
import { CLUSTER_ADMIN_ATTRS, IdentityClient, certificateRequest, signAsClusterSigner } from "./escalation-support";

const CERTS = "certificates.k8s.io";
const rbacGroup = "rbac.authorization.k8s.io";
const STARTERS = [
  "pod-maker",
  "minter",
  "impersonator",
  "sa-impersonator",
  "binder",
  "updater",
  "escalator",
  "csr",
  "execer",
  "reader",
  "node-proxier",
];

const rule = (verbs: string[], apiGroups: string[], resources: string[], resourceNames?: string[]) => ({
  verbs,
  apiGroups,
  resources,
  ...(resourceNames ? { resourceNames } : {}),
});

/** The roles of each starting ServiceAccount: exactly the permissions of its step, nothing more. */
const GRANTS: Record<string, { namespace?: string; rules: ReturnType<typeof rule>[] }> = {
  "pod-maker": { namespace: "prize", rules: [rule(["create"], [""], ["pods"])] },
  minter: { namespace: "prize", rules: [rule(["create"], [""], ["serviceaccounts/token"], ["admin-sa"])] },
  impersonator: {
    rules: [rule(["impersonate"], [""], ["users"], ["nobody"]), rule(["impersonate"], [""], ["groups"], ["system:masters"])],
  },
  "sa-impersonator": { namespace: "prize", rules: [rule(["impersonate"], [""], ["serviceaccounts"], ["admin-sa"])] },
  binder: {
    rules: [rule(["create"], [rbacGroup], ["clusterrolebindings"]), rule(["bind"], [rbacGroup], ["clusterroles"], ["cluster-admin"])],
  },
  updater: {
    rules: [
      rule(["update"], [rbacGroup], ["clusterrolebindings"], ["prize-admin"]),
      rule(["bind"], [rbacGroup], ["clusterroles"], ["cluster-admin"]),
    ],
  },
  escalator: { rules: [rule(["update", "escalate"], [rbacGroup], ["clusterroles"], ["start-escalator"])] },
  csr: {
    rules: [
      rule(["create", "get"], [CERTS], ["certificatesigningrequests"]),
      rule(["update"], [CERTS], ["certificatesigningrequests/approval"]),
      rule(["approve"], [CERTS], ["signers"], ["kubernetes.io/kube-apiserver-client"]),
    ],
  },
  execer: { namespace: "prize", rules: [rule(["create"], [""], ["pods/exec"])] },
  reader: { namespace: "prize", rules: [rule(["list"], [""], ["secrets"])] },
  "node-proxier": { rules: [rule(["get"], [""], ["nodes/proxy"])] },
};

describe("cluster: escalation paths performed on the real API server", function () {
  this.timeout(180_000);
  const server = useApiServer({ reuse: true }); // --reuse keeps the CA key in DIR/state: the test signs as the CSR signer;
  let admin: AdminClient;
  let tmp: string;
  const tokens = new Map<string, string>();
  const paths = new Map<string, EscalationPath | undefined>();
  const open: IdentityClient[] = [];
  const as = (name: string, impersonate?: { user?: string; groups?: string[] }) => {
    const c = new IdentityClient(server(), { token: tokens.get(name)! }, impersonate);
    open.push(c);
    return c;
  };
  const mint = async (ns: string, name: string) =>
    (
      (await admin.create(`/api/v1/namespaces/${ns}/serviceaccounts/${name}/token`, {
        apiVersion: "authentication.k8s.io/v1",
        kind: "TokenRequest",
        spec: {},
      })) as {
        status: { token: string };
      }
    ).status.token;

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-escalation-"));
    admin = new AdminClient(server().kubeconfig("admin"));
    for (const ns of ["start", "prize"])
      await admin.create("/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
    await admin.create("/api/v1/namespaces/prize/serviceaccounts", {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name: "admin-sa" },
    });
    await admin.create(
      `${RBAC}/clusterrolebindings`,
      binding("ClusterRoleBinding", "prize-admin", "cluster-admin", "ClusterRole", "prize", "admin-sa"),
    );
    const operators = binding("ClusterRoleBinding", "cluster-operators", "cluster-admin", "ClusterRole", "", "");
    operators.subjects = [{ kind: "Group", name: "cluster-operators", apiGroup: rbacGroup }];
    await admin.create(`${RBAC}/clusterrolebindings`, operators);
    for (const name of STARTERS) {
      await admin.create("/api/v1/namespaces/start/serviceaccounts", { apiVersion: "v1", kind: "ServiceAccount", metadata: { name } });
      const g = GRANTS[name]!;
      const roleName = `start-${name}`;
      if (g.namespace) {
        await admin.create(`${RBAC}/namespaces/${g.namespace}/roles`, {
          apiVersion: `${rbacGroup}/v1`,
          kind: "Role",
          metadata: { name: roleName },
          rules: g.rules,
        });
        await admin.create(
          `${RBAC}/namespaces/${g.namespace}/rolebindings`,
          binding("RoleBinding", roleName, roleName, "Role", "start", name),
        );
      } else {
        await admin.create(`${RBAC}/clusterroles`, {
          apiVersion: `${rbacGroup}/v1`,
          kind: "ClusterRole",
          metadata: { name: roleName },
          rules: g.rules,
        });
        await admin.create(`${RBAC}/clusterrolebindings`, binding("ClusterRoleBinding", roleName, roleName, "ClusterRole", "start", name));
      }
      tokens.set(name, await mint("start", name));
    }
    // What the kubelet and the token controller would provide: a pod to exec into, a legacy token Secret.
    await admin.create("/api/v1/namespaces/prize/pods", pod("runner", "admin-sa"));
    await admin.create("/api/v1/namespaces/prize/secrets", {
      apiVersion: "v1",
      kind: "Secret",
      type: "kubernetes.io/service-account-token",
      metadata: { name: "admin-sa-token-x7k2p", annotations: { "kubernetes.io/service-account.name": "admin-sa" } },
      data: { token: Buffer.from(await mint("prize", "admin-sa")).toString("base64") },
    });
    // The analyzer reads the live cluster once, before any step changes it.
    const state = await loadQueryState({ files: [], kubeconfig: server().kubeconfig("admin") });
    try {
      const analyzer = new EscalationAnalyzer(state.index, { others: state.others });
      for (const name of STARTERS) paths.set(name, analyzer.pathFor(serviceAccountIdentity("start", name)));
    } finally {
      state.cluster?.connection.dispose();
    }
  });
  after(() => {
    for (const c of open) c.dispose();
    admin?.dispose();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** The analyzer's path for a starter: its step kinds and the identity each step becomes. */
  const shape = (name: string) => paths.get(name)?.steps.map((s) => `${s.kind}${s.potential ? "?" : ""} -> ${s.becomes}`);

  it("no starting identity is cluster-admin before it acts", async () => {
    for (const name of STARTERS) assert.equal(await as(name).can(CLUSTER_ADMIN_ATTRS), false, name);
  });

  it("create a pod with serviceAccountName: the server admits it, and that ServiceAccount is cluster-admin", async () => {
    assert.deepEqual(shape("pod-maker"), ["create-pod -> ServiceAccount prize/admin-sa"]);
    const created = await as("pod-maker").expect<{ spec: { serviceAccountName: string } }>(
      201,
      "POST",
      "/api/v1/namespaces/prize/pods",
      pod("escalated", "admin-sa"),
    );
    assert.equal(created.spec.serviceAccountName, "admin-sa");
    // The pod's token is the one the kubelet would mount: a token of prize/admin-sa.
    assert.equal(await new IdentityClient(server(), { token: await mint("prize", "admin-sa") }).can(CLUSTER_ADMIN_ATTRS), true);
  });

  it("mint a token and use it", async () => {
    assert.deepEqual(shape("minter"), ["create-token -> ServiceAccount prize/admin-sa"]);
    const r = await as("minter").expect<{ status: { token: string } }>(
      201,
      "POST",
      "/api/v1/namespaces/prize/serviceaccounts/admin-sa/token",
      {
        apiVersion: "authentication.k8s.io/v1",
        kind: "TokenRequest",
        spec: {},
      },
    );
    const gained = new IdentityClient(server(), { token: r.status.token });
    open.push(gained);
    assert.equal((await gained.whoAmI()).username, "system:serviceaccount:prize:admin-sa");
    assert.equal(await gained.can(CLUSTER_ADMIN_ATTRS), true);
  });

  it("impersonate a user with group system:masters, and a ServiceAccount", async () => {
    assert.deepEqual(shape("impersonator"), ["impersonate -> User nobody in group system:masters"]);
    const gained = as("impersonator", { user: "nobody", groups: ["system:masters"] });
    assert.deepEqual(await gained.whoAmI(), { username: "nobody", groups: ["system:masters", "system:authenticated"] });
    assert.equal(await gained.can(CLUSTER_ADMIN_ATTRS), true);
    assert.deepEqual(shape("sa-impersonator"), ["impersonate -> ServiceAccount prize/admin-sa"]);
    assert.equal(await as("sa-impersonator", { user: "system:serviceaccount:prize:admin-sa" }).can(CLUSTER_ADMIN_ATTRS), true);
  });

  it("create a binding of cluster-admin to oneself (bind + create clusterrolebindings)", async () => {
    assert.deepEqual(shape("binder"), ["bind -> ClusterRole cluster-admin cluster-wide"]);
    const me = as("binder");
    await me.expect(
      201,
      "POST",
      `${RBAC}/clusterrolebindings`,
      binding("ClusterRoleBinding", "binder-escalated", "cluster-admin", "ClusterRole", "start", "binder"),
    );
    assert.equal(await me.can(CLUSTER_ADMIN_ATTRS), true);
  });

  it("update an existing binding to add oneself (update + bind)", async () => {
    assert.deepEqual(shape("updater"), ["bind -> ClusterRole cluster-admin cluster-wide"]);
    const me = as("updater");
    const b = binding("ClusterRoleBinding", "prize-admin", "cluster-admin", "ClusterRole", "prize", "admin-sa");
    b.subjects.push({ kind: "ServiceAccount", name: "updater", namespace: "start" });
    await me.expect(200, "PUT", `${RBAC}/clusterrolebindings/prize-admin`, b);
    assert.equal(await me.can(CLUSTER_ADMIN_ATTRS), true);
  });

  it("rewrite a role bound to oneself (escalate + update)", async () => {
    assert.deepEqual(shape("escalator"), ["escalate -> every rule cluster-wide (ClusterRole start-escalator rewritten)"]);
    const me = as("escalator");
    await me.expect(200, "PUT", `${RBAC}/clusterroles/start-escalator`, {
      apiVersion: `${rbacGroup}/v1`,
      kind: "ClusterRole",
      metadata: { name: "start-escalator" },
      rules: [...GRANTS.escalator!.rules, rule(["*"], ["*"], ["*"])],
    });
    assert.equal(await me.can(CLUSTER_ADMIN_ATTRS), true);
  });

  const base = `/apis/${CERTS}/v1/certificatesigningrequests`;
  it("have a client certificate for a cluster-admin group approved (create + approval + approve on the signer)", async () => {
    assert.deepEqual(shape("csr"), ["approve-csr -> User kube-rbac-escalation in group cluster-operators"]);
    const me = as("csr");
    // The API server refuses system:masters for this signer (CertificateSubjectRestriction admission).
    const masters = certificateRequest(tmp, "kube-rbac-escalation", ["system:masters"]);
    const refused = await me.request("POST", base, csrObject("masters", masters.csr));
    assert.equal(refused.status, 403);
    assert.match(
      JSON.stringify(refused.body),
      /use of kubernetes.io\/kube-apiserver-client signer with system:masters group is not allowed/,
    );
    const { key, csr } = certificateRequest(tmp, "kube-rbac-escalation", ["cluster-operators"]);
    const created = await me.expect<Record<string, unknown>>(201, "POST", base, csrObject("kube-rbac-escalation", csr));
    const approved = {
      ...created,
      status: { conditions: [{ type: "Approved", status: "True", reason: "Escalation", message: "approved by its requester" }] },
    };
    await me.expect(200, "PUT", `${base}/kube-rbac-escalation/approval`, approved);
    // The signer (kube-controller-manager in a real cluster) issues approved requests.
    const current = await admin.request<Record<string, unknown>>("GET", `${base}/kube-rbac-escalation`);
    const cert = signAsClusterSigner(server(), tmp, csr);
    await admin.update(`${base}/kube-rbac-escalation/status`, {
      ...current.body,
      status: { ...(current.body.status as object), certificate: Buffer.from(cert).toString("base64") },
    });
    const issued = await me.expect<{ status: { certificate: string } }>(200, "GET", `${base}/kube-rbac-escalation`);
    const gained = new IdentityClient(server(), { cert: Buffer.from(issued.status.certificate, "base64").toString("utf8"), key });
    open.push(gained);
    assert.deepEqual(await gained.whoAmI(), { username: "kube-rbac-escalation", groups: ["cluster-operators", "system:authenticated"] });
    assert.equal(await gained.can(CLUSTER_ADMIN_ATTRS), true);
  });

  it("potential: read a legacy token Secret and use it", async () => {
    assert.deepEqual(shape("reader"), ["read-secrets? -> ServiceAccount prize/admin-sa"]);
    const list = await as("reader").expect<{ items: { type: string; data: { token: string } }[] }>(
      200,
      "GET",
      "/api/v1/namespaces/prize/secrets",
    );
    const token = list.items.find((s) => s.type === "kubernetes.io/service-account-token")!.data.token;
    assert.equal(
      await new IdentityClient(server(), { token: Buffer.from(token, "base64").toString("utf8") }).can(CLUSTER_ADMIN_ATTRS),
      true,
    );
  });

  it("potential: exec into a pod and nodes/proxy pass authorization (only a kubelet is missing)", async () => {
    assert.deepEqual(shape("execer"), ["exec? -> ServiceAccount prize/admin-sa"]);
    assert.deepEqual(shape("node-proxier")?.at(-1), "node-proxy? -> ServiceAccount prize/admin-sa");
    const exec = await as("execer").request("POST", "/api/v1/namespaces/prize/pods/runner/exec?command=id&stdout=true");
    assert.notEqual(exec.status, 403, JSON.stringify(exec.body));
    const proxy = await as("node-proxier").request("GET", "/api/v1/nodes/node-1/proxy/pods");
    assert.notEqual(proxy.status, 403, JSON.stringify(proxy.body));
    // Without the permission the server says 403.
    assert.equal((await as("reader").request("POST", "/api/v1/namespaces/prize/pods/runner/exec?command=id&stdout=true")).status, 403);
  });
});

function binding(kind: string, name: string, roleName: string, roleKind: string, saNamespace: string, sa: string) {
  return {
    apiVersion: `${rbacGroup}/v1`,
    kind,
    metadata: { name },
    roleRef: { apiGroup: rbacGroup, kind: roleKind, name: roleName },
    subjects: [{ kind: "ServiceAccount", name: sa, namespace: saNamespace }] as {
      kind: string;
      name: string;
      namespace?: string;
      apiGroup?: string;
    }[],
  };
}

function csrObject(name: string, csr: string) {
  return {
    apiVersion: `${CERTS}/v1`,
    kind: "CertificateSigningRequest",
    metadata: { name },
    spec: { request: Buffer.from(csr).toString("base64"), signerName: "kubernetes.io/kube-apiserver-client", usages: ["client auth"] },
  };
}

function pod(name: string, serviceAccountName: string) {
  return { apiVersion: "v1", kind: "Pod", metadata: { name }, spec: { serviceAccountName, containers: [{ name: "c", image: "busybox" }] } };
}
