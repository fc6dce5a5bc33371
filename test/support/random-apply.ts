// Random "can this identity apply this object?" cases over a random world (random-world.ts): new Roles,
// ClusterRoles and bindings (some narrowed from the world's own rules, so that coverage often holds),
// and changed or unchanged copies of the world's objects (updates, roleRef changes included).

import { Draw, Manifest, NAMESPACES, randomIdentity, randomRule, rng } from "./random-world";

export interface ApplyCase {
  readonly manifest: Manifest;
  /** What is impersonated (Impersonate-User / Impersonate-Group), before the server adds its groups. */
  readonly user: string;
  readonly groups: readonly string[];
}

const RBAC_V1 = "rbac.authorization.k8s.io/v1";
const RBAC_GROUP = "rbac.authorization.k8s.io";
const BUILT_IN = ["view", "edit", "admin", "cluster-admin", "system:basic-user"];

/** Grants the test adds to every world so that writes are often authorized and escalation decides. */
export function writerGrants(seed: number): Manifest[] {
  const p = `w${seed}-`;
  const write = (verbs: string[]) => ({
    apiGroups: [RBAC_GROUP],
    resources: ["roles", "rolebindings", "clusterroles", "clusterrolebindings"],
    verbs,
  });
  const crb = (name: string, role: string, subject: Record<string, unknown>): Manifest => ({
    apiVersion: RBAC_V1,
    kind: "ClusterRoleBinding",
    metadata: { name },
    roleRef: { apiGroup: RBAC_GROUP, kind: "ClusterRole", name: role },
    subjects: [subject],
  });
  return [
    { apiVersion: RBAC_V1, kind: "ClusterRole", metadata: { name: `${p}writer` }, rules: [write(["create", "patch"])] },
    { apiVersion: RBAC_V1, kind: "ClusterRole", metadata: { name: `${p}binder` }, rules: [write(["create", "bind", "escalate"])] },
    crb(`${p}writers`, `${p}writer`, { kind: "Group", apiGroup: RBAC_GROUP, name: "devs" }),
    crb(`${p}binders`, `${p}binder`, { kind: "User", apiGroup: RBAC_GROUP, name: "bob" }),
    crb(`${p}sa-writers`, `${p}writer`, { kind: "ServiceAccount", name: "app", namespace: "dev" }),
  ];
}

function narrowed(d: Draw, rules: readonly Record<string, string[]>[]): Record<string, unknown> {
  const r = d.pick(rules);
  if (r.nonResourceURLs) return { nonResourceURLs: [d.pick(r.nonResourceURLs)], verbs: [d.pick(r.verbs ?? ["get"])] };
  const out: Record<string, unknown> = {
    apiGroups: [d.pick(r.apiGroups ?? [""])],
    resources: [d.pick(r.resources ?? ["pods"])],
    verbs: [d.pick(r.verbs ?? ["get"])],
  };
  if (r.resourceNames) out.resourceNames = [d.pick(r.resourceNames)];
  return out;
}

function rulesFor(d: Draw, world: readonly Manifest[], clusterRole: boolean): Record<string, unknown>[] {
  const pool = world
    .flatMap((m) => (m.rules as Record<string, string[]>[] | undefined) ?? [])
    .filter((r) => clusterRole || !r.nonResourceURLs);
  return Array.from({ length: 1 + d.int(2) }, () => (pool.length && d.chance(0.6) ? narrowed(d, pool) : randomRule(d, clusterRole)));
}

function subjects(d: Draw, ns: string): Record<string, unknown>[] {
  return Array.from({ length: 1 + d.int(2) }, () =>
    d.chance(0.5)
      ? { kind: "User", apiGroup: RBAC_GROUP, name: d.pick(["alice", "bob", "carol"]) }
      : { kind: "ServiceAccount", name: d.pick(["app", "ci"]), namespace: ns || d.pick(NAMESPACES) },
  );
}

function roleRef(d: Draw, world: readonly Manifest[], ns: string, p: string): Record<string, unknown> {
  const roles = world.filter((m) => m.kind === "Role" && m.metadata.namespace === ns);
  const crs = world.filter((m) => m.kind === "ClusterRole");
  const k = d.int(10);
  if (ns && roles.length && k < 3) return { apiGroup: RBAC_GROUP, kind: "Role", name: d.pick(roles).metadata.name };
  if (k < 7 && crs.length) return { apiGroup: RBAC_GROUP, kind: "ClusterRole", name: d.pick(crs).metadata.name };
  if (k < 9) return { apiGroup: RBAC_GROUP, kind: "ClusterRole", name: d.pick(BUILT_IN) };
  return { apiGroup: RBAC_GROUP, kind: ns && d.chance(0.5) ? "Role" : "ClusterRole", name: `${p}missing` };
}

function newObject(d: Draw, world: readonly Manifest[], seed: number, i: number): Manifest {
  const p = `w${seed}-`;
  const name = `${p}new${i}`;
  const ns = d.pick(NAMESPACES);
  switch (d.int(4)) {
    case 0:
      return { apiVersion: RBAC_V1, kind: "Role", metadata: { name, namespace: ns }, rules: rulesFor(d, world, false) };
    case 1: {
      const cr: Manifest = { apiVersion: RBAC_V1, kind: "ClusterRole", metadata: { name }, rules: rulesFor(d, world, true) };
      if (d.chance(0.1)) cr.aggregationRule = { clusterRoleSelectors: [{ matchLabels: { [`${p.slice(0, -1)}.example.com/agg`]: "x" } }] };
      return cr;
    }
    case 2:
      return {
        apiVersion: RBAC_V1,
        kind: "RoleBinding",
        metadata: { name, namespace: ns },
        roleRef: roleRef(d, world, ns, p),
        subjects: subjects(d, ns),
      };
    default:
      return {
        apiVersion: RBAC_V1,
        kind: "ClusterRoleBinding",
        metadata: { name },
        roleRef: roleRef(d, world, "", p),
        subjects: subjects(d, ""),
      };
  }
}

/** A copy of one of the world's objects: unchanged, or with new rules, subjects or roleRef. */
function changedObject(d: Draw, world: readonly Manifest[], seed: number): Manifest {
  const m = structuredClone(d.pick(world));
  if (d.chance(0.3)) return m;
  if (m.kind === "Role" || m.kind === "ClusterRole") m.rules = rulesFor(d, world, m.kind === "ClusterRole");
  else if (d.chance(0.3)) m.roleRef = roleRef(d, world, m.metadata.namespace ?? "", `w${seed}-`);
  else m.subjects = subjects(d, m.metadata.namespace ?? "");
  return m;
}

export function randomApplyCases(seed: number, world: readonly Manifest[], count: number): ApplyCase[] {
  const d = new Draw(rng(seed ^ 0x2545f491));
  return Array.from({ length: count }, (_, i) => {
    const manifest = d.chance(0.35) ? changedObject(d, world, seed) : newObject(d, world, seed, i);
    const id = randomIdentity(d);
    // Impersonating a service account by name alone lets the server add its groups.
    const groups = id.user.startsWith("system:serviceaccount:") && d.chance(0.5) ? [] : id.groups.filter((g) => d.chance(0.9));
    return { manifest, user: id.user, groups };
  });
}
