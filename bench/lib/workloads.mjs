// Benchmark workloads, generated from a seed with the shapes of real clusters:
//   small: the Kubernetes bootstrap policy (the corpus' bootstrappolicy testdata files, as they are);
//   big:   ~700 ClusterRoles, ~1,400 Roles, ~700 ClusterRoleBindings, ~4,500 RoleBindings over 300 namespaces;
//   huge:  ~40,000 RoleBindings over 1,100 namespaces and 10,000 subjects (plus roles and cluster bindings).
// big and huge also carry the bootstrap policy (every real cluster has it). Each workload is written as
// manifests on disk (a folder of YAML files, one per namespace plus one for cluster-scoped objects), as a
// cluster dump (`kubectl get … -o json`-shaped List), and kept as plain objects to load into an API server.

import * as fs from "node:fs";
import * as path from "node:path";
import jsYaml from "js-yaml";
import { Draw, rng } from "../../out/test/support/random-world.js";

export const CORPUS_DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../../shared/corpus");
const BOOTSTRAP_RE = /^kubernetes__kubernetes__plugin_pkg_auth_authorizer_rbac_bootstrappolicy_testdata_.*\.yaml$/;

export const SHAPES = {
  big: {
    namespaces: 300,
    clusterRoles: 700,
    roles: 1400,
    clusterRoleBindings: 700,
    roleBindings: 4500,
    users: 900,
    groups: 250,
    serviceAccounts: 1800,
  },
  huge: {
    namespaces: 1100,
    clusterRoles: 800,
    roles: 2200,
    clusterRoleBindings: 900,
    roleBindings: 40000,
    users: 3000,
    groups: 1000,
    serviceAccounts: 6000,
  },
};

export function bootstrapFiles() {
  return fs
    .readdirSync(CORPUS_DIR)
    .filter((f) => BOOTSTRAP_RE.test(f))
    .sort()
    .map((f) => path.join(CORPUS_DIR, f));
}

/** Plain objects of the bootstrap policy (Lists unpacked). */
export function bootstrapObjects() {
  const out = [];
  for (const f of bootstrapFiles()) {
    for (const doc of jsYaml.loadAll(fs.readFileSync(f, "utf8"))) {
      if (doc && Array.isArray(doc.items)) out.push(...doc.items);
      else if (doc) out.push(doc);
    }
  }
  return out;
}

const WORDS = [
  "payments",
  "checkout",
  "search",
  "identity",
  "billing",
  "ledger",
  "catalog",
  "orders",
  "shipping",
  "inventory",
  "pricing",
  "reports",
  "mobile",
  "web",
  "edge",
  "data",
  "ml",
  "infra",
  "platform",
  "security",
  "observability",
  "messaging",
  "gateway",
  "auth",
  "media",
  "notifications",
  "profile",
  "risk",
  "fraud",
  "support",
];
const ENVS = ["dev", "staging", "prod", "qa", "perf", "sandbox"];
const VERB_SETS = [
  ["get", "list", "watch"],
  ["get", "list", "watch"],
  ["get", "list"],
  ["get"],
  ["create", "update", "patch", "delete"],
  ["get", "list", "watch", "create", "update", "patch", "delete"],
  ["*"],
  ["create"],
  ["delete", "deletecollection"],
  ["update", "patch"],
];
const RESOURCES = [
  [
    "",
    [
      "pods",
      "pods/log",
      "pods/exec",
      "pods/portforward",
      "services",
      "endpoints",
      "configmaps",
      "secrets",
      "serviceaccounts",
      "persistentvolumeclaims",
      "events",
      "replicationcontrollers",
    ],
  ],
  ["apps", ["deployments", "statefulsets", "daemonsets", "replicasets", "deployments/scale", "statefulsets/scale"]],
  ["batch", ["jobs", "cronjobs"]],
  ["networking.k8s.io", ["ingresses", "networkpolicies"]],
  ["autoscaling", ["horizontalpodautoscalers"]],
  ["policy", ["poddisruptionbudgets"]],
  ["coordination.k8s.io", ["leases"]],
  ["rbac.authorization.k8s.io", ["roles", "rolebindings"]],
  ["monitoring.coreos.com", ["servicemonitors", "podmonitors", "prometheusrules"]],
  ["cert-manager.io", ["certificates", "issuers", "certificaterequests"]],
  ["argoproj.io", ["applications", "appprojects", "rollouts"]],
  ["keda.sh", ["scaledobjects"]],
];
const CLUSTER_RESOURCES = [
  ["", ["nodes", "namespaces", "persistentvolumes"]],
  ["storage.k8s.io", ["storageclasses"]],
  ["apiextensions.k8s.io", ["customresourcedefinitions"]],
  ["admissionregistration.k8s.io", ["validatingwebhookconfigurations", "mutatingwebhookconfigurations"]],
];
const BUILT_IN = ["view", "edit", "admin"];
const RBAC = "rbac.authorization.k8s.io";

function rule(d, clusterScoped) {
  if (clusterScoped && d.chance(0.03))
    return { nonResourceURLs: d.pick([["/metrics"], ["/healthz", "/readyz", "/livez"], ["/version"]]), verbs: ["get"] };
  const [group, resources] = clusterScoped && d.chance(0.25) ? d.pick(CLUSTER_RESOURCES) : d.pick(RESOURCES);
  const r = { apiGroups: [group], resources: d.some(resources, 1, 4), verbs: d.pick(VERB_SETS) };
  if (d.chance(0.08)) r.resourceNames = d.some(["config", "leader", "tls", "token", "main", "cache"], 1, 2);
  if (d.chance(0.01)) r.apiGroups = ["*"];
  return r;
}

const meta = (name, namespace) => ({ name, ...(namespace ? { namespace } : {}) });

/** Generates a workload's objects (bootstrap policy first). Deterministic for a seed. */
export function generate(shapeName, seed = 20240611) {
  const shape = SHAPES[shapeName];
  const d = new Draw(rng(seed ^ (shapeName.length * 7919)));
  // Drawn in this order, so a seed always gives the same workload.
  const who = people(shape, d);
  const subjects = subjectsDraw(d, who);
  const { objects: roleObjects, clusterRoles, rolesByNs } = roles(shape, d, who.namespaces);
  const objects = [...roleObjects, ...bindings(shape, d, { ...who, subjects, clusterRoles, rolesByNs })];
  const { namespaces, users, groups, sas } = who;
  return { name: shapeName, namespaces, objects: [...bootstrapObjects(), ...objects], identities: { users, groups, sas } };
}

/** Namespaces, users, groups and service accounts. */
function people(shape, d) {
  const namespaces = Array.from(
    { length: shape.namespaces },
    (_, i) =>
      `${WORDS[i % WORDS.length]}-${ENVS[Math.floor(i / WORDS.length) % ENVS.length]}-${Math.floor(i / (WORDS.length * ENVS.length))}`,
  );
  const users = Array.from({ length: shape.users }, (_, i) => `${WORDS[i % WORDS.length]}.user${i}@example.com`);
  const groups = Array.from({ length: shape.groups }, (_, i) => `team-${WORDS[i % WORDS.length]}-${i}`);
  const sas = Array.from({ length: shape.serviceAccounts }, (_, i) => ({
    namespace: namespaces[i % namespaces.length],
    name: `${d.pick(["app", "deployer", "ci", "operator", "worker", "backup"])}-${i}`,
  }));
  const saByNs = new Map();
  for (const sa of sas) (saByNs.get(sa.namespace) ?? saByNs.set(sa.namespace, []).get(sa.namespace)).push(sa);
  return { namespaces, users, groups, sas, saByNs };
}

/** Draws the subjects of one binding: service accounts mostly of the binding's namespace. */
function subjectsDraw(d, { users, groups, sas, saByNs }) {
  const subject = (bindingNs) => {
    const x = d.next();
    if (x < 0.45) {
      const local = bindingNs ? saByNs.get(bindingNs) : undefined;
      const sa = local && d.chance(0.8) ? d.pick(local) : d.pick(sas);
      return { kind: "ServiceAccount", name: sa.name, namespace: sa.namespace };
    }
    if (x < 0.8) return { kind: "User", apiGroup: RBAC, name: d.pick(users) };
    return { kind: "Group", apiGroup: RBAC, name: d.pick(groups) };
  };
  return (ns) => {
    const n = d.chance(0.7) ? 1 : 2 + d.int(3);
    const seen = new Set();
    const out = [];
    for (let i = 0; i < n; i++) {
      const s = subject(ns);
      const k = `${s.kind}/${s.namespace ?? ""}/${s.name}`;
      if (!seen.has(k)) (seen.add(k), out.push(s));
    }
    return out;
  };
}

function roles(shape, d, namespaces) {
  const objects = [];
  const clusterRoles = [];
  for (let i = 0; i < shape.clusterRoles; i++) {
    const operator = d.chance(0.12);
    const name = operator
      ? `${d.pick(WORDS)}-operator-${i}`
      : `${d.pick(WORDS)}-${d.pick(["reader", "writer", "deployer", "admin", "auditor"])}-${i}`;
    const n = operator ? 10 + d.int(15) : 1 + d.int(8);
    clusterRoles.push(name);
    objects.push({
      apiVersion: `${RBAC}/v1`,
      kind: "ClusterRole",
      metadata: meta(name),
      rules: Array.from({ length: n }, () => rule(d, true)),
    });
  }
  const rolesByNs = new Map();
  for (let i = 0; i < shape.roles; i++) {
    const ns = d.pick(namespaces);
    const name = `${d.pick(["app", "ci", "deploy", "debug", "config", "secrets"])}-${d.pick(["reader", "writer", "manager"])}-${i}`;
    (rolesByNs.get(ns) ?? rolesByNs.set(ns, []).get(ns)).push(name);
    objects.push({
      apiVersion: `${RBAC}/v1`,
      kind: "Role",
      metadata: meta(name, ns),
      rules: Array.from({ length: 1 + d.int(6) }, () => rule(d, false)),
    });
  }
  return { objects, clusterRoles, rolesByNs };
}

function bindings(shape, d, { namespaces, subjects, clusterRoles, rolesByNs }) {
  const objects = [];
  for (let i = 0; i < shape.clusterRoleBindings; i++) {
    const role = d.chance(0.1) ? d.pick(["view", "edit", "cluster-admin", "system:basic-user"]) : d.pick(clusterRoles);
    objects.push({
      apiVersion: `${RBAC}/v1`,
      kind: "ClusterRoleBinding",
      metadata: meta(`${role.replace(/:/g, "-")}-binding-${i}`),
      roleRef: { apiGroup: RBAC, kind: "ClusterRole", name: role },
      subjects: subjects(""),
    });
  }
  for (let i = 0; i < shape.roleBindings; i++) {
    const ns = d.pick(namespaces);
    const local = rolesByNs.get(ns);
    const x = d.next();
    const roleRef =
      local && x < 0.45
        ? { apiGroup: RBAC, kind: "Role", name: d.pick(local) }
        : x < 0.8
          ? { apiGroup: RBAC, kind: "ClusterRole", name: d.pick(BUILT_IN) }
          : { apiGroup: RBAC, kind: "ClusterRole", name: d.pick(clusterRoles) };
    objects.push({
      apiVersion: `${RBAC}/v1`,
      kind: "RoleBinding",
      metadata: meta(`${roleRef.name}-${i}`, ns),
      roleRef,
      subjects: subjects(ns),
    });
  }
  return objects;
}

/** The small workload: the bootstrap policy as it is. */
export function small() {
  const objects = bootstrapObjects();
  const namespaces = [...new Set(objects.map((o) => o.metadata.namespace).filter(Boolean))].sort();
  return { name: "small", namespaces, objects, identities: { users: [], groups: [], sas: [] } };
}

export function counts(objects) {
  const c = { ClusterRole: 0, Role: 0, ClusterRoleBinding: 0, RoleBinding: 0 };
  for (const o of objects) c[o.kind] = (c[o.kind] ?? 0) + 1;
  return c;
}

const dumpYaml = (objects) => objects.map((o) => jsYaml.dump(o, { noRefs: true, lineWidth: -1 })).join("---\n");

/**
 * Writes the workload's forms under `dir`: manifests/ (one file per namespace + cluster.yaml, or the
 * corpus files as they are for small), dump.json, and all.yaml (every object in one multi-document file).
 */
export function writeWorkload(w, dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  const manifests = path.join(dir, "manifests");
  fs.mkdirSync(manifests, { recursive: true });
  if (w.name === "small") {
    for (const f of bootstrapFiles()) fs.copyFileSync(f, path.join(manifests, path.basename(f).replace(/^.*testdata_/, "")));
  } else {
    const byNs = new Map();
    for (const o of w.objects) {
      const ns = o.metadata.namespace ?? "";
      (byNs.get(ns) ?? byNs.set(ns, []).get(ns)).push(o);
    }
    for (const [ns, list] of byNs) fs.writeFileSync(path.join(manifests, ns === "" ? "cluster.yaml" : `ns-${ns}.yaml`), dumpYaml(list));
  }
  fs.writeFileSync(
    path.join(dir, "dump.json"),
    JSON.stringify({ apiVersion: "v1", kind: "List", metadata: { resourceVersion: "" }, items: w.objects }, null, 2),
  );
  fs.writeFileSync(path.join(dir, "all.yaml"), dumpYaml(w.objects));
  return { manifests, dump: path.join(dir, "dump.json"), all: path.join(dir, "all.yaml") };
}
