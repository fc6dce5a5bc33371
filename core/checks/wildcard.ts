// Risk: `*` in verbs, resources, apiGroups or nonResourceURLs also grants whatever is added later.
// Quick fixes expand `*` in verbs or resources into today's explicit list from the catalog.

import { isSeq } from "yaml";
import type { ApiCatalog } from "../catalog";
import { resourceKey } from "../catalog";
import { PolicyRule } from "../model";
import type { Fix, ObjectTarget } from "./context";
import { ruleRiskCheck } from "./support/risk-check";
import { node } from "./support/target";
import { replaceSeqItem, yamlString } from "./support/yaml";
import { isRole } from "../model";

const STD = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];

/** Verbs the rule's resources support today (union), in a stable order. */
export function expandVerbs(rule: PolicyRule, catalog: ApiCatalog | undefined): string[] {
  if (rule.nonResourceURLs.length > 0) return ["get", "post", "put", "patch", "delete", "head", "options"];
  const set = new Set<string>();
  if (catalog && !rule.apiGroups.includes("*") && !rule.resources.some((r) => r === "*" || r.includes("*"))) {
    for (const g of rule.apiGroups) for (const r of rule.resources) for (const v of catalog.lookup(g, r)?.verbs ?? []) set.add(v);
  }
  if (set.size === 0) STD.forEach((v) => set.add(v));
  const order = [...STD, "proxy", "bind", "escalate", "impersonate", "use", "approve", "sign", "attest"];
  return [...set].sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99) || a.localeCompare(b));
}

/** Every resource and subresource of the rule's (single, known) group today. */
export function expandResources(rule: PolicyRule, catalog: ApiCatalog | undefined): string[] | undefined {
  if (!catalog || rule.apiGroups.length !== 1 || rule.apiGroups[0] === "*") return undefined;
  const infos = catalog.resources(rule.apiGroups[0]);
  return infos.length > 0 ? infos.filter((i) => !i.authorizationOnly).map(resourceKey) : undefined;
}

function fixes(t: ObjectTarget, path: readonly (string | number)[]): Fix[] {
  if (!isRole(t.object)) return [];
  const rule = t.object.rules[path[1] as number];
  const out: Fix[] = [];
  for (const field of ["verbs", "resources"] as const) {
    const i = rule[field].indexOf("*");
    if (i < 0) continue;
    const list = field === "verbs" ? expandVerbs(rule, t.ctx.catalog) : expandResources(rule, t.ctx.catalog);
    if (!list) continue;
    const seq = node(t, [...path, field]);
    if (!isSeq(seq)) continue;
    const rest = rule[field].filter((x) => x !== "*");
    const edit = replaceSeqItem(
      t.file.text,
      seq,
      seq.items[i],
      list.filter((x) => !rest.includes(x)).map((x) => yamlString(x)),
    );
    if (edit) out.push({ title: `Expand "*" in ${field} into today's ${list.length} ${field}`, edits: [edit] });
  }
  return out;
}

export const wildcard = ruleRiskCheck("wildcard", "Wildcard in a rule", (t, path) => fixes(t, path));
