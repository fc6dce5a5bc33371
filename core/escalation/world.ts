// What an escalation search can reach: the namespaces, the ServiceAccounts of each namespace (`default`
// always), the users and groups that bindings name (and system:masters), the roles worth binding, and per
// principal the rules that can apply to it with their scope, so that a question like "may it create pods
// anywhere?" only asks the authorizer about the namespaces where some rule could say yes.

import { GROUP_MASTERS, parseServiceAccountUser } from "../identity";
import { NamedObject, PolicyRule, Request, RoleObject } from "../model";
import { covers } from "../coverage";
import { RbacIndex } from "../rbac-index";
import { apiGroupMatches, resourceMatches, ruleAllows, verbMatches } from "../rule-match";
import { Principal } from "./principal";

/** A rule that can apply to a principal: cluster-wide (scope "") or in one namespace. */
interface ScopedRule {
  readonly scope: string;
  readonly rule: PolicyRule;
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
  private readonly rulesCache = new Map<string, ScopedRule[]>();
  private readonly relevant = new Map<RoleObject, boolean>();

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

  /** Every rule that can apply to the principal, with its scope. */
  private rulesOf(p: Principal): ScopedRule[] {
    let rules = this.rulesCache.get(p.key);
    if (!rules) {
      rules = [];
      for (const { binding, namespace } of this.index.bindingsFor(p.identity)) {
        const res = this.index.resolveRoleRef(binding);
        if (res.ok) for (const rule of res.rules) rules.push({ scope: namespace, rule });
      }
      for (const g of p.added) for (const rule of g.rules) rules.push({ scope: g.scope, rule });
      this.rulesCache.set(p.key, rules);
    }
    return rules;
  }

  /** Where some rule of the principal matches one of the (verb, group, resource[/sub]) triples for some name. */
  scopes(p: Principal, triples: readonly (readonly [string, string, string])[]): Scopes {
    const namespaces = new Set<string>();
    for (const { scope, rule } of this.rulesOf(p)) {
      if (!triples.some(([v, g, r]) => ruleMatchesAnyName(rule, v, g, r))) continue;
      if (scope === "") return { all: true, namespaces: this.namespaces };
      namespaces.add(scope);
    }
    return { all: false, namespaces: [...namespaces].sort() };
  }

  /** The resourceNames of the principal's cluster-wide rules that match (verb, group, resource), sorted. */
  clusterWideNames(p: Principal, verb: string, group: string, resource: string): string[] {
    const names = new Set<string>();
    for (const { scope, rule } of this.rulesOf(p))
      if (scope === "" && ruleMatchesAnyName(rule, verb, group, resource)) for (const n of rule.resourceNames) names.add(n);
    return [...names].sort();
  }

  /** Whether the principal already holds every one of `rules` in `scope` ("" = cluster-wide): then gaining them is no step. */
  holdsAll(p: Principal, scope: string, rules: readonly PolicyRule[]): boolean {
    const owner = this.rulesOf(p)
      .filter((r) => r.scope === "" || r.scope === scope)
      .map((r) => r.rule);
    return covers(owner, rules).covered;
  }

  /** Whether binding a role could be a step: it allows the target, or something that is itself a step. */
  isRelevant(role: RoleObject): boolean {
    let r = this.relevant.get(role);
    if (r === undefined) {
      const rules = this.index.rulesOf(role);
      const target = this.target;
      const allowsTarget = (rule: PolicyRule) =>
        target.kind === "resource" ? ruleAllows({ ...target, namespace: "" }, rule) : ruleAllows(target, rule);
      r = rules.some((rule) => allowsTarget(rule) || STEP_PROBES.some(([v, g, res]) => ruleMatchesAnyName(rule, v, g, res)));
      this.relevant.set(role, r);
    }
    return r;
  }
}
