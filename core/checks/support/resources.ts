// Per-rule resource analysis against the catalog, shared by unknown-resource, wrong-api-group and
// unsupported-verb. A rule is a cross product of apiGroups × resources; an entry is only wrong when
// it exists in none of the rule's groups. Groups the catalog does not know (CRDs) are never judged.

import { ApiCatalog, effectiveGroup, judgeGroup, suggestResource } from "../../catalog";
import { PolicyRule, Span } from "../../model";
import type { ObjectTarget } from "../context";
import { editDistance } from "./schema";
import { RuleAt, rulesOf, valueSpan } from "./target";

export type ResourceVerdict =
  | { kind: "ok"; groups: string[] }
  | { kind: "wrong-group"; rightGroups: string[] }
  | { kind: "unknown"; suggestions: string[]; groups: string[] };

/**
 * Verdicts by catalog, then by the rule's apiGroups and the resource (all a verdict depends on): three
 * checks ask the same question of every entry, and the rules of a workspace repeat the same few groups
 * and resources from one document to the next. Emptied when it holds MAX_VERDICTS answers.
 */
const verdicts = new WeakMap<ApiCatalog, Map<string, ResourceVerdict | undefined>>();
const MAX_VERDICTS = 50_000;

export function judgeResource(catalog: ApiCatalog, rule: PolicyRule, resource: string): ResourceVerdict | undefined {
  let byKey = verdicts.get(catalog);
  if (!byKey) verdicts.set(catalog, (byKey = new Map<string, ResourceVerdict | undefined>()));
  // The groups' JSON ends where it ends: nothing the resource holds can make two keys alike.
  const key = JSON.stringify(rule.apiGroups) + resource;
  if (byKey.has(key)) return byKey.get(key);
  const verdict = computeVerdict(catalog, rule, resource);
  if (byKey.size >= MAX_VERDICTS) byKey.clear();
  byKey.set(key, verdict);
  return verdict;
}

function computeVerdict(catalog: ApiCatalog, rule: PolicyRule, resource: string): ResourceVerdict | undefined {
  if (resource === "*" || resource.startsWith("*/") || resource.endsWith("/*") || resource === "") return undefined;
  if (rule.apiGroups.includes("*")) return undefined;
  const apiGroups = [...new Set(rule.apiGroups.map((g) => effectiveGroup(catalog, g)))];
  // Legacy groups (extensions) are reported once by deprecated-api-group, not per resource.
  if (apiGroups.some((g) => catalog.groupInfo(g)?.legacy)) return undefined;
  const known = apiGroups.filter((g) => catalog.groupInfo(g) !== undefined);
  // A CRD group we cannot see into may serve anything: only judge when none is listed. Groups that
  // cannot exist (no dot, not built in) serve nothing and do not stop the judgement.
  if (known.length === 0 || apiGroups.some((g) => catalog.groupInfo(g) === undefined && judgeGroup(catalog, g).kind === "custom"))
    return undefined;
  const here = known.filter((g) => catalog.lookup(g, resource) !== undefined || anySub(catalog, g, resource));
  if (here.length > 0) return { kind: "ok", groups: here };
  const elsewhere = catalog.groupsOfResource(resource);
  if (elsewhere.length > 0) return { kind: "wrong-group", rightGroups: elsewhere };
  const suggestions = [...new Set(known.flatMap((g) => suggestResource(catalog, g, resource)))];
  const slash = resource.indexOf("/");
  if (slash > 0) {
    // A known parent with an unlisted subresource: authorization-only subresources exist that discovery
    // never lists (x/finalizers for owner references, endpoints/restricted, csr/nodeclient...). Only a
    // near-miss of a real subresource (pods/logs) is reported.
    const parent = resource.slice(0, slash);
    if (
      known.some((g) => catalog.lookup(g, parent) !== undefined) &&
      !suggestions.some((s) => s.startsWith(parent + "/") && editDistance(s.slice(parent.length + 1), resource.slice(slash + 1)) <= 2)
    )
      return undefined;
  }
  return { kind: "unknown", suggestions, groups: known };
}

/** `userextras/<key>`: the subresource segment is free-form. */
function anySub(catalog: ApiCatalog, group: string, resource: string): boolean {
  const slash = resource.indexOf("/");
  if (slash < 0) return false;
  const parent = resource.slice(0, slash);
  return catalog.resources(group).some((r) => r.resource === parent && r.anySubresource === true);
}

/** A `resources` entry of one of the object's resource rules, with the catalog's verdict on it. */
export interface JudgedResource<K extends ResourceVerdict["kind"]> {
  readonly rule: RuleAt;
  readonly resource: string;
  readonly verdict: Extract<ResourceVerdict, { kind: K }>;
  readonly span: Span;
}

/** The `resources` entries of the object's resource rules whose verdict is `kind`, in document order. */
export function judgedResources<K extends ResourceVerdict["kind"]>(t: ObjectTarget, catalog: ApiCatalog, kind: K): JudgedResource<K>[] {
  const out: JudgedResource<K>[] = [];
  for (const rule of rulesOf(t)) {
    if (rule.rule.nonResourceURLs.length > 0) continue;
    rule.rule.resources.forEach((resource, i) => {
      const verdict = judgeResource(catalog, rule.rule, resource);
      if (verdict?.kind !== kind) return;
      const span = valueSpan(t, [...rule.path, "resources", i]);
      if (span) out.push({ rule, resource, verdict: verdict as Extract<ResourceVerdict, { kind: K }>, span });
    });
  }
  return out;
}
