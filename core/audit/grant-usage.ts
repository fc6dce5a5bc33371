// Which grants the requests of an audit log used (issue "unused grants"): for every rule of every Role and
// ClusterRole, the requests of the subjects bound to it that the rule authorizes, exactly as the
// authorizer matches them (rbac-semantics.md §2.4): a ClusterRoleBinding's rules apply to every request of
// its subjects, a RoleBinding's only to resource requests in its namespace. An aggregated ClusterRole's
// rules are copies of its sources' rules (§3): a request such a copy authorizes is credited to every
// source rule it is a deep-equal copy of. A request several rules authorize is credited to each of them,
// so that nothing a logged request needs is ever called unused.

import { hasAggregationRule, ruleKey } from "../aggregation";
import { Identity, PolicyRule, Request, RoleObject, Subject } from "../model";
import { RbacIndex } from "../rbac-index";
import { ruleAllows } from "../rule-match";

/** One distinct request of a logged identity, and how many times the log holds it. */
export interface LoggedRequest {
  readonly request: Request;
  readonly count: number;
}

/** The distinct requests one identity (user name and groups, as the log records them) made. */
export interface LoggedIdentity {
  readonly identity: Identity;
  readonly requests: readonly LoggedRequest[];
}

/** What an audit log holds, aggregated: the requests per identity, how many in all, and when. */
export interface LoggedUsage {
  readonly identities: readonly LoggedIdentity[];
  /** Requests in the log (counted, not distinct). */
  readonly total: number;
  /** Timestamps (RFC 3339) of the first and the last request, when known. */
  readonly from?: string;
  readonly to?: string;
}

/** How one role's grants were used. */
export type RoleUsage =
  /** No binding (directly, or through a ClusterRole aggregating it) gives the role to anyone: nothing to say. */
  | { readonly kind: "unbound" }
  /** An aggregated ClusterRole: its own rules are the controller's, judged on its sources. */
  | { readonly kind: "aggregated" }
  /** Bound, but none of the subjects it is bound to made a request in the log. */
  | { readonly kind: "unseen"; readonly subjects: readonly string[] }
  | {
      readonly kind: "seen";
      /** The bound subjects that made requests in the log ("User alice", "Group devs"). */
      readonly subjects: readonly string[];
      /** Logged requests (counted) of those subjects that the role's bindings apply to (in their scope). */
      readonly requests: number;
      /** Per rule of the role, the distinct requests it authorized. */
      readonly rules: readonly (readonly Request[])[];
    };

/** What the identities' requests did through one resolved role (a role as a binding resolves it). */
class Through {
  readonly subjects = new Set<string>();
  /** (identity, request) keys of the requests in the bindings' scope, with their counts. */
  readonly considered = new Map<string, number>();
  readonly matched: Map<string, Request>[];
  constructor(rules: number) {
    this.matched = Array.from({ length: rules }, () => new Map<string, Request>());
  }
}

const requestKey = (r: Request): string =>
  r.kind === "resource"
    ? JSON.stringify([r.verb, r.apiGroup, r.resource, r.subresource, r.name, r.namespace])
    : JSON.stringify([r.verb, r.path]);

export function describeSubject(s: Subject, bindingNamespace: string): string {
  if (s.kind === "ServiceAccount") return `ServiceAccount ${s.namespace || bindingNamespace}/${s.name}`;
  return `${s.kind} ${s.name}`;
}

/** The grant usage of every role of an RBAC index under one audit log. Computed once; `of(role)` per role. */
export class GrantUsage {
  private readonly through = new Map<RoleObject, Through>();
  /** For each ClusterRole, the aggregated ClusterRoles whose rules (transitively) include its rules. */
  private readonly aggregators = new Map<string, RoleObject[]>();

  constructor(
    readonly index: RbacIndex,
    readonly usage: LoggedUsage,
  ) {
    usage.identities.forEach((logged, i) => this.visit(logged, i));
    this.findAggregators();
  }

  private visit(logged: LoggedIdentity, identityIndex: number): void {
    for (const { binding, namespace, subjectIndex } of this.index.bindingsFor(logged.identity)) {
      const res = this.index.resolveRoleRef(binding);
      if (!res.ok) continue;
      let t = this.through.get(res.role);
      if (!t) this.through.set(res.role, (t = new Through(res.rules.length)));
      t.subjects.add(describeSubject(binding.subjects[subjectIndex], namespace));
      logged.requests.forEach(({ request, count }, k) => {
        // A RoleBinding's rules apply only to resource requests in its namespace.
        if (binding.kind === "RoleBinding" && (request.kind !== "resource" || request.namespace !== namespace)) return;
        t.considered.set(`${identityIndex}:${k}`, count);
        res.rules.forEach((rule, j) => {
          if (ruleAllows(request, rule)) t.matched[j].set(requestKey(request), request);
        });
      });
    }
  }

  private findAggregators(): void {
    const sources = this.index.aggregation.sources;
    for (const [name] of sources) {
      const role = this.index.clusterRole(name);
      if (!role) continue;
      // Every ClusterRole reached from `name` through the sources of aggregated roles.
      const seen = new Set<string>();
      const stack = [...(sources.get(name) ?? [])];
      while (stack.length > 0) {
        const s = stack.pop()!;
        if (seen.has(s) || s === name) continue;
        seen.add(s);
        for (const next of sources.get(s) ?? []) stack.push(next);
      }
      for (const s of seen) {
        const list = this.aggregators.get(s);
        if (list) list.push(role);
        else this.aggregators.set(s, [role]);
      }
    }
  }

  private isBound(role: RoleObject, visited = new Set<RoleObject>()): boolean {
    if (visited.has(role)) return false;
    visited.add(role);
    const ns = role.kind === "Role" ? this.index.namespaceOf(role) : "";
    if (this.index.bindingsReferencing(role.kind, role.metadata.name, ns).length > 0) return true;
    if (role.kind !== "ClusterRole") return false;
    return (this.aggregators.get(role.metadata.name) ?? []).some((a) => this.isBound(a, visited));
  }

  /** The role as the index holds it (the last definition of its kind, namespace and name). */
  private indexed(role: RoleObject): RoleObject | undefined {
    return role.kind === "Role"
      ? this.index.role(this.index.namespaceOf(role), role.metadata.name)
      : this.index.clusterRole(role.metadata.name);
  }

  /** How `role`'s rules (as written in `role`) were used; `role` is matched to the index by kind, namespace and name. */
  of(role: RoleObject): RoleUsage {
    const held = this.indexed(role);
    if (!held) return { kind: "unbound" };
    if (hasAggregationRule(held)) return { kind: "aggregated" };
    if (!this.isBound(held)) return { kind: "unbound" };
    const via: { t: Through; rules: readonly PolicyRule[] }[] = [];
    const direct = this.through.get(held);
    if (direct) via.push({ t: direct, rules: held.rules });
    for (const a of held.kind === "ClusterRole" ? (this.aggregators.get(held.metadata.name) ?? []) : []) {
      const t = this.through.get(a);
      if (t) via.push({ t, rules: this.index.rulesOf(a) });
    }
    const subjects = [...new Set(via.flatMap((v) => [...v.t.subjects]))].sort();
    if (subjects.length === 0) return { kind: "unseen", subjects: this.boundSubjects(held) };
    const rules = role.rules.map((rule) => {
      const key = ruleKey(rule);
      const out = new Map<string, Request>();
      for (const v of via)
        v.rules.forEach((r, j) => {
          if (ruleKey(r) === key) for (const [k, q] of v.t.matched[j]) out.set(k, q);
        });
      return [...out.values()];
    });
    return { kind: "seen", subjects, requests: countRequests(via.map((v) => v.t)), rules };
  }

  /** Every subject the role is given to, directly or through a ClusterRole aggregating it. */
  private boundSubjects(role: RoleObject): string[] {
    const out = new Set<string>();
    const roles = [role, ...(role.kind === "ClusterRole" ? (this.aggregators.get(role.metadata.name) ?? []) : [])];
    for (const r of roles) {
      const ns = r.kind === "Role" ? this.index.namespaceOf(r) : "";
      for (const b of this.index.bindingsReferencing(r.kind, r.metadata.name, ns)) {
        const bindingNs = this.index.namespaceOf(b);
        for (const s of b.subjects) out.add(describeSubject(s, bindingNs));
      }
    }
    return [...out].sort();
  }
}

/** Logged requests (counted) that reach the role, each (identity, request) once however many ways it reaches it. */
function countRequests(list: readonly Through[]): number {
  const union = new Map<string, number>();
  for (const t of list) for (const [k, n] of t.considered) union.set(k, n);
  let total = 0;
  for (const n of union.values()) total += n;
  return total;
}
