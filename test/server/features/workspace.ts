// The workspace the server feature tests share: a role and a binding in workspace files, and a document
// (H, with carets) that holds a role, a binding and a subject, as test/server/features/*.test.ts open it.
import { TestClient, withServer } from "../lsp-client";

export const ROLES = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: pod-reader
  namespace: team-a
rules:
- apiGroups: [""]
  resources: [pods, pods/log]
  verbs: [get, list, watch]
`;

export const BINDINGS = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: read-pods
  namespace: team-a
subjects:
- kind: ServiceAccount
  name: app
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: pod-reader
`;

export const H = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: pod-re|ader
  namespace: team-a
rules:
- apiGroups: [""]
  resources: [pods, pods/log]
  ver|bs: [get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: read|-pods-2
  namespace: team-a
subjects:
- kind: ServiceAccount
  name: a|pp
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: pod-re|ader
`;

/** A Role whose only rule has no verbs: one missing-verbs finding, on the rule (line 4, counting from 0). */
export const ROLE_WITHOUT_VERBS = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: r, namespace: dev}
rules:
- apiGroups: [""]
  resources: [pods]
`;

/**
 * Registers the suite's hooks: before it, a server on a workspace of ROLES (roles.yaml) and BINDINGS
 * (bindings/b.yaml), scanned, with the documents `open` opened and checked in turn, handed to `started`;
 * after it, the server stops.
 */
export function withWorkspace(started: (client: TestClient) => void, open: Readonly<Record<string, string>> = {}): void {
  withServer({ files: { "roles.yaml": ROLES, "bindings/b.yaml": BINDINGS } }, started, async (client) => {
    for (const [name, text] of Object.entries(open)) await (await client.open(name, text)).diagnostics();
  });
}
