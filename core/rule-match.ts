// Matching one request against one PolicyRule, exactly as the RBAC authorizer does
// (rbac-semantics.md §2.4, upstream evaluation_helpers.go). Strings are compared verbatim.

import { PolicyRule, Request } from "./model";

export const ALL = "*";

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  for (const v of rule.verbs) if (v === ALL || v === verb) return true;
  return false;
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  for (const g of rule.apiGroups) if (g === ALL || g === group) return true;
  return false;
}

/**
 * `combined` is "res" or "res/sub"; `subresource` is "" or "sub". `*` matches every resource and every
 * subresource; `*\/sub` matches that subresource of any resource; `res/*` is literal.
 */
export function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  for (const r of rule.resources) {
    if (r === ALL || r === combined) return true;
    if (subresource !== "" && r.length === subresource.length + 2 && r.startsWith("*/") && r.endsWith(subresource)) return true;
  }
  return false;
}

/** No resourceNames = every name (including ""); otherwise the name must be listed literally. */
export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  if (rule.resourceNames.length === 0) return true;
  for (const n of rule.resourceNames) if (n === name) return true;
  return false;
}

/** `*` = everything; exact path; a trailing `*` is a plain string prefix (all trailing stars stripped). */
export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const u of rule.nonResourceURLs) {
    if (u === ALL || u === path) return true;
    if (u.endsWith("*") && path.startsWith(stripTrailingStars(u))) return true;
  }
  return false;
}

export function stripTrailingStars(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 42 /* * */) end--;
  return s.slice(0, end);
}

export function ruleAllows(request: Request, rule: PolicyRule): boolean {
  if (request.kind === "resource") {
    const combined = request.subresource !== "" ? `${request.resource}/${request.subresource}` : request.resource;
    return (
      verbMatches(rule, request.verb) &&
      apiGroupMatches(rule, request.apiGroup) &&
      resourceMatches(rule, combined, request.subresource) &&
      resourceNameMatches(rule, request.name)
    );
  }
  return verbMatches(rule, request.verb) && nonResourceURLMatches(rule, request.path);
}

/** Indexes of the rules that allow the request. */
export function allowingRuleIndexes(request: Request, rules: readonly PolicyRule[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < rules.length; i++) if (ruleAllows(request, rules[i])) out.push(i);
  return out;
}
