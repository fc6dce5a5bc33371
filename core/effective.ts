// Effective permissions of one identity (rbac-semantics.md §2.5): the rules of every applying
// ClusterRoleBinding (valid at cluster scope and in every namespace) and, per namespace, of every applying
// RoleBinding; each rule carries its provenance. Plus a compacted form for display.

import { BindingObject, Identity, PolicyRule, RoleObject } from "./model";
import { describeGrantSource } from "./authorize";
import { RbacIndex } from "./rbac-index";

/** Where a rule comes from: binding → role → rule index. */
export interface Provenance {
  readonly binding: BindingObject;
  /** "" for ClusterRoleBindings. */
  readonly bindingNamespace: string;
  readonly role: RoleObject;
  readonly ruleIndex: number;
  readonly rule: PolicyRule;
}

export interface EffectivePermissions {
  /** From ClusterRoleBindings: apply at cluster scope and in every namespace. */
  readonly clusterWide: readonly Provenance[];
  /** From RoleBindings: apply only to requests in that namespace. */
  readonly perNamespace: ReadonlyMap<string, readonly Provenance[]>;
  /** Unresolved roleRefs of applying bindings. */
  readonly errors: readonly string[];
}

export function effectivePermissions(index: RbacIndex, identity: Identity): EffectivePermissions {
  const clusterWide: Provenance[] = [];
  const perNamespace = new Map<string, Provenance[]>();
  const errors: string[] = [];
  for (const { binding, namespace, subjectIndex } of index.bindingsFor(identity)) {
    const res = index.resolveRoleRef(binding);
    if (!res.ok) {
      errors.push(`${describeGrantSource(binding, namespace, binding.subjects[subjectIndex]!)}: ${res.error}`);
      continue;
    }
    let target = clusterWide;
    if (binding.kind === "RoleBinding") {
      target = perNamespace.get(namespace) ?? [];
      perNamespace.set(namespace, target);
    }
    res.rules.forEach((rule, ruleIndex) => target.push({ binding, bindingNamespace: namespace, role: res.role, ruleIndex, rule }));
  }
  return { clusterWide, perNamespace, errors };
}

export interface RulesReview {
  readonly rules: readonly PolicyRule[];
  readonly provenance: readonly Provenance[];
  readonly errors: readonly string[];
}

/**
 * Like SelfSubjectRulesReview / upstream `RulesFor(user, namespace)`: the rules of every applying
 * ClusterRoleBinding, plus (when namespace is not "") those of the applying RoleBindings of `namespace`.
 */
export function rulesFor(index: RbacIndex, identity: Identity, namespace: string): RulesReview {
  const provenance: Provenance[] = [];
  const errors: string[] = [];
  for (const { binding, namespace: bns, subjectIndex } of index.bindingsFor(identity, namespace)) {
    if (binding.kind === "RoleBinding" && namespace === "") continue;
    const res = index.resolveRoleRef(binding);
    if (!res.ok) {
      errors.push(`${describeGrantSource(binding, bns, binding.subjects[subjectIndex]!)}: ${res.error}`);
      continue;
    }
    res.rules.forEach((rule, ruleIndex) => provenance.push({ binding, bindingNamespace: bns, role: res.role, ruleIndex, rule }));
  }
  return { rules: provenance.map((p) => p.rule), provenance, errors };
}

// ---------------------------------------------------------------------------------------------
// Compacted display form

export interface CompactResourceEntry {
  /** "" = cluster-wide (ClusterRoleBindings), otherwise the RoleBindings' namespace. */
  readonly scope: string;
  readonly apiGroup: string;
  /** "res" or "res/sub", `*` and `*\/sub` kept as written. */
  readonly resource: string;
  /** Sorted; [] = every name. */
  readonly resourceNames: readonly string[];
  /** Sorted, distinct; `*` kept. */
  readonly verbs: readonly string[];
  readonly sources: readonly Provenance[];
}

export interface CompactNonResourceEntry {
  /** Always "": non-resource URLs only apply through ClusterRoleBindings. */
  readonly scope: "";
  readonly url: string;
  readonly verbs: readonly string[];
  readonly sources: readonly Provenance[];
}

export interface CompactPermissions {
  readonly resources: readonly CompactResourceEntry[];
  readonly nonResourceURLs: readonly CompactNonResourceEntry[];
}

interface Acc<T> { entry: T; verbs: Set<string>; sources: Provenance[]; seen: Set<string> }

/**
 * Groups rules by (scope, apiGroup, resource, resourceNames) → verbs, and non-resource URLs by URL → verbs,
 * merging duplicates and keeping every source. Non-resource rules reached through RoleBindings are inert
 * and left out. Entries are sorted by scope, group, resource, names.
 */
export function compact(perms: EffectivePermissions): CompactPermissions {
  const res = new Map<string, Acc<{ scope: string; apiGroup: string; resource: string; resourceNames: string[] }>>();
  const urls = new Map<string, Acc<{ url: string }>>();
  const add = <T>(m: Map<string, Acc<T>>, key: string, make: () => T, p: Provenance) => {
    let a = m.get(key);
    if (!a) m.set(key, (a = { entry: make(), verbs: new Set(), sources: [], seen: new Set() }));
    for (const v of p.rule.verbs) a.verbs.add(v);
    const sk = `${p.binding.kind}\u0000${p.bindingNamespace}\u0000${p.binding.metadata.name}\u0000${p.ruleIndex}`;
    if (!a.seen.has(sk)) {
      a.seen.add(sk);
      a.sources.push(p);
    }
  };
  const visit = (scope: string, list: readonly Provenance[]) => {
    for (const p of list) {
      const r = p.rule;
      if (r.verbs.length === 0) continue;
      const names = [...new Set(r.resourceNames)].sort();
      for (const g of r.apiGroups) {
        for (const resource of r.resources) {
          const k = JSON.stringify([scope, g, resource, names]);
          add(res, k, () => ({ scope, apiGroup: g, resource, resourceNames: names }), p);
        }
      }
      if (scope === "") for (const url of r.nonResourceURLs) add(urls, url, () => ({ url }), p);
    }
  };
  visit("", perms.clusterWide);
  for (const ns of [...perms.perNamespace.keys()].sort()) visit(ns, perms.perNamespace.get(ns)!);

  const sortVerbs = (s: Set<string>) => [...s].sort();
  const resources: CompactResourceEntry[] = [...res.values()]
    .map((a) => ({ ...a.entry, verbs: sortVerbs(a.verbs), sources: a.sources }))
    .sort((a, b) => cmp(a.scope, b.scope) || cmp(a.apiGroup, b.apiGroup) || cmp(a.resource, b.resource) || cmp(a.resourceNames.join("\u0000"), b.resourceNames.join("\u0000")));
  const nonResourceURLs: CompactNonResourceEntry[] = [...urls.values()]
    .map((a) => ({ scope: "" as const, url: a.entry.url, verbs: sortVerbs(a.verbs), sources: a.sources }))
    .sort((a, b) => cmp(a.url, b.url));
  return { resources, nonResourceURLs };
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
