// The RBAC state, indexed for per-identity and per-request queries (rbac-semantics.md §2.4, §10).
//
// Bindings are indexed by the subjects they name (user name, group name, and the user name a service
// account subject stands for), so the bindings of one identity are found without scanning all bindings;
// and by roleRef, so who-can evaluates each referenced role once. Nothing is cross-multiplied.

import { BindingObject, Identity, PolicyRule, RbacObject, RoleObject, Subject, isBinding } from "./model";
import { aggregate, AggregationMode, AggregationResult } from "./aggregation";
import { serviceAccountUser, subjectServiceAccount } from "./identity";

export interface RbacIndexOptions {
  /** How aggregated ClusterRoles are read: "converged" (default) or "literal". */
  readonly aggregation?: AggregationMode;
  /**
   * Namespace given to Roles/RoleBindings whose manifest has none (what `kubectl apply` would use);
   * default "default".
   */
  readonly defaultNamespace?: string;
}

export type RoleResolution =
  | { readonly ok: true; readonly role: RoleObject; readonly rules: readonly PolicyRule[] }
  /** `error` is the API server's own message, e.g. `clusterrole.rbac.authorization.k8s.io "x" not found`. */
  | { readonly ok: false; readonly error: string };

/** A subject as it appears in bindings; a ServiceAccount's namespace is resolved against its RoleBinding. */
export interface IndexedSubject {
  readonly kind: string;
  readonly name: string;
  /** Resolved SA namespace; "" for users and groups (their namespace is ignored) and for unresolvable SAs. */
  readonly namespace: string;
}

export interface ApplyingBinding {
  readonly binding: BindingObject;
  /** Namespace of the binding ("" for ClusterRoleBindings). */
  readonly namespace: string;
  /** Index of the first subject that applies (the one the server's reason names). */
  readonly subjectIndex: number;
}

/**
 * Index of the first subject in `subjects` that applies to `identity`, or -1 (upstream `appliesTo`).
 * Subject apiGroup is ignored; unknown kinds never match; an SA without namespace in a ClusterRoleBinding
 * never matches.
 */
export function appliesTo(identity: Identity, subjects: readonly Subject[], bindingNamespace: string): number {
  for (let i = 0; i < subjects.length; i++) {
    const s = subjects[i];
    switch (s.kind) {
      case "User":
        if (identity.user === s.name) return i;
        break;
      case "Group":
        if (identity.groups.includes(s.name)) return i;
        break;
      case "ServiceAccount": {
        const sa = subjectServiceAccount(s, bindingNamespace);
        if (sa && identity.user === serviceAccountUser(sa.namespace, sa.name)) return i;
        break;
      }
      default:
        break;
    }
  }
  return -1;
}

/** Key of a roleRef as the authorizer resolves it: (kind, namespace for Role refs, name). */
export function roleRefKey(kind: string, namespace: string, name: string): string {
  return `${kind}\u0000${kind === "Role" ? namespace : ""}\u0000${name}`;
}

const key2 = (a: string, b: string): string => `${a}\u0000${b}`;

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

export class RbacIndex {
  readonly mode: AggregationMode;
  /** The controller's fixpoint (always computed, so differences from the stored rules can be reported). */
  readonly aggregation: AggregationResult;

  private readonly defaultNamespace: string;
  private readonly crbs: BindingObject[] = [];
  private readonly rbsByNs = new Map<string, BindingObject[]>();
  private readonly rolesByNsName = new Map<string, RoleObject>();
  private readonly clusterRolesByName = new Map<string, RoleObject>();
  /**
   * User subjects by name, and ServiceAccount subjects by the user name they stand for; groups by name;
   * bindings by roleRefKey. Built on first use: a who-can question reads none of them.
   */
  private lookups:
    { byUser: Map<string, BindingObject[]>; byGroup: Map<string, BindingObject[]>; byRoleRef: Map<string, BindingObject[]> } | undefined;
  /** Namespace and input position of each binding (reasons and grants are reported in input order). */
  private readonly bindingInfo = new Map<BindingObject, { readonly namespace: string; readonly position: number }>();
  private readonly resolutions = new Map<BindingObject, RoleResolution>();
  private subjectList: IndexedSubject[] | undefined;

  constructor(objects: readonly RbacObject[], options: RbacIndexOptions = {}) {
    this.mode = options.aggregation ?? "converged";
    this.defaultNamespace = options.defaultNamespace ?? "default";

    // Last definition of a (kind, namespace, name) wins, as when the manifests are applied in order.
    const latest = new Map<string, RbacObject>();
    for (const o of objects) {
      const ns = o.kind === "Role" || o.kind === "RoleBinding" ? this.namespaceOf(o) : "";
      const k = `${o.kind}\u0000${ns}\u0000${o.metadata.name}`;
      latest.delete(k);
      latest.set(k, o);
    }

    const clusterRoles: RoleObject[] = [];
    let pos = 0;
    for (const o of latest.values()) {
      if (isBinding(o)) {
        const ns = o.kind === "RoleBinding" ? this.namespaceOf(o) : "";
        this.bindingInfo.set(o, { namespace: ns, position: pos++ });
        if (o.kind === "ClusterRoleBinding") this.crbs.push(o);
        else push(this.rbsByNs, ns, o);
      } else if (o.kind === "Role") {
        this.rolesByNsName.set(key2(this.namespaceOf(o), o.metadata.name), o);
      } else {
        this.clusterRolesByName.set(o.metadata.name, o);
        clusterRoles.push(o);
      }
    }
    this.aggregation = aggregate(clusterRoles);
  }

  /** The subject and roleRef maps, built once, in input order. */
  private lookup(): NonNullable<RbacIndex["lookups"]> {
    if (!this.lookups) {
      const l = (this.lookups = {
        byUser: new Map<string, BindingObject[]>(),
        byGroup: new Map<string, BindingObject[]>(),
        byRoleRef: new Map<string, BindingObject[]>(),
      });
      for (const [b, { namespace }] of this.bindingInfo) {
        push(l.byRoleRef, roleRefKey(b.roleRef.kind, namespace, b.roleRef.name), b);
        this.indexSubjects(b, namespace, l.byUser, l.byGroup);
      }
    }
    return this.lookups;
  }

  private indexSubjects(b: BindingObject, ns: string, byUser: Map<string, BindingObject[]>, byGroup: Map<string, BindingObject[]>): void {
    // A binding naming the same principal twice is indexed once per distinct key.
    const users = new Set<string>();
    const groups = new Set<string>();
    for (const s of b.subjects) {
      if (s.kind === "User") users.add(s.name);
      else if (s.kind === "Group") groups.add(s.name);
      else if (s.kind === "ServiceAccount") {
        const sa = subjectServiceAccount(s, ns);
        if (sa) users.add(serviceAccountUser(sa.namespace, sa.name));
      }
    }
    for (const u of users) push(byUser, u, b);
    for (const g of groups) push(byGroup, g, b);
  }

  /** The namespace a Role/RoleBinding lives in (its own, or the default namespace); "" for cluster-scoped kinds. */
  namespaceOf(o: { kind: string; metadata: { namespace: string } }): string {
    if (o.kind !== "Role" && o.kind !== "RoleBinding") return "";
    return o.metadata.namespace !== "" ? o.metadata.namespace : this.defaultNamespace;
  }

  clusterRoleBindings(): readonly BindingObject[] {
    return this.crbs;
  }

  roleBindings(namespace: string): readonly BindingObject[] {
    return this.rbsByNs.get(namespace) ?? [];
  }

  allRoleBindings(): BindingObject[] {
    return [...this.rbsByNs.values()].flat();
  }

  role(namespace: string, name: string): RoleObject | undefined {
    return this.rolesByNsName.get(key2(namespace, name));
  }

  clusterRole(name: string): RoleObject | undefined {
    return this.clusterRolesByName.get(name);
  }

  roles(): RoleObject[] {
    return [...this.rolesByNsName.values()];
  }

  clusterRoles(): RoleObject[] {
    return [...this.clusterRolesByName.values()];
  }

  /** The rules the authorizer reads for a role: stored, or (converged mode, ClusterRoles) aggregated. */
  rulesOf(role: RoleObject): readonly PolicyRule[] {
    if (this.mode === "converged" && role.kind === "ClusterRole") return this.aggregation.rules.get(role.metadata.name) ?? role.rules;
    return role.rules;
  }

  /** Upstream `GetRoleReferenceRules`: a Role is looked up in the binding's namespace; apiGroup is not consulted. */
  resolveRoleRef(binding: BindingObject): RoleResolution {
    let r = this.resolutions.get(binding);
    if (!r) {
      r = this.resolve(binding.roleRef.kind, binding.roleRef.name, this.namespaceOf(binding));
      this.resolutions.set(binding, r);
    }
    return r;
  }

  /** Resolves a roleRef (kind, name) against a binding namespace ("" for ClusterRoleBindings). */
  resolve(kind: string, name: string, bindingNamespace: string): RoleResolution {
    if (kind === "Role") {
      const role = bindingNamespace === "" ? undefined : this.role(bindingNamespace, name);
      return role
        ? { ok: true, role, rules: this.rulesOf(role) }
        : { ok: false, error: `role.rbac.authorization.k8s.io ${JSON.stringify(name)} not found` };
    }
    if (kind === "ClusterRole") {
      const role = this.clusterRole(name);
      return role
        ? { ok: true, role, rules: this.rulesOf(role) }
        : { ok: false, error: `clusterrole.rbac.authorization.k8s.io ${JSON.stringify(name)} not found` };
    }
    return { ok: false, error: `unsupported role reference kind: ${JSON.stringify(kind)}` };
  }

  /**
   * Every binding with a subject that applies to `identity`: ClusterRoleBindings first, then RoleBindings
   * (optionally only those of `namespace`), each in input order. Uses the subject maps only.
   */
  bindingsFor(identity: Identity, namespace?: string): ApplyingBinding[] {
    const { byUser, byGroup } = this.lookup();
    const candidates = new Set<BindingObject>();
    for (const b of byUser.get(identity.user) ?? []) candidates.add(b);
    for (const g of identity.groups) for (const b of byGroup.get(g) ?? []) candidates.add(b);
    const found: { a: ApplyingBinding; order: number }[] = [];
    for (const b of candidates) {
      const info = this.bindingInfo.get(b)!;
      if (namespace !== undefined && b.kind === "RoleBinding" && info.namespace !== namespace) continue;
      const subjectIndex = appliesTo(identity, b.subjects, info.namespace);
      if (subjectIndex < 0) continue;
      // ClusterRoleBindings first (as the authorizer visits them), then input order.
      const order = (b.kind === "ClusterRoleBinding" ? 0 : 1 << 30) + info.position;
      found.push({ a: { binding: b, namespace: info.namespace, subjectIndex }, order });
    }
    found.sort((x, y) => x.order - y.order);
    return found.map((f) => f.a);
  }

  /** Bindings whose roleRef resolves to (kind, name) — Role refs only from RoleBindings in `namespace`. */
  bindingsReferencing(kind: string, name: string, namespace = ""): readonly BindingObject[] {
    return this.lookup().byRoleRef.get(roleRefKey(kind, namespace, name)) ?? [];
  }

  /**
   * The bindings that can grant something for a request in `namespace`, grouped by roleRef: all
   * ClusterRoleBindings, plus the RoleBindings of `namespace` when it is not "".
   */
  bindingGroupsFor(namespace: string): Map<string, { kind: string; name: string; namespace: string; bindings: BindingObject[] }> {
    const groups = new Map<string, { kind: string; name: string; namespace: string; bindings: BindingObject[] }>();
    const add = (b: BindingObject, ns: string) => {
      const k = `${b.kind}\u0000${roleRefKey(b.roleRef.kind, ns, b.roleRef.name)}`;
      let g = groups.get(k);
      if (!g) groups.set(k, (g = { kind: b.roleRef.kind, name: b.roleRef.name, namespace: ns, bindings: [] }));
      g.bindings.push(b);
    };
    for (const b of this.crbs) add(b, "");
    if (namespace !== "") for (const b of this.roleBindings(namespace)) add(b, namespace);
    return groups;
  }

  /** Position of a binding in input order (for stable reporting). */
  positionOf(b: BindingObject): number {
    return this.bindingInfo.get(b)?.position ?? -1;
  }

  /** Every namespace that appears: of Roles, RoleBindings, and ServiceAccount subjects. Sorted. */
  namespaces(): string[] {
    const out = new Set<string>();
    for (const r of this.rolesByNsName.values()) out.add(this.namespaceOf(r));
    for (const ns of this.rbsByNs.keys()) out.add(ns);
    for (const s of this.subjects()) if (s.kind === "ServiceAccount" && s.namespace !== "") out.add(s.namespace);
    return [...out].sort();
  }

  /** Every distinct subject named by a binding, sorted by kind, namespace, name. */
  subjects(): readonly IndexedSubject[] {
    if (!this.subjectList) {
      const seen = new Map<string, IndexedSubject>();
      const visit = (b: BindingObject, ns: string) => {
        for (const s of b.subjects) {
          const namespace = s.kind === "ServiceAccount" ? (subjectServiceAccount(s, ns)?.namespace ?? "") : "";
          const k = `${s.kind}\u0000${namespace}\u0000${s.name}`;
          if (!seen.has(k)) seen.set(k, { kind: s.kind, name: s.name, namespace });
        }
      };
      for (const b of this.crbs) visit(b, "");
      for (const [ns, list] of this.rbsByNs) for (const b of list) visit(b, ns);
      this.subjectList = [...seen.values()].sort((a, b) => cmp(a.kind, b.kind) || cmp(a.namespace, b.namespace) || cmp(a.name, b.name));
    }
    return this.subjectList;
  }
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
