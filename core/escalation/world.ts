// What an escalation search can reach: the namespaces, the ServiceAccounts of each namespace (`default`
// always), the users and groups that bindings name (and system:masters), the roles worth binding, and per
// principal the rules that can apply to it with their scope, so that a question like "may it create pods
// anywhere?" only asks the authorizer about the namespaces where some rule could say yes.

import {
  GROUP_AUTHENTICATED,
  GROUP_MASTERS,
  impersonatedIdentity,
  parseServiceAccountUser,
  serviceAccountIdentity,
  serviceAccountUser,
  userIdentity,
} from "../identity";
import { BindingObject, NamedObject, PolicyRule, Request, RoleObject } from "../model";
import { coversAll } from "./covers";
import { RbacIndex } from "../rbac-index";
import { apiGroupMatches, resourceMatches, ruleAllows, verbMatches } from "../rule-match";
import { AddedGrant, Principal } from "./principal";
import { ANY_NAME, Edge, Hub } from "./step";

/** Who holds a gained grant: a name no binding can name (bindings cannot name the empty user). */
const GRANT_HOLDER = { user: "", groups: [] };

/** Rules that can apply to a principal: cluster-wide (scope "") or in one namespace. */
interface ScopedRules {
  readonly scope: string;
  readonly rules: readonly PolicyRule[];
}

/** The keys of a list of triples (the step kinds ask with constant lists). */
const tripleKeys = new WeakMap<readonly (readonly [string, string, string])[], { keys: string[]; all: string }>();

/** Per list of rules (a role's, shared by all its bindings): whether some rule matches a triple for some name. */
const tripleMatches = new WeakMap<readonly PolicyRule[], Map<string, boolean>>();

function someRuleMatches(rules: readonly PolicyRule[], [v, g, r]: readonly [string, string, string], key: string): boolean {
  let byTriple = tripleMatches.get(rules);
  if (!byTriple) tripleMatches.set(rules, (byTriple = new Map<string, boolean>()));
  let m = byTriple.get(key);
  if (m === undefined) byTriple.set(key, (m = rules.some((rule) => ruleMatchesAnyName(rule, v, g, r))));
  return m;
}

/** The namespaces where a rule could allow something: every namespace, or the listed ones. */
export interface Scopes {
  readonly all: boolean;
  readonly namespaces: readonly string[];
}

/** (verb, group, resource[/sub]) questions a role must be able to answer yes to for binding it to be a step. */
const STEP_PROBES: readonly (readonly [string, string, string])[] = [
  ["create", "", "pods"],
  ["create", "apps", "deployments"],
  ["create", "apps", "replicasets"],
  ["create", "apps", "statefulsets"],
  ["create", "apps", "daemonsets"],
  ["create", "batch", "jobs"],
  ["create", "batch", "cronjobs"],
  ["create", "", "replicationcontrollers"],
  ["create", "", "serviceaccounts/token"],
  ["impersonate", "", "users"],
  ["impersonate", "", "groups"],
  ["impersonate", "", "serviceaccounts"],
  ["bind", "rbac.authorization.k8s.io", "clusterroles"],
  ["bind", "rbac.authorization.k8s.io", "roles"],
  ["escalate", "rbac.authorization.k8s.io", "clusterroles"],
  ["escalate", "rbac.authorization.k8s.io", "roles"],
  ["approve", "certificates.k8s.io", "signers"],
  ["create", "", "pods/exec"],
  ["create", "", "pods/attach"],
  ["get", "", "pods/exec"],
  ["get", "", "nodes/proxy"],
  ["list", "", "secrets"],
];

/** Probes a principal holding a gained grant can still follow (it takes no second bind or escalate step). */
const FOLLOWED_AFTER_GRANT = STEP_PROBES.map(([v]) => v !== "bind" && v !== "escalate");
/** Probes that are steps through a grant in one namespace (users, groups, signers, nodes are cluster-scoped). */
const NAMESPACED = STEP_PROBES.map(
  ([v, , r]) => !["users", "groups", "signers", "nodes/proxy"].includes(r) && v !== "bind" && v !== "escalate",
);

/** Whether a rule matches (verb, group, resource[/sub]) for some name. */
export function ruleMatchesAnyName(rule: PolicyRule, verb: string, group: string, combined: string): boolean {
  const slash = combined.indexOf("/");
  const sub = slash < 0 ? "" : combined.slice(slash + 1);
  return verbMatches(rule, verb) && apiGroupMatches(rule, group) && resourceMatches(rule, combined, sub);
}

export class EscalationWorld {
  readonly namespaces: readonly string[];
  /** User names that bindings name (service-account user names excluded), sorted. */
  readonly users: readonly string[];
  /** system:masters first, then the groups bindings name, sorted. */
  readonly groups: readonly string[];
  private readonly sas = new Map<string, string[]>();
  private readonly rulesCache = new Map<string, ScopedRules[]>();
  /** The rules of a principal that apply in a scope, by principal key and scope. */
  private readonly ownerRules = new Map<string, PolicyRule[]>();
  private readonly scopesCache = new Map<string, Map<string, Scopes>>();
  private rolesByNamespace: Map<string, RoleObject[]> | undefined;
  private readonly bits = new Map<RoleObject, { bits: boolean[]; rules: readonly PolicyRule[] }>();
  private sortedClusterRoles: RoleObject[] | undefined;
  private readonly sigCache = new Map<RoleObject, Map<string, string>>();
  private namespacedClusterRoles: RoleObject[] | undefined;
  private readonly bindable = new Map<string, readonly RoleObject[]>();
  private readonly relevantBindingsCache = new Map<string, readonly { binding: BindingObject; role: RoleObject }[]>();
  private readonly hubs = new Map<string, Hub>();
  private readonly grants = new Map<string, { grant: AddedGrant; holder: Principal }>();

  constructor(
    readonly index: RbacIndex,
    others: readonly NamedObject[],
    private readonly target: Request,
  ) {
    const namespaces = new Set(index.namespaces());
    const addSa = (ns: string, name: string) => {
      namespaces.add(ns);
      const list = this.sas.get(ns) ?? [];
      if (!list.includes(name)) list.push(name);
      this.sas.set(ns, list);
    };
    for (const o of others) {
      if (o.kind === "Namespace") namespaces.add(o.metadata.name);
      else if (o.metadata.namespace !== "") addSa(o.metadata.namespace, o.metadata.name);
    }
    const users = new Set<string>();
    const groups = new Set<string>();
    for (const s of index.subjects()) {
      if (s.kind === "ServiceAccount" && s.namespace !== "") addSa(s.namespace, s.name);
      else if (s.kind === "User") {
        const sa = parseServiceAccountUser(s.name);
        if (sa) addSa(sa.namespace, sa.name);
        else users.add(s.name);
      } else if (s.kind === "Group" && s.name !== GROUP_MASTERS) groups.add(s.name);
    }
    this.namespaces = [...namespaces].filter((n) => n !== "").sort();
    for (const ns of this.namespaces) {
      const rest = (this.sas.get(ns) ?? []).filter((n) => n !== "default").sort();
      this.sas.set(ns, ["default", ...rest]);
    }
    this.users = [...users].sort();
    this.groups = [GROUP_MASTERS, ...[...groups].sort()];
  }

  /** The ServiceAccounts of a namespace: `default` first (every namespace has it), then the others seen. */
  serviceAccounts(namespace: string): readonly string[] {
    return this.sas.get(namespace) ?? ["default"];
  }

  /** The one shared object of a grant (by what it gives): steps and provenance refer to it. */
  grant(g: AddedGrant): AddedGrant {
    let e = this.grants.get(g.via);
    if (!e) this.grants.set(g.via, (e = { grant: g, holder: new Principal(GRANT_HOLDER, [g]) }));
    return e.grant;
  }

  /** A principal that holds the grant and nothing else. */
  grantHolder(g: AddedGrant): Principal {
    return this.grants.get(this.grant(g).via)!.holder;
  }

  private hub(key: string, make: () => Edge[]): Hub {
    let h = this.hubs.get(key);
    if (!h) this.hubs.set(key, (h = new Hub(`\u0001${key}`, make)));
    return h;
  }

  /** Any ServiceAccount of a namespace. */
  saHub(ns: string): Hub {
    return this.hub(`sa\u0001${ns}`, () =>
      this.serviceAccounts(ns).map((name) => ({ vars: { ns, name }, next: new Principal(serviceAccountIdentity(ns, name)) })),
    );
  }

  /** Any ServiceAccount of any namespace. */
  everySaHub(): Hub {
    return this.hub("sa-all", () => this.namespaces.map((ns) => ({ vars: { ns }, next: this.saHub(ns) })));
  }

  /** Any user the bindings name, impersonated. */
  userHub(): Hub {
    return this.hub("users", () => this.users.map((name) => ({ vars: { name }, next: new Principal(impersonatedIdentity(name)) })));
  }

  /** Any group (system:masters included), impersonated with a user no binding names. */
  groupHub(): Hub {
    return this.hub("groups", () =>
      this.groups.map((name) => ({ vars: { name }, next: new Principal(impersonatedIdentity(ANY_NAME, [name])) })),
    );
  }

  /** Any client-certificate subject the kube-apiserver-client signer issues: users, groups (not system:masters), ServiceAccount user names. */
  certificateHub(): Hub {
    return this.hub("certificates", () => {
      const out: Edge[] = this.users.map((u) => ({ vars: { name: `CN=${u}` }, next: new Principal(userIdentity(u)) }));
      for (const g of this.groups)
        if (g !== GROUP_MASTERS) out.push({ vars: { name: `CN=${ANY_NAME}, O=${g}` }, next: new Principal(userIdentity(ANY_NAME, [g])) });
      // A certificate's user name can be a ServiceAccount's: RBAC matches its bindings by that name.
      for (const ns of this.namespaces)
        for (const sa of this.serviceAccounts(ns)) {
          const user = serviceAccountUser(ns, sa);
          out.push({ vars: { name: `CN=${user}` }, next: new Principal({ user, groups: [GROUP_AUTHENTICATED] }) });
        }
      return out;
    });
  }

  /** Every list of rules that can apply to the principal (a binding's role, a gained grant), with its scope. */
  private rulesOf(p: Principal): ScopedRules[] {
    let rules = this.rulesCache.get(p.key);
    if (!rules) {
      // The bindings' part is shared by every principal of the identity; only gained grants differ.
      let bound = this.rulesCache.get(p.identityKey);
      if (!bound) this.rulesCache.set(p.identityKey, (bound = p.boundRules(this.index)));
      rules = p.added.length === 0 ? bound : [...bound, ...p.added.map((g) => ({ scope: g.scope, rules: g.rules }))];
      this.rulesCache.set(p.key, rules);
    }
    return rules;
  }

  /** Where some rule of the principal matches one of the (verb, group, resource[/sub]) triples for some name. */
  scopes(p: Principal, triples: readonly (readonly [string, string, string])[]): Scopes {
    let k = tripleKeys.get(triples);
    if (!k) {
      const keys = triples.map((t) => t.join("\u0000"));
      tripleKeys.set(triples, (k = { keys, all: keys.join("\u0001") }));
    }
    const { keys, all } = k;
    let byTriples = this.scopesCache.get(p.key);
    if (!byTriples) this.scopesCache.set(p.key, (byTriples = new Map<string, Scopes>()));
    let found = byTriples.get(all);
    if (!found) byTriples.set(all, (found = this.computeScopes(p, triples, keys)));
    return found;
  }

  private computeScopes(p: Principal, triples: readonly (readonly [string, string, string])[], keys: readonly string[]): Scopes {
    const namespaces = new Set<string>();
    for (const { scope, rules } of this.rulesOf(p)) {
      if (!triples.some((t, i) => someRuleMatches(rules, t, keys[i]))) continue;
      if (scope === "") return { all: true, namespaces: this.namespaces };
      namespaces.add(scope);
    }
    return { all: false, namespaces: [...namespaces].sort() };
  }

  /** The resourceNames of the principal's cluster-wide rules that match (verb, group, resource), sorted. */
  clusterWideNames(p: Principal, verb: string, group: string, resource: string): string[] {
    return [...this.namesIn(p, "", verb, group, resource)].sort();
  }

  /** Whether the principal already holds every one of `rules` in `scope` ("" = cluster-wide): then gaining them is no step. */
  holdsAll(p: Principal, scope: string, rules: readonly PolicyRule[]): boolean {
    const k = `${p.key}\u0002${scope}`;
    let owner = this.ownerRules.get(k);
    if (!owner)
      this.ownerRules.set(
        k,
        (owner = this.rulesOf(p)
          .filter((r) => r.scope === "" || r.scope === scope)
          .flatMap((r) => r.rules)),
      );
    return coversAll(owner, rules);
  }

  /** Which step probes a role's rules match (ignoring names), and whether they allow the target anywhere. */
  private probeBits(role: RoleObject): { bits: boolean[]; rules: readonly PolicyRule[] } {
    let e = this.bits.get(role);
    if (!e) {
      const rules = this.index.rulesOf(role);
      e = { rules, bits: STEP_PROBES.map(([v, g, res]) => rules.some((rule) => ruleMatchesAnyName(rule, v, g, res))) };
      this.bits.set(role, e);
    }
    return e;
  }

  /**
   * What holding a role in a scope ("" = cluster-wide, else a namespace) can lead to after a gained grant:
   * "" when nothing, else the target and the step probes it matches that can be taken there. Roles with the
   * same signature in a scope are alternatives.
   */
  signature(role: RoleObject, scope: string): string {
    // Only three kinds of scope differ: cluster-wide, the target's namespace, any other namespace.
    const t0 = this.target;
    const kind = scope === "" ? "c" : t0.kind === "resource" && t0.namespace === scope ? "t" : "n";
    const cacheKey = `${kind}${scope === "" || kind === "n" ? "" : scope}`;
    let cached = this.sigCache.get(role);
    if (!cached) this.sigCache.set(role, (cached = new Map<string, string>()));
    let sig = cached.get(cacheKey);
    if (sig === undefined) cached.set(cacheKey, (sig = this.computeSignature(role, scope)));
    return sig;
  }

  private computeSignature(role: RoleObject, scope: string): string {
    const { bits, rules } = this.probeBits(role);
    const t = this.target;
    const target =
      scope === ""
        ? rules.some((rule) => ruleAllows(t, rule))
        : t.kind === "resource" && t.namespace === scope && rules.some((rule) => ruleAllows(t, rule));
    const usable = bits.map((b, i) => b && FOLLOWED_AFTER_GRANT[i] && (scope === "" || NAMESPACED[i]));
    if (!target && !usable.includes(true)) return "";
    return `${target ? "T" : "-"}${usable.map((b) => (b ? "1" : "0")).join("")}`;
  }

  /** Whether binding a role in a scope could be a step: it allows the target, or something that is itself a step. */
  isRelevant(role: RoleObject, scope: string): boolean {
    return this.signature(role, scope) !== "";
  }

  /**
   * The roles worth binding in a scope ("" = a ClusterRoleBinding): the relevant ClusterRoles (and Roles of
   * the namespace), one per signature (the first in name order) so that a cluster with hundreds of similar
   * roles does not multiply the steps.
   */
  bindableRoles(scope: string): readonly RoleObject[] {
    let list = this.bindable.get(scope);
    if (!list) {
      const byName = (a: RoleObject, b: RoleObject) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0);
      this.sortedClusterRoles ??= [...this.index.clusterRoles()].sort(byName);
      const seen = new Set<string>();
      const pick = (roles: readonly RoleObject[]) =>
        roles.filter((r) => {
          const sig = this.signature(r, scope);
          return sig !== "" && !seen.has(sig) && (seen.add(sig), true);
        });
      const t = this.target;
      if (scope === "") list = pick(this.sortedClusterRoles);
      else {
        // The ClusterRoles worth binding are the same in every namespace but the target's.
        const inTarget = t.kind === "resource" && t.namespace === scope;
        const clusterPart = inTarget ? pick(this.sortedClusterRoles) : (this.namespacedClusterRoles ??= pick(this.sortedClusterRoles));
        for (const r of clusterPart) seen.add(this.signature(r, scope));
        const own = this.rolesIn(scope);
        list = [...clusterPart, ...pick([...own].sort(byName))];
      }
      this.bindable.set(scope, list);
    }
    return list;
  }

  private rolesIn(namespace: string): readonly RoleObject[] {
    if (!this.rolesByNamespace) {
      this.rolesByNamespace = new Map();
      for (const r of this.index.roles()) {
        const ns = this.index.namespaceOf(r);
        const list = this.rolesByNamespace.get(ns);
        if (list) list.push(r);
        else this.rolesByNamespace.set(ns, [r]);
      }
    }
    return this.rolesByNamespace.get(namespace) ?? [];
  }

  /** The bindings of a scope ("" = ClusterRoleBindings) whose role is relevant there, in input order. */
  relevantBindings(scope: string): readonly { binding: BindingObject; role: RoleObject }[] {
    let list = this.relevantBindingsCache.get(scope);
    if (!list) {
      const out: { binding: BindingObject; role: RoleObject }[] = [];
      for (const binding of scope === "" ? this.index.clusterRoleBindings() : this.index.roleBindings(scope)) {
        const res = this.index.resolveRoleRef(binding);
        if (res.ok && this.isRelevant(res.role, scope)) out.push({ binding, role: res.role });
      }
      this.relevantBindingsCache.set(scope, (list = out));
    }
    return list;
  }

  /** The resourceNames of the principal's rules in `scope` ("" = cluster-wide ones only) that match (verb, group, resource). */
  namesIn(p: Principal, scope: string, verb: string, group: string, resource: string): Set<string> {
    const names = new Set<string>();
    for (const r of this.rulesOf(p))
      if (r.scope === "" || r.scope === scope)
        for (const rule of r.rules) if (ruleMatchesAnyName(rule, verb, group, resource)) for (const n of rule.resourceNames) names.add(n);
    return names;
  }
}
