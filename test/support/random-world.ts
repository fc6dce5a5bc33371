// Random RBAC worlds and requests from a seed, for the differential test against the real authorizer
// and for benchmarks. Everything is drawn from small pools so that requests often hit a rule, a
// subject, a resourceName or a URL prefix of the world, including the tricky shapes: wildcards,
// `*/sub`, subresources, resourceNames, nonResourceURL globs, ServiceAccount subjects with and without
// namespace, dangling roleRefs, aggregation (nested, via matchExpressions), bindings to built-in roles.

import { Identity, Request } from "../../core/model";

/** mulberry32: tiny, fast, good enough, and the same sequence on every machine. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Draw {
  constructor(readonly next: () => number) {}
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  some<T>(xs: readonly T[], min = 1, max = 3): T[] {
    const n = min + this.int(max - min + 1);
    const out = new Set<T>();
    for (let i = 0; i < n * 3 && out.size < n; i++) out.add(this.pick(xs));
    return [...out];
  }
}

/**
 * One random edit of a text kept as lines, in place: inserts a line picked from `pool` (most often),
 * replaces one, or removes one, so most of the text stays as it was.
 */
export function editRandomLine(random: () => number, lines: string[], pool: readonly string[]): void {
  const pick = () => pool[Math.floor(random() * pool.length)];
  const at = Math.floor(random() * (lines.length + 1));
  const r = random();
  if (r < 0.6 || lines.length === 0) lines.splice(at, 0, pick());
  else if (r < 0.8) lines[Math.min(at, lines.length - 1)] = pick();
  else lines.splice(Math.min(at, lines.length - 1), 1);
}

export const NAMESPACES = ["dev", "prod", "ci"];
/** The verbs of the standard API (the catalog's, for most resources). */
const STANDARD_VERBS = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];
const VERBS = [...STANDARD_VERBS, "*", "bind", "escalate", "impersonate", "use"];
const GROUPS = ["", "apps", "batch", "*", "rbac.authorization.k8s.io", "example.com"];
const RESOURCES = [
  "pods",
  "pods/log",
  "pods/exec",
  "pods/*",
  "deployments",
  "deployments/scale",
  "*",
  "*/scale",
  "secrets",
  "configmaps",
  "roles",
  "clusterroles",
  "widgets",
  "jobs",
  "serviceaccounts",
];
const NAMES = ["a", "b", "web", "admin", "view"];
const URLS = ["/healthz", "/healthz/*", "/metrics", "*", "/api*", "/apis/*", "/logs/"];
const USERS = ["alice", "bob", "carol", "system:serviceaccount:dev:app", "system:anonymous"];
const USER_GROUPS = [
  "devs",
  "ops",
  "system:authenticated",
  "system:serviceaccounts",
  "system:serviceaccounts:dev",
  "system:unauthenticated",
];
const SA_NAMES = ["app", "ci", "default"];
const BUILT_IN_ROLES = ["view", "edit", "admin", "cluster-admin", "system:basic-user"];

export type Manifest = Record<string, unknown> & {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
};

export function randomRule(d: Draw, clusterRole: boolean): Record<string, unknown> {
  if (clusterRole && d.chance(0.15)) return { nonResourceURLs: d.some(URLS, 1, 2), verbs: d.some(["get", "post", "*", "head"], 1, 2) };
  const r: Record<string, unknown> = { apiGroups: d.some(GROUPS, 1, 2), resources: d.some(RESOURCES, 1, 3), verbs: d.some(VERBS, 1, 3) };
  if (d.chance(0.2)) r.resourceNames = d.some(NAMES, 1, 2);
  return r;
}

/** What the parts of one world share while it is drawn. */
interface WorldDraw {
  readonly d: Draw;
  /** Name prefix: `w<seed>-`, so worlds never collide. */
  readonly p: string;
  readonly aggLabel: string;
  readonly clusterRoles: string[];
  readonly roles: { ns: string; name: string }[];
}

/** One world: the manifests to create (names prefixed by `w<id>-` so worlds never collide). */
export function randomWorld(seed: number): Manifest[] {
  const p = `w${seed}-`;
  const w: WorldDraw = { d: new Draw(rng(seed)), p, aggLabel: `${p.slice(0, -1)}.example.com/agg`, clusterRoles: [], roles: [] };
  // Drawn in this order (spread evaluates left to right), so a seed always gives the same world.
  return [...clusterRoles(w), ...aggregatedClusterRoles(w), ...roles(w), ...clusterRoleBindings(w), ...roleBindings(w)];
}

function clusterRoles(w: WorldDraw): Manifest[] {
  const { d, p, aggLabel } = w;
  const out: Manifest[] = [];
  const nCr = 2 + d.int(4);
  for (let i = 0; i < nCr; i++) {
    const name = `${p}cr${i}`;
    const labels: Record<string, string> = {};
    if (d.chance(0.5)) labels[aggLabel] = d.pick(["x", "y"]);
    if (d.chance(0.1)) labels["rbac.authorization.k8s.io/aggregate-to-view"] = "true";
    out.push({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name, labels },
      rules: Array.from({ length: 1 + d.int(3) }, () => randomRule(d, true)),
    });
    w.clusterRoles.push(name);
  }
  return out;
}

function aggregatedClusterRoles(w: WorldDraw): Manifest[] {
  const { d, p, aggLabel } = w;
  const out: Manifest[] = [];
  const nAgg = d.int(3);
  for (let i = 0; i < nAgg; i++) {
    const name = `${p}agg${i}`;
    const selector = d.chance(0.5)
      ? { matchLabels: { [aggLabel]: d.pick(["x", "y"]) } }
      : { matchExpressions: [{ key: aggLabel, operator: d.pick(["In", "NotIn", "Exists"]), ...(d.chance(0.7) ? { values: ["x"] } : {}) }] };
    // NotIn/In need values; Exists must have none: keep the selector valid for the API server.
    const expr = (selector as { matchExpressions?: { operator: string; values?: string[] }[] }).matchExpressions?.[0];
    if (expr) {
      if (expr.operator === "Exists") delete expr.values;
      else expr.values = ["x"];
    }
    // Labels let one aggregated role feed another (nested aggregation).
    const labels = d.chance(0.4) ? { [aggLabel]: "y" } : {};
    out.push({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name, labels },
      aggregationRule: { clusterRoleSelectors: [selector] },
      rules: [],
    });
    w.clusterRoles.push(name);
  }
  return out;
}

function roles(w: WorldDraw): Manifest[] {
  const { d, p } = w;
  const out: Manifest[] = [];
  const nRoles = 2 + d.int(4);
  for (let i = 0; i < nRoles; i++) {
    const ns = d.pick(NAMESPACES);
    const name = `${p}r${i}`;
    out.push({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: { name, namespace: ns },
      rules: Array.from({ length: 1 + d.int(3) }, () => randomRule(d, false)),
    });
    w.roles.push({ ns, name });
  }
  return out;
}

function subject({ d }: WorldDraw, crb: boolean, bindingNs: string): Record<string, unknown> {
  const k = d.int(10);
  if (k < 3) return { kind: "User", apiGroup: "rbac.authorization.k8s.io", name: d.pick(USERS) };
  if (k < 6) return { kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: d.pick(USER_GROUPS) };
  const sa: Record<string, unknown> = { kind: "ServiceAccount", name: d.pick(SA_NAMES) };
  if (crb || d.chance(0.5)) sa.namespace = d.chance(0.7) || crb ? d.pick(NAMESPACES) : bindingNs;
  return sa;
}

function roleRef({ d, p, roles, clusterRoles }: WorldDraw, allowRole: boolean, ns: string): Record<string, unknown> {
  const k = d.int(10);
  if (allowRole && k < 4) {
    const inNs = roles.filter((r) => r.ns === ns);
    // Sometimes a Role that lives in another namespace (or none at all): grants nothing.
    const name = inNs.length && d.chance(0.8) ? d.pick(inNs).name : d.chance(0.5) && roles.length ? d.pick(roles).name : `${p}missing`;
    return { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name };
  }
  if (k < 8) return { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: d.pick(clusterRoles) };
  if (k < 9) return { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: d.pick(BUILT_IN_ROLES) };
  return { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: `${p}dangling` };
}

function clusterRoleBindings(w: WorldDraw): Manifest[] {
  const out: Manifest[] = [];
  const nCrb = 1 + w.d.int(3);
  for (let i = 0; i < nCrb; i++) {
    let ref = roleRef(w, false, "");
    // Bindings of cluster-admin or admin to broad groups would drown every other answer in "yes".
    if (ref.name === "cluster-admin" || ref.name === "admin") ref = { ...ref, name: w.clusterRoles[0] };
    out.push({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: `${w.p}crb${i}` },
      roleRef: ref,
      subjects: Array.from({ length: 1 + w.d.int(3) }, () => subject(w, true, "")),
    });
  }
  return out;
}

function roleBindings(w: WorldDraw): Manifest[] {
  const out: Manifest[] = [];
  const nRb = 3 + w.d.int(5);
  for (let i = 0; i < nRb; i++) {
    const ns = w.d.pick(NAMESPACES);
    out.push({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: `${w.p}rb${i}`, namespace: ns },
      roleRef: roleRef(w, true, ns),
      subjects: Array.from({ length: 1 + w.d.int(3) }, () => subject(w, false, ns)),
    });
  }
  return out;
}

export interface Query {
  readonly identity: Identity;
  readonly request: Request;
}

/** Random identities and requests; half of the requests are shaped after a rule of the world. */
export function randomQueries(seed: number, world: readonly Manifest[], count: number): Query[] {
  const d = new Draw(rng(seed ^ 0x5bd1e995));
  const rules = world.flatMap((m) => (m.rules as Record<string, string[]>[] | undefined) ?? []);
  const out: Query[] = [];
  for (let i = 0; i < count; i++) {
    out.push({ identity: randomIdentity(d), request: randomRequest(d, rules) });
  }
  return out;
}

export function randomIdentity(d: Draw): Identity {
  const k = d.int(10);
  if (k < 4) {
    const ns = d.pick(NAMESPACES);
    return {
      user: `system:serviceaccount:${ns}:${d.pick(SA_NAMES)}`,
      groups: ["system:serviceaccounts", `system:serviceaccounts:${ns}`, "system:authenticated"],
    };
  }
  if (k < 5) return { user: "system:anonymous", groups: ["system:unauthenticated"] };
  const groups = d.some(["devs", "ops", "system:authenticated"], 0, 2);
  if (d.chance(0.02)) groups.push("system:masters");
  return { user: d.pick(USERS.filter((u) => u !== "system:anonymous")), groups };
}

function concrete(d: Draw, values: readonly string[] | undefined, pool: readonly string[]): string {
  const v = values && values.length && d.chance(0.7) ? d.pick(values) : d.pick(pool);
  return v === "*" && d.chance(0.8) ? d.pick(pool.filter((x) => x !== "*")) : v;
}

function randomRequest(d: Draw, rules: readonly Record<string, string[]>[]): Request {
  const r = rules.length && d.chance(0.6) ? d.pick(rules) : undefined;
  if ((r?.nonResourceURLs && d.chance(0.9)) || (!r && d.chance(0.1))) {
    let path = concrete(d, r?.nonResourceURLs, ["/healthz", "/healthz/etcd", "/metrics", "/api", "/apis/apps", "/logs/", "/version"]);
    if (path.endsWith("*")) path = path.replace(/\*+$/, "") + d.pick(["", "x", "/etcd"]);
    return { kind: "nonResource", verb: concrete(d, r?.verbs, ["get", "post", "head", "put"]), path };
  }
  const resourceEntry = concrete(d, r?.resources, [
    "pods",
    "pods/log",
    "pods/exec",
    "deployments",
    "deployments/scale",
    "secrets",
    "configmaps",
    "roles",
    "widgets",
    "jobs",
    "serviceaccounts/token",
    "nodes",
  ]);
  let [resource, subresource = ""] = resourceEntry.split("/") as [string, string?];
  if (resource === "*") resource = d.pick(["pods", "deployments", "widgets"]);
  if (subresource === "*") subresource = d.pick(["log", "*", "status"]);
  const name = d.chance(0.5) ? "" : concrete(d, r?.resourceNames, NAMES);
  const namespace = resource === "nodes" || d.chance(0.15) ? "" : d.pick([...NAMESPACES, "other"]);
  return {
    kind: "resource",
    verb: concrete(d, r?.verbs, [...STANDARD_VERBS, "bind", "escalate", "impersonate"]),
    apiGroup: concrete(d, r?.apiGroups, ["", "apps", "batch", "example.com", "rbac.authorization.k8s.io"]),
    resource,
    subresource,
    name,
    namespace,
  };
}
