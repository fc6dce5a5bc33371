// `kube-rbac can-i … --kubeconfig K --as …` and `kubectl auth can-i … --as …` agree on the same real
// API server: same syntax, same meaning, same exit codes. (kubectl is Debian's kubernetes-client.)

import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import { run } from "../../cli/run";
import { AdminClient, useApiServer } from "../support/apiserver";
import { RBAC } from "../support/cluster-objects";

function kubectl(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile("kubectl", args, { timeout: 60_000 }, (err, stdout) => {
      const code = err ? (typeof (err as { code?: unknown }).code === "number" ? (err as { code: number }).code : 99) : 0;
      resolve({ code, out: stdout });
    });
  });
}

describe("kube-rbac can-i agrees with kubectl auth can-i", function () {
  this.timeout(180_000);
  const server = useApiServer();

  before(async () => {
    const admin = new AdminClient(server().kubeconfig("admin"));
    try {
      for (const ns of ["shop", "ops"])
        await admin.create("/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
      await admin.create(`${RBAC}/namespaces/shop/roles`, {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "Role",
        metadata: { name: "deployer", namespace: "shop" },
        rules: [
          { apiGroups: ["apps"], resources: ["deployments", "deployments/scale"], verbs: ["get", "list", "update", "patch"] },
          { apiGroups: [""], resources: ["configmaps"], resourceNames: ["settings"], verbs: ["get", "update"] },
        ],
      });
      await admin.create(`${RBAC}/namespaces/shop/rolebindings`, {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "RoleBinding",
        metadata: { name: "deployers", namespace: "shop" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "deployer" },
        subjects: [
          { kind: "Group", name: "shop-devs", apiGroup: "rbac.authorization.k8s.io" },
          { kind: "ServiceAccount", name: "ci" },
        ],
      });
      await admin.create(`${RBAC}/clusterroles`, {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRole",
        metadata: { name: "node-watcher" },
        rules: [
          { apiGroups: [""], resources: ["nodes"], verbs: ["get", "list", "watch"] },
          { nonResourceURLs: ["/metrics", "/healthz/*"], verbs: ["get"] },
        ],
      });
      await admin.create(`${RBAC}/clusterrolebindings`, {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRoleBinding",
        metadata: { name: "node-watchers" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "node-watcher" },
        subjects: [{ kind: "User", name: "olga", apiGroup: "rbac.authorization.k8s.io" }],
      });
      await admin.create(`${RBAC}/namespaces/ops/rolebindings`, {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "RoleBinding",
        metadata: { name: "olga-edit", namespace: "ops" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "edit" },
        subjects: [{ kind: "User", name: "olga", apiGroup: "rbac.authorization.k8s.io" }],
      });
    } finally {
      admin.dispose();
    }
  });

  const cases: string[][] = [
    ["get", "deployments", "-n", "shop", "--as", "sam", "--as-group", "shop-devs"],
    ["update", "deployments.apps/web", "-n", "shop", "--as", "sam", "--as-group", "shop-devs"],
    ["update", "deploy", "--subresource", "scale", "-n", "shop", "--as", "sam", "--as-group", "shop-devs"],
    ["delete", "deployments", "-n", "shop", "--as", "sam", "--as-group", "shop-devs"],
    ["get", "deployments", "-n", "ops", "--as", "sam", "--as-group", "shop-devs"],
    ["get", "configmaps/settings", "-n", "shop", "--as", "sam", "--as-group", "shop-devs"],
    ["get", "configmaps/other", "-n", "shop", "--as", "sam", "--as-group", "shop-devs"],
    ["list", "configmaps", "-n", "shop", "--as", "sam", "--as-group", "shop-devs"],
    ["patch", "deployments", "-n", "shop", "--as", "system:serviceaccount:shop:ci"],
    ["patch", "deployments", "-n", "shop", "--as", "system:serviceaccount:ops:ci"],
    ["list", "nodes", "-A", "--as", "olga"],
    ["get", "/metrics", "--as", "olga"],
    ["get", "/healthz", "--as", "olga"],
    ["get", "/healthz/etcd", "--as", "olga"],
    ["create", "pods", "-n", "ops", "--as", "olga"],
    ["create", "pods", "-n", "shop", "--as", "olga"],
    ["get", "secrets", "-n", "ops", "--as", "olga"],
    ["list", "pods", "-A", "--as", "olga"],
    ["create", "selfsubjectaccessreviews.authorization.k8s.io", "--as", "nobody-at-all"],
    // (Not system:anonymous: kubectl asks through a SelfSubjectAccessReview *as* the impersonated user,
    // which anonymous may not create, so kubectl fails there; the differential test covers anonymous.)
    ["delete", "nodes", "-A", "--as", "root", "--as-group", "system:masters"],
    ["*", "*", "-n", "shop", "--as", "sam", "--as-group", "shop-devs"],
    ["impersonate", "serviceaccounts", "-n", "ops", "--as", "olga"],
  ];

  it(`gives the same yes/no and exit code on ${cases.length} questions`, async () => {
    const kc = server().kubeconfig("admin");
    const mismatches: string[] = [];
    for (const c of cases) {
      const theirs = await kubectl(["auth", "can-i", ...c, "--kubeconfig", kc]);
      let out = "";
      const code = await run(["can-i", ...c, "--kubeconfig", kc], { out: (t) => (out += t), err: () => undefined });
      const ours = out.split("\n")[0];
      const theirsFirst = theirs.out.split("\n")[0].trim();
      if (ours !== theirsFirst || code !== theirs.code)
        mismatches.push(`${c.join(" ")}: kubectl "${theirsFirst}" (${theirs.code}), kube-rbac "${ours}" (${code})`);
    }
    assert.deepEqual(mismatches, []);
  });
});
