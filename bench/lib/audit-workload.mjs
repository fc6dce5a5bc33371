// A scripted workload of the test API server's service account default/robot, whose audit log (Metadata
// level) is the real input of the suggest comparison (bench/audit.mjs). The robot is bound to
// cluster-admin while it runs, so every request succeeds as a real client's would; the binding is removed
// afterwards. The requests cover what an audit-based generator must handle: varied verbs, the same request
// in several namespaces, named and unnamed gets, creates (whose name the authorizer never sees), an update
// and a server-side apply that create their object (authorized as a create of that name too),
// subresources, cluster-scoped reads, a list across all namespaces, a watch, and non-resource URLs (one
// with a query string, one public and one not).

import * as fs from "node:fs";
import * as https from "node:https";
import jsYaml from "js-yaml";

export const ROBOT = { namespace: "default", name: "robot" };
export const ROBOT_USER = `system:serviceaccount:${ROBOT.namespace}:${ROBOT.name}`;
export const WORKLOAD_NAMESPACES = ["bench-a", "bench-b", "bench-c"];
const GRANT = "kube-rbac-bench:robot-workload";
const RBAC = "/apis/rbac.authorization.k8s.io/v1";

const configMap = (name) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data: { k: "v" } });
const deployment = (name) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "c", image: "registry.example/app:1" }] } },
  },
});
// No service account controller runs: the pod names its service account and mounts no token.
const pod = (name, sa) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name },
  spec: { serviceAccountName: sa, automountServiceAccountToken: false, containers: [{ name: "c", image: "registry.example/app:1" }] },
});

/** What the admin sets up: namespaces, the objects the robot reads, and the robot's temporary grant. */
async function setUp(admin) {
  const must = async (p, body) => {
    const r = await admin.request("POST", p, body);
    if (r.status !== 201 && r.status !== 409) throw new Error(`POST ${p} -> ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`);
  };
  for (const ns of WORKLOAD_NAMESPACES) await must("/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
  for (const [ns, name] of [
    ["bench-a", "settings"],
    ["bench-a", "features"],
    ["bench-b", "settings"],
    ["bench-c", "settings"],
  ])
    await must(`/api/v1/namespaces/${ns}/configmaps`, configMap(name));
  await must("/api/v1/namespaces/bench-c/secrets", { apiVersion: "v1", kind: "Secret", metadata: { name: "db" }, stringData: { p: "x" } });
  await must("/apis/apps/v1/namespaces/bench-a/deployments", deployment("web"));
  await must("/api/v1/namespaces/bench-b/serviceaccounts", { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "builder" } });
  await must("/api/v1/namespaces/bench-b/pods", pod("worker", "builder"));
  await must(`${RBAC}/clusterrolebindings`, {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: { name: GRANT },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
    subjects: [{ kind: "ServiceAccount", namespace: ROBOT.namespace, name: ROBOT.name }],
  });
}

/** The robot's requests: [method, path, body?]. */
function requests() {
  const merge = { metadata: { labels: { touched: "yes" } } };
  return [
    ["GET", "/api/v1/namespaces/bench-a/pods"],
    ["GET", "/api/v1/namespaces/bench-b/pods"],
    ["GET", "/api/v1/namespaces/bench-a/configmaps/settings"],
    ["GET", "/api/v1/namespaces/bench-a/configmaps/features"],
    ["GET", "/api/v1/namespaces/bench-c/secrets/db"],
    ["GET", "/api/v1/namespaces/bench-a/configmaps?watch=1&timeoutSeconds=1&fieldSelector=metadata.name%3Dnone"],
    ["POST", "/api/v1/namespaces/bench-b/configmaps", configMap("created-by-robot")],
    ["PATCH", "/api/v1/namespaces/bench-b/configmaps/settings", merge],
    ["DELETE", "/api/v1/namespaces/bench-b/configmaps/created-by-robot"],
    [
      "PUT",
      "/apis/coordination.k8s.io/v1/namespaces/bench-c/leases/leader",
      { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name: "leader" }, spec: { holderIdentity: "robot" } },
    ],
    ["PATCH", "/api/v1/namespaces/bench-c/configmaps/applied?fieldManager=robot", configMap("applied")],
    ["GET", "/apis/apps/v1/namespaces/bench-a/deployments/web/scale"],
    ["PATCH", "/apis/apps/v1/namespaces/bench-a/deployments/web", merge],
    ["GET", "/api/v1/namespaces/bench-b/pods/worker/status"],
    [
      "POST",
      "/api/v1/namespaces/bench-b/serviceaccounts/builder/token",
      { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec: {} },
    ],
    ["GET", "/api/v1/namespaces"],
    ["GET", "/api/v1/namespaces/bench-a"],
    ["GET", "/api/v1/nodes"],
    ["GET", `${RBAC}/clusterroles`],
    ["GET", "/api/v1/configmaps"],
    ["GET", "/version"],
    ["GET", "/metrics"],
    ["GET", "/livez?verbose"],
    ["GET", "/metrics/slis?format=text"],
  ];
}

/** A client of a kubeconfig's first cluster and user that resolves with the status only (bodies may not be JSON). */
export function statusClient(kubeconfigFile) {
  const kc = jsYaml.load(fs.readFileSync(kubeconfigFile, "utf8"));
  const c = kc.clusters[0].cluster;
  const u = kc.users[0].user;
  const b64 = (x) => (x ? Buffer.from(x, "base64") : undefined);
  const agent = new https.Agent({ ca: b64(c["certificate-authority-data"]), keepAlive: true });
  const send = (method, p, body, contentType) =>
    new Promise((resolve, reject) => {
      const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const headers = { authorization: `Bearer ${u.token}`, ...(data ? { "content-type": contentType } : {}) };
      const req = https.request(new URL(p, c.server), { method, agent, headers, timeout: 30_000 }, (res) => {
        res.resume().on("end", () => resolve(res.statusCode ?? 0));
      });
      req.on("timeout", () => req.destroy(new Error(`${method} ${p} timed out`)));
      req.on("error", reject);
      req.end(data);
    });
  return { send, dispose: () => agent.destroy() };
}

/**
 * Runs the workload as the robot and copies the audit log (every event up to the robot's last request)
 * to `out`. Returns the number of the robot's requests and events.
 */
export async function runAuditWorkload(server, admin, out) {
  await setUp(admin);
  const robot = statusClient(server.kubeconfig("sa"));
  let done = 0;
  for (const [method, p, body] of requests()) {
    const apply = p.includes("fieldManager=");
    const contentType = apply ? "application/apply-patch+yaml" : method === "PATCH" ? "application/merge-patch+json" : "application/json";
    const status = await robot.send(method, p, body, contentType);
    if (status >= 400) throw new Error(`robot ${method} ${p} -> ${status}`);
    done++;
  }
  robot.dispose();
  const r = await admin.request("DELETE", `${RBAC}/clusterrolebindings/${GRANT}`);
  if (r.status !== 200) throw new Error(`DELETE ${GRANT} -> ${r.status}`);
  // The audit backend is blocking: every event of the robot's requests is written before the response.
  const lines = fs.readFileSync(server.ready.auditLog, "utf8").split("\n").filter(Boolean);
  fs.writeFileSync(out, lines.join("\n") + "\n");
  const robotEvents = lines.filter((l) => JSON.parse(l).user?.username === ROBOT_USER).length;
  return { requests: done, events: lines.length, robotEvents };
}
