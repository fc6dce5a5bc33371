// `kube-rbac suggest`, proven on the real API server: a service account runs a scripted workload against
// one test kube-apiserver (some requests allowed by a grant made for the purpose, some denied), whose
// audit log is then fed to the command line. The suggestion is applied with `kubectl apply -f -` to a
// second, fresh API server, where SubjectAccessReview must allow every request of the workload (and did
// not before), and deny a sample of requests the workload did not make.

import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import { parseAllDocuments } from "yaml";
import { Request } from "../../core/model";
import { serviceAccountIdentity } from "../../core/identity";
import { AdminClient, TestApiServer, useApiServer } from "../support/apiserver";
import { createNamespaces, serverAllows } from "../support/cluster-objects";
import { REPO_ROOT } from "../support/corpus";
import { useTempDir } from "../support/temp-dir";

const SA = "system:serviceaccount:default:robot";
const IDENTITY = serviceAccountIdentity("default", "robot");
const A = "suggest-a";
const B = "suggest-b";

/** One step of the workload: an HTTP request and the authorization requests the server makes for it. */
interface Step {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  readonly contentType?: string;
  readonly expect: readonly Request[];
}

const res = (verb: string, resource: string, namespace: string, name = "", apiGroup = "", subresource = ""): Request => ({
  kind: "resource",
  verb,
  apiGroup,
  resource,
  subresource,
  name,
  namespace,
});
const cm = (name: string) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data: { k: "v" } });
const MERGE = "application/merge-patch+json";

const WORKLOAD: readonly Step[] = [
  { method: "GET", path: `/api/v1/namespaces/${A}/secrets/db`, expect: [res("get", "secrets", A, "db")] },
  { method: "GET", path: `/api/v1/namespaces/${A}/secrets/tls`, expect: [res("get", "secrets", A, "tls")] },
  { method: "GET", path: `/api/v1/namespaces/${A}/configmaps?limit=5`, expect: [res("list", "configmaps", A)] },
  { method: "GET", path: `/api/v1/namespaces/${A}/configmaps?watch=1&timeoutSeconds=1`, expect: [res("watch", "configmaps", A)] },
  { method: "POST", path: `/api/v1/namespaces/${A}/configmaps`, body: cm("cm1"), expect: [res("create", "configmaps", A)] },
  { method: "PUT", path: `/api/v1/namespaces/${A}/configmaps/cm1`, body: cm("cm1"), expect: [res("update", "configmaps", A, "cm1")] },
  {
    method: "PATCH",
    path: `/api/v1/namespaces/${A}/configmaps/cm1`,
    body: { data: { k: "w" } },
    contentType: MERGE,
    expect: [res("patch", "configmaps", A, "cm1")],
  },
  { method: "DELETE", path: `/api/v1/namespaces/${A}/configmaps/cm1`, expect: [res("delete", "configmaps", A, "cm1")] },
  {
    // Server-side apply of a new object: authorized as patch, and as create of that name (the only create
    // of secrets in the workload, so only the 201 in the log tells it).
    method: "PATCH",
    path: `/api/v1/namespaces/${A}/secrets/applied?fieldManager=suggest-proof`,
    body: { apiVersion: "v1", kind: "Secret", metadata: { name: "applied" }, stringData: { k: "v" } },
    contentType: "application/apply-patch+yaml",
    expect: [res("patch", "secrets", A, "applied"), res("create", "secrets", A, "applied")],
  },
  {
    method: "GET",
    path: `/apis/apps/v1/namespaces/${A}/deployments/web/scale`,
    expect: [res("get", "deployments", A, "web", "apps", "scale")],
  },
  {
    method: "PATCH",
    path: `/apis/apps/v1/namespaces/${A}/deployments/web/scale`,
    body: { spec: { replicas: 2 } },
    contentType: MERGE,
    expect: [res("patch", "deployments", A, "web", "apps", "scale")],
  },
  { method: "GET", path: `/api/v1/namespaces/${A}`, expect: [res("get", "namespaces", A, A)] },
  { method: "DELETE", path: `/api/v1/namespaces/${A}/configmaps?labelSelector=gone`, expect: [res("deletecollection", "configmaps", A)] },
  // Denied: no grant in the second namespace, at cluster scope or for /metrics.
  { method: "GET", path: `/api/v1/namespaces/${B}/pods`, expect: [res("list", "pods", B)] },
  { method: "GET", path: `/api/v1/namespaces/${B}/secrets/db`, expect: [res("get", "secrets", B, "db")] },
  { method: "POST", path: `/api/v1/namespaces/${B}/configmaps`, body: cm("denied"), expect: [res("create", "configmaps", B)] },
  { method: "GET", path: "/api/v1/nodes", expect: [res("list", "nodes", "")] },
  { method: "GET", path: "/api/v1/namespaces", expect: [res("list", "namespaces", "")] },
  { method: "GET", path: "/api/v1/pods", expect: [res("list", "pods", "")] },
  { method: "GET", path: "/metrics", expect: [{ kind: "nonResource", verb: "get", path: "/metrics" }] },
];

/** Requests the workload did not make: other names, verbs, namespaces, resources, paths. */
const UNLOGGED: readonly Request[] = [
  res("get", "secrets", A, "other"),
  res("list", "secrets", A),
  res("update", "secrets", A, "db"),
  // Secrets were only created by the server-side apply, which RBAC saw with its name.
  res("create", "secrets", A, "other"),
  res("create", "secrets", A),
  res("get", "secrets", "elsewhere", "db"),
  res("list", "configmaps", B),
  res("get", "configmaps", B, "cm1"),
  res("update", "deployments", A, "web", "apps", "scale"),
  res("get", "deployments", A, "web", "apps"),
  res("get", "namespaces", B, B),
  res("delete", "namespaces", "", A),
  res("watch", "nodes", ""),
  res("get", "pods", A, "web", "", "log"),
  res("delete", "pods", B, "x"),
  { kind: "nonResource", verb: "post", path: "/metrics" },
  { kind: "nonResource", verb: "get", path: "/logs" },
];

const requestLine = (r: Request) =>
  r.kind === "nonResource"
    ? `${r.verb} ${r.path}`
    : `${r.verb} ${r.apiGroup}/${r.resource}${r.subresource ? "/" + r.subresource : ""} ${r.name || "-"}@${r.namespace || "-"}`;

function runCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(REPO_ROOT, "out", "cli", "main.js"), ...args], { maxBuffer: 64 << 20 }, (e, out, err) =>
      resolve({ code: e ? Number((e as { code?: number }).code ?? 3) : 0, out, err }),
    );
  });
}

/** `kubectl apply -f -` of `manifests`, as a user of the suggestion would run it. */
function kubectlApply(kubeconfig: string, manifests: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = execFile("kubectl", ["apply", "-f", "-", "--kubeconfig", kubeconfig], { timeout: 60_000 }, (e, out, err) =>
      resolve({ code: e ? Number((e as { code?: number }).code ?? 1) : 0, out: out + err }),
    );
    child.stdin!.end(manifests);
  });
}

/** Resolves once the audit log holds the final stage of `count` requests by the service account. */
function waitForAuditEvents(file: string, count: number): Promise<void> {
  const done = () =>
    fs
      .readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => l.includes(`"username":"${SA}"`) && l.includes('"stage":"ResponseComplete"')).length >= count;
  return new Promise((resolve, reject) => {
    const watcher = fs.watch(file, () => {
      if (done()) finish();
    });
    const timer = setTimeout(() => finish(new Error(`the audit log did not show ${count} requests of ${SA}`)), 60_000);
    const finish = (e?: Error) => {
      watcher.close();
      clearTimeout(timer);
      if (e) reject(e);
      else resolve();
    };
    if (done()) finish();
  });
}

async function prepareWorkload(server: TestApiServer): Promise<void> {
  const admin = new AdminClient(server.kubeconfig("admin"));
  try {
    await createNamespaces(admin, [A, B]);
    for (const name of ["db", "tls", "other"])
      await admin.create(`/api/v1/namespaces/${A}/secrets`, { apiVersion: "v1", kind: "Secret", metadata: { name } });
    await admin.create(`/apis/apps/v1/namespaces/${A}/deployments`, {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web" },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: "web" } },
        template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "c", image: "busybox" }] } },
      },
    });
    // The workload is allowed most of what it does in the first namespace, and nothing elsewhere.
    await admin.create(`/apis/rbac.authorization.k8s.io/v1/namespaces/${A}/rolebindings`, {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: "robot-admin" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "admin" },
      subjects: [{ kind: "ServiceAccount", name: "robot", namespace: "default" }],
    });
  } finally {
    admin.dispose();
  }
}

describe("suggest on the real API server's audit log", function () {
  this.timeout(180_000);
  const logged = useApiServer();
  const fresh = useApiServer();
  const tmp = useTempDir("kube-rbac-suggest-proof-");

  it("suggests what allows every logged request of the service account on a fresh server, and no other", async () => {
    await prepareWorkload(logged());
    const robot = new AdminClient(logged().kubeconfig("sa"));
    const statuses: string[] = [];
    try {
      for (const s of WORKLOAD) {
        const r = await robot.request(s.method, s.path, s.body, s.contentType);
        statuses.push(`${s.method} ${s.path} ${r.status}`);
      }
    } finally {
      robot.dispose();
    }
    // Both outcomes are in the workload: the suggestion must allow what was denied too.
    assert.ok(statuses.some((l) => / 20[01]$/.test(l)) && statuses.some((l) => / 403$/.test(l)), statuses.join("\n"));
    await waitForAuditEvents(logged().ready.auditLog, WORKLOAD.length);

    const plain = await runCli(["suggest", "--audit-log", logged().ready.auditLog, "--as", SA]);
    assert.equal(plain.code, 0, plain.err);
    assert.match(plain.err, new RegExp(`^read \\d+ audit events in \\d+ lines of 1 log: ${WORKLOAD.length} requests by ${SA} `));
    const zipped = tmp.write("audit.log.gz", gzipSync(fs.readFileSync(logged().ready.auditLog)));
    const gz = await runCli(["suggest", "--audit-log", zipped, "--as", SA]);
    assert.equal(gz.out, plain.out);

    const admin = new AdminClient(fresh().kubeconfig("admin"));
    try {
      await createNamespaces(admin, [A, B]);
      const expected = WORKLOAD.flatMap((s) => s.expect);
      const before = await Promise.all(expected.map((r) => serverAllows(admin, { identity: IDENTITY, request: r })));
      assert.deepEqual(expected.filter((_, i) => before[i]).map(requestLine), [], "allowed on the fresh server before the suggestion");
      const applied = await kubectlApply(fresh().kubeconfig("admin"), plain.out);
      assert.equal(applied.code, 0, applied.out);
      assert.equal(applied.out.trim().split("\n").length, parseAllDocuments(plain.out).length, applied.out);
      const after = await Promise.all(expected.map((r) => serverAllows(admin, { identity: IDENTITY, request: r })));
      assert.deepEqual(expected.filter((_, i) => !after[i]).map(requestLine), [], "logged but denied after the suggestion");
      const others = await Promise.all(UNLOGGED.map((r) => serverAllows(admin, { identity: IDENTITY, request: r })));
      assert.deepEqual(UNLOGGED.filter((_, i) => others[i]).map(requestLine), [], "not logged but allowed after the suggestion");
    } finally {
      admin.dispose();
    }
  });
});
