// The warm-up's sample documents (server/warm-up.ts): generated RBAC files that take the paths real
// files take through the parser and the checks.
import { builtInCatalog, resourceKey } from "../core/catalog/index";

/**
 * The kinds of documents people write, with what the checks look at (wildcards, risky verbs, typos,
 * bindings), in the styles they come in: hand-written (flow and block lists, double quotes) and as
 * `kubectl get -o yaml` prints them (indented lists, single quotes, nulls, labels and annotations); roles
 * whose rules cover the built-in catalog; a cluster's bootstrap policy as it is dumped.
 */
function sampleDocument(n: number): string {
  const ns = `team-${n % 7}`;
  switch (n % 16) {
    case 8:
      return `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  annotations:\n    rbac.authorization.kubernetes.io/autoupdate: 'true'\n  creationTimestamp: null\n  labels:\n    kubernetes.io/bootstrapping: rbac-defaults\n  name: system:controller:sample-${n}\nrules:\n  - apiGroups:\n      - ''\n    resources:\n      - secrets\n      - serviceaccounts\n    verbs:\n      - get\n      - '*'\n  - apiGroups:\n      - apps\n      - extensions\n    resources:\n      - deployments/scale\n    verbs:\n      - update\n      - patch\n`;
    case 9:
      return `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: edit-${n}\n  namespace: ${ns}\n  labels:\n    app.kubernetes.io/managed-by: 'Helm'\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: edit\nsubjects:\n  - kind: Group\n    apiGroup: rbac.authorization.k8s.io\n    name: team-payments-${n}\n  - kind: ServiceAccount\n    name: default\n    namespace: ${ns}\n`;
    case 10:
      return `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  annotations:\n    rbac.authorization.kubernetes.io/autoupdate: 'true'\n  creationTimestamp: null\n  name: system:node-proxier-${n}\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: system:node-proxier\nsubjects:\n  - apiGroup: rbac.authorization.k8s.io\n    kind: User\n    name: system:kube-proxy\n  - apiGroup: rbac.authorization.k8s.io\n    kind: Group\n    name: system:authenticated\n`;
    case 11:
      return `apiVersion: v1\nkind: List\nitems:\n  - apiVersion: rbac.authorization.k8s.io/v1\n    kind: Role\n    metadata:\n      name: listed-${n}\n      namespace: ${ns}\n    rules:\n      - apiGroups: ['']\n        resources: ['pods/exec', 'pods/portforward']\n        verbs: ['create']\n      - apiGroups: ['batch']\n        resources: ['jobs']\n        resourceNames: ['nightly']\n        verbs: ['get', 'list']\n  - apiVersion: v1\n    kind: ServiceAccount\n    metadata:\n      name: app-${n}\n      namespace: ${ns}\n`;
    case 0:
      return `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: reader-${n}\n  namespace: ${ns}\nrules:\n- apiGroups: [""]\n  resources: ["pods", "pods/log", "configmaps"]\n  verbs: ["get", "list", "watch"]\n- apiGroups: ["apps"]\n  resources: [deployments]\n  verbs: [get, list]\n`;
    case 1:
      return `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: operator-${n}\n  labels:\n    app: operator\nrules:\n- apiGroups:\n  - "*"\n  resources:\n  - "*"\n  verbs:\n  - "*"\n- nonResourceURLs: ["/metrics"]\n  verbs: ["get"]\n`;
    case 2:
      return `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: bind-${n}\n  namespace: ${ns}\nsubjects:\n- kind: ServiceAccount\n  name: app-${n}\n  namespace: ${ns}\n- kind: Group\n  name: developers\n  apiGroup: rbac.authorization.k8s.io\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: reader-${n - 2}\n`;
    case 3:
      return `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: admins-${n}\nsubjects:\n- kind: User\n  name: alice@example.com\n  apiGroup: rbac.authorization.k8s.io\n- kind: ServiceAccount\n  name: ci\n  namespace: ci\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: cluster-admin\n`;
    case 4:
      return `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: risky-${n}\nrules:\n- apiGroups: [""]\n  resources: [secrets, pods/exec, serviceaccounts/token, nodes/proxy]\n  verbs: [get, create]\n- apiGroups: [rbac.authorization.k8s.io]\n  resources: [clusterroles, rolebindings]\n  verbs: [bind, escalate, create]\n- apiGroups: [""]\n  resources: [users, groups]\n  verbs: [impersonate]\n`;
    case 5:
      return `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: typos-${n}\n  namespace: ${ns}\nrules:\n- apiGroups: ["core"]\n  resources: [pod, deployments]\n  verbs: [get, lst]\n  resourceNames: [one]\n- apiGroups: ["apps/v1"]\n  resources: ["pods/*"]\n  verbs: [list, deletecollection]\n  resourceNames: [two]\n`;
    case 6:
      return `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: aggregate-${n}\naggregationRule:\n  clusterRoleSelectors:\n  - matchLabels:\n      rbac.example.com/aggregate-to-view: "true"\n  - matchExpressions:\n    - {key: tier, operator: In, values: [web, api]}\nrules: []\n`;
    case 12:
      return catalogRole(n, "ClusterRole");
    case 13:
      return catalogRole(n, "Role");
    case 14: {
      // As a cluster's bootstrap policy is dumped: a binding named after its role, in both scopes.
      const name = BOOTSTRAP_NAMES[n % BOOTSTRAP_NAMES.length];
      return n % 32 < 16
        ? `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  annotations:\n    rbac.authorization.kubernetes.io/autoupdate: 'true'\n  labels:\n    kubernetes.io/bootstrapping: rbac-defaults\n  name: ${name}\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: ${name}\nsubjects:\n  - apiGroup: rbac.authorization.k8s.io\n    kind: Group\n    name: system:authenticated\n  - kind: ServiceAccount\n    name: sample-${n}\n    namespace: kube-system\n`
        : `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  annotations:\n    rbac.authorization.kubernetes.io/autoupdate: 'true'\n  labels:\n    kubernetes.io/bootstrapping: rbac-defaults\n  name: system:controller:sample-${n}\n  namespace: kube-system\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: system:controller:sample-${n}\nsubjects:\n  - kind: ServiceAccount\n    name: sample-${n}\n    namespace: kube-system\n`;
    }
    case 15:
      // A Role named like a default ClusterRole, and a RoleBinding that names a ClusterRole as a Role.
      return n % 32 < 16
        ? `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: ${BOOTSTRAP_NAMES[n % 4]}\n  namespace: ${ns}\nrules:\n  - apiGroups:\n      - ''\n    resources:\n      - configmaps\n    verbs:\n      - get\n`
        : `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: ${BOOTSTRAP_NAMES[n % 4]}-${n}\n  namespace: ${ns}\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: ${BOOTSTRAP_NAMES[n % 4]}\nsubjects:\n  - kind: User\n    name: user${n}@example.com\n    apiGroup: rbac.authorization.k8s.io\n`;
    default:
      return `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: workloads-${n}}\nrules:\n- {apiGroups: [apps, batch], resources: [deployments, statefulsets, jobs, cronjobs], verbs: [create, update, patch, delete]}\n- {apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests/approval], verbs: [update]}\n- {apiGroups: [admissionregistration.k8s.io], resources: [validatingwebhookconfigurations], verbs: [create, delete]}\n`;
  }
}

/** Default ClusterRoles: the user-facing ones first, then some of the bootstrap policy's. */
const BOOTSTRAP_NAMES = [
  "cluster-admin",
  "admin",
  "edit",
  "view",
  "system:basic-user",
  "system:discovery",
  "system:public-info-viewer",
  "system:node-proxier",
  "system:kube-scheduler",
  "system:controller:job-controller",
];

/** Verb lists as people write them, some with verbs a given resource does not support. */
const VERB_SETS = [
  ["get", "list", "watch"],
  ["get"],
  ["create", "update", "patch", "delete"],
  ["*"],
  ["delete", "deletecollection"],
  ["update", "patch"],
  ["list"],
];

/**
 * A role whose rules are drawn from the built-in catalog: every group in turn (resources and
 * subresources, typical verb lists, resourceNames), plus a custom resource's group the catalog does not
 * know; the rules' lists in the block style `kubectl get -o yaml` prints.
 */
function catalogRole(n: number, kind: "Role" | "ClusterRole"): string {
  const catalog = builtInCatalog();
  const groups = catalog.groups();
  const lines = [
    `apiVersion: rbac.authorization.k8s.io/v1`,
    `kind: ${kind}`,
    `metadata:`,
    `  name: catalog-${n}`,
    ...(kind === "Role" ? [`  namespace: team-${n % 7}`] : []),
    `rules:`,
  ];
  for (let r = 0; r < 3; r++) {
    const group = groups[(n + r * 7) % groups.length];
    const resources = catalog.resources(group);
    if (resources.length === 0) continue;
    const picked = [0, 1].map((i) => resources[(n * 3 + r + i * 5) % resources.length]);
    lines.push(
      `  - apiGroups:`,
      `      - ${quoted(group)}`,
      `    resources:`,
      ...new Set(picked.map((p) => `      - ${resourceKey(p)}`)),
      `    verbs:`,
      ...VERB_SETS[(n + r) % VERB_SETS.length].map((v) => `      - ${quoted(v)}`),
    );
    if ((n + r) % 5 === 0) lines.push(`    resourceNames:`, `      - leader-${n}`);
  }
  lines.push(
    `  - apiGroups:`,
    `      - monitoring.coreos.com`,
    `    resources:`,
    `      - prometheusrules`,
    `      - servicemonitors`,
    `    verbs:`,
    `      - get`,
    `      - list`,
  );
  return lines.join("\n") + "\n";
}

/** As `kubectl` prints a value: quoted only when YAML needs it (the core group, a wildcard). */
function quoted(value: string): string {
  return value === "" || value === "*" ? `'${value}'` : value;
}

/** A file of `count` documents, the first numbered `from`. */
export function sampleFile(from: number, count: number): string {
  return Array.from({ length: count }, (_, i) => `---\n# document ${from + i}\n${sampleDocument(from + i)}`).join("");
}
