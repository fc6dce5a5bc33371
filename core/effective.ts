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
      errors.push(`${describeGrantSource(binding, namespace, binding.subjects[subjectIndex])}: ${res.error}`);
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
      errors.push(`${describeGrantSource(binding, bns, binding.subjects[subjectIndex])}: ${res.error}`);
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

interface Acc<T> {
  entry: T;
  verbs: string[];
  sources: Provenance[];
}

type ResourceKey = { scope: string; apiGroup: string; resource: string; resourceNames: string[]; namesKey: string };

/**
 * Groups rules by (scope, apiGroup, resource, resourceNames) → verbs, and non-resource URLs by URL → verbs,
 * merging duplicates and keeping every source. Non-resource rules reached through RoleBindings are inert
 * and left out. Entries are sorted by scope, group, resource, names.
 * (On the hot path of the permissions tree: one aggregated role is dozens of groups × resources, so keys
 * are plain strings built once per rule, and nothing is allocated per entry that can be shared.)
 */
export function compact(perms: EffectivePermissions): CompactPermissions {
  const res = new Map<string, Acc<ResourceKey>>();
  const urls = new Map<string, Acc<{ url: string }>>();
  // Each (binding, rule) is one Provenance and its entries are visited together, so a repeat (a rule
  // listing a group or resource twice) is always the last source added.
  const add = <T>(a: Acc<T>, p: Provenance) => {
    for (const v of p.rule.verbs) if (!a.verbs.includes(v)) a.verbs.push(v);
    if (a.sources[a.sources.length - 1] !== p) a.sources.push(p);
  };
  const visit = (scope: string, list: readonly Provenance[]) => {
    for (const p of list) {
      const r = p.rule;
      if (r.verbs.length === 0) continue;
      const names = r.resourceNames.length === 0 ? [] : [...new Set(r.resourceNames)].sort();
      const namesKey = names.join("\u0001");
      for (const g of r.apiGroups) {
        const prefix = `${scope}\u0000${g}\u0000`;
        for (const resource of r.resources) {
          const k = `${prefix}${resource}\u0000${namesKey}`;
          let acc = res.get(k);
          if (!acc) res.set(k, (acc = { entry: { scope, apiGroup: g, resource, resourceNames: names, namesKey }, verbs: [], sources: [] }));
          add(acc, p);
        }
      }
      if (scope === "") {
        for (const url of r.nonResourceURLs) {
          let acc = urls.get(url);
          if (!acc) urls.set(url, (acc = { entry: { url }, verbs: [], sources: [] }));
          add(acc, p);
        }
      }
    }
  };
  visit("", perms.clusterWide);
  for (const ns of [...perms.perNamespace.keys()].sort()) visit(ns, perms.perNamespace.get(ns)!);

  const sortVerbs = (v: string[]) => [...v].sort();
  const resources: CompactResourceEntry[] = [...res.values()]
    .sort(
      (x, y) =>
        cmp(x.entry.scope, y.entry.scope) ||
        cmp(x.entry.apiGroup, y.entry.apiGroup) ||
        cmp(x.entry.resource, y.entry.resource) ||
        cmp(x.entry.namesKey, y.entry.namesKey),
    )
    .map((a) => ({
      scope: a.entry.scope,
      apiGroup: a.entry.apiGroup,
      resource: a.entry.resource,
      resourceNames: a.entry.resourceNames,
      verbs: sortVerbs(a.verbs),
      sources: a.sources,
    }));
  const nonResourceURLs: CompactNonResourceEntry[] = [...urls.values()]
    .map((a) => ({ scope: "" as const, url: a.entry.url, verbs: sortVerbs(a.verbs), sources: a.sources }))
    .sort((a, b) => cmp(a.url, b.url));
  return { resources, nonResourceURLs };
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
