// Standard Kubernetes label-selector matching, as used by ClusterRole aggregation (rbac-semantics.md §3).

import { LabelSelector, LabelSelectorRequirement } from "./model";

const has = (labels: Readonly<Record<string, string>>, key: string): boolean => Object.prototype.hasOwnProperty.call(labels, key);

/** One matchExpressions entry. An unknown operator never matches. */
export function requirementMatches(req: LabelSelectorRequirement, labels: Readonly<Record<string, string>>): boolean {
  const present = has(labels, req.key);
  switch (req.operator) {
    case "In":
      return present && req.values.includes(labels[req.key]);
    case "NotIn":
      return !present || !req.values.includes(labels[req.key]);
    case "Exists":
      return present;
    case "DoesNotExist":
      return !present;
    default:
      return false;
  }
}

/** All matchLabels equal (exact strings) and all matchExpressions hold; the empty selector matches everything. */
export function matches(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const key of Object.keys(selector.matchLabels)) {
    if (!has(labels, key) || labels[key] !== selector.matchLabels[key]) return false;
  }
  for (const req of selector.matchExpressions) if (!requirementMatches(req, labels)) return false;
  return true;
}
