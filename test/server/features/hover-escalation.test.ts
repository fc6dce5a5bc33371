import { strict as assert } from "node:assert";
import { TestClient, withServer } from "../lsp-client";

// Roles in one workspace file; bindings in the hovered document (carets `|` on their names).
const ROLES = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: cluster-admin}
rules:
- {apiGroups: ["*"], resources: ["*"], verbs: ["*"]}
- {nonResourceURLs: ["*"], verbs: ["*"]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: deployer}
rules:
- {apiGroups: [apps], resources: [deployments], verbs: [create, get]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: impersonator}
rules:
- {apiGroups: [""], resources: [users], verbs: [impersonate], resourceNames: [nobody]}
- {apiGroups: [""], resources: [groups], verbs: [impersonate], resourceNames: ["system:masters"]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: viewer}
rules:
- {apiGroups: [""], resources: [pods], verbs: [get]}
`;

const BINDINGS = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ro|ot}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects:
- {kind: User, apiGroup: rbac.authorization.k8s.io, name: root}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: imper|sonator}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: impersonator}
subjects:
- {kind: ServiceAccount, name: builder, namespace: web}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: ch|ain, namespace: web}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: deployer}
subjects:
- {kind: User, apiGroup: rbac.authorization.k8s.io, name: chain}
- {kind: User, apiGroup: rbac.authorization.k8s.io, name: harmless}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: view|ers, namespace: web}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: viewer}
subjects:
- {kind: User, apiGroup: rbac.authorization.k8s.io, name: viewer}
- {kind: User, apiGroup: rbac.authorization.k8s.io, name: root}
`;

describe("server: hover on a binding says which subjects can reach cluster-admin, and how", () => {
  let client: TestClient;
  withServer({ files: { "roles.yaml": ROLES } }, (c) => (client = c));

  const escalation = async (caret: number) => {
    const doc = await client.open("bindings.yaml", BINDINGS);
    const value = ((await doc.hover(caret))!.contents as { value: string }).value;
    const parts = value.split("\n\n");
    return parts.find((p) => p.includes("Can reach cluster-admin"));
  };

  it("a binding that grants it directly", async () => {
    assert.equal(
      await escalation(0),
      "⚠️ **Can reach cluster-admin** (every verb on every resource, cluster-wide):\n- User root holds it, through this binding.",
    );
  });

  it("a binding whose subject reaches it through steps, each with its grant", async () => {
    assert.equal(
      await escalation(1),
      [
        "⚠️ **Can reach cluster-admin** (every verb on every resource, cluster-wide):",
        "- ServiceAccount web/builder, in 1 step:",
        "  1. impersonate user nobody with group system:masters → User nobody in group system:masters (by ClusterRoleBinding impersonator → ClusterRole impersonator → rules[0] + ClusterRoleBinding impersonator → ClusterRole impersonator → rules[1])",
        "  then holds it through group system:masters (allowed before RBAC is consulted).",
      ].join("\n"),
    );
    assert.equal(
      await escalation(2),
      [
        "⚠️ **Can reach cluster-admin** (every verb on every resource, cluster-wide):",
        "- User chain, in 2 steps:",
        "  1. create a deployment in namespace web with serviceAccountName builder → ServiceAccount web/builder (by RoleBinding web/chain → ClusterRole deployer → rules[0])",
        "  2. impersonate user nobody with group system:masters → User nobody in group system:masters (by ClusterRoleBinding impersonator → ClusterRole impersonator → rules[0] + ClusterRoleBinding impersonator → ClusterRole impersonator → rules[1])",
        "  then holds it through group system:masters (allowed before RBAC is consulted).",
        "- User harmless, in 2 steps:",
        "  1. create a deployment in namespace web with serviceAccountName builder → ServiceAccount web/builder (by RoleBinding web/chain → ClusterRole deployer → rules[0])",
        "  2. impersonate user nobody with group system:masters → User nobody in group system:masters (by ClusterRoleBinding impersonator → ClusterRole impersonator → rules[0] + ClusterRoleBinding impersonator → ClusterRole impersonator → rules[1])",
        "  then holds it through group system:masters (allowed before RBAC is consulted).",
      ].join("\n"),
    );
  });

  it("names only the subjects that can, and says nothing when none can", async () => {
    assert.equal(
      await escalation(3),
      "⚠️ **Can reach cluster-admin** (every verb on every resource, cluster-wide):\n- User root holds it, through ClusterRoleBinding root → ClusterRole cluster-admin → rules[0].",
    );
    const doc = await client.open(
      "alone.yaml",
      BINDINGS.split("---\n")[3].replace(/- \{kind: User, apiGroup: rbac.authorization.k8s.io, name: root\}\n/, ""),
    );
    const value = ((await doc.hover(0))!.contents as { value: string }).value;
    assert.ok(value.startsWith("RoleBinding web/viewers grants"), value);
    assert.ok(!value.includes("cluster-admin"), value);
  });
});
