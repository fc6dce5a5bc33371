// One rule against the logged requests it authorized (core/audit/grant-usage.ts): which of its list
// entries those requests used, and the rule narrowed to them. An entry is used when it matches the
// request's value in its field (rbac-semantics.md §2.4): `*` is used by any request, `*/scale` by a
// request for the scale subresource of any resource, `/logs*` by any path under that prefix. The
// narrowed rule still authorizes every logged request: a bare `*` is replaced by the values the requests
// had, other entries stay when used and go when not. A rule no request used narrows to nothing.

import { PolicyRule, Request } from "../model";
import { ALL, nonResourceURLMatches, resourceMatches } from "../rule-match";

export const RULE_FIELDS = ["verbs", "apiGroups", "resources", "resourceNames", "nonResourceURLs"] as const;
export type RuleField = (typeof RULE_FIELDS)[number];

/** For each list field of the rule, whether each entry was used. */
export type EntryUse = Readonly<Record<RuleField, readonly boolean[]>>;

const combined = (q: Request & { kind: "resource" }): string => (q.subresource !== "" ? `${q.resource}/${q.subresource}` : q.resource);

/** The value a request has in a field, or undefined when the field does not apply to it. */
function valueOf(q: Request, field: RuleField): string | undefined {
  if (q.kind === "nonResource") return field === "verbs" ? q.verb : field === "nonResourceURLs" ? q.path : undefined;
  switch (field) {
    case "verbs":
      return q.verb;
    case "apiGroups":
      return q.apiGroup;
    case "resources":
      return combined(q);
    case "resourceNames":
      return q.name;
    default:
      return undefined;
  }
}

/** Does this one entry of `field` match the request (as the authorizer compares that field)? */
function entryMatches(field: RuleField, entry: string, q: Request): boolean {
  const value = valueOf(q, field);
  if (value === undefined) return false;
  const one = { verbs: [], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: [], [field]: [entry] } as PolicyRule;
  if (field === "resources" && q.kind === "resource") return resourceMatches(one, value, q.subresource);
  if (field === "nonResourceURLs") return nonResourceURLMatches(one, value);
  if (field === "resourceNames") return entry === value;
  return entry === ALL || entry === value;
}

export function entryUse(rule: PolicyRule, requests: readonly Request[]): EntryUse {
  const out = {} as Record<RuleField, boolean[]>;
  for (const field of RULE_FIELDS) out[field] = rule[field].map((entry) => requests.some((q) => entryMatches(field, entry, q)));
  return out;
}

/** True when some entry of the rule was not used (a rule no request used has every entry unused). */
export function hasUnusedEntry(use: EntryUse): boolean {
  return RULE_FIELDS.some((f) => use[f].some((used) => !used));
}

/** The rule narrowed to what the requests used, or undefined when they used none of it. */
export function narrowRule(rule: PolicyRule, requests: readonly Request[]): PolicyRule | undefined {
  if (requests.length === 0) return undefined;
  const out = {} as Record<RuleField, string[]>;
  for (const field of RULE_FIELDS) {
    const kept: string[] = [];
    const add = (v: string) => {
      if (!kept.includes(v)) kept.push(v);
    };
    for (const entry of rule[field]) {
      const users = requests.filter((q) => entryMatches(field, entry, q));
      if (users.length === 0) continue;
      // resourceNames has no wildcard: `*` there is a literal name.
      if (entry === ALL && field !== "resourceNames") [...new Set(users.map((q) => valueOf(q, field)!))].sort().forEach(add);
      else add(entry);
    }
    out[field] = kept;
  }
  return out;
}

/** Same lists, same order. */
export function sameRule(a: PolicyRule, b: PolicyRule): boolean {
  return RULE_FIELDS.every((f) => a[f].length === b[f].length && a[f].every((v, i) => v === b[f][i]));
}
