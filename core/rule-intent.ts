// Whether a resource rule can match any request, and what it would allow once its certain mistakes are
// corrected. The same judgements as the checks (core/catalog/suggest.ts, checks/support/resources.ts),
// so a hover, the tree and a diagnostic never contradict each other.

import { isKnownVerb, judgeGroup, suggestVerb } from "./catalog";
import type { ApiCatalog } from "./catalog";
import { judgeResource } from "./checks/support/resources";
import type { PolicyRule } from "./model";
import { UNKNOWN } from "./template/mask";

export interface RuleIntent {
  /** True when no request can match the rule as written. */
  readonly matchesNothing: boolean;
  /** Why entries match nothing: `apiGroups "core" is not an API group (the core group is "")`. */
  readonly reasons: readonly string[];
  /** The rule with every certain mistake corrected; undefined when nothing has a likely intent. */
  readonly corrected?: PolicyRule;
  /** The corrections, in words: `the group were ""`, `"lsit" were list`. */
  readonly corrections: readonly string[];
  /** The rule without its dead entries (what it actually allows); the rule itself when nothing is dead. */
  readonly live: PolicyRule;
}

const q = (s: string) => JSON.stringify(s);
/** An entry a template fills in: it may be anything, so it is never judged (as no check judges it). */
const templated = (s: string) => s.includes(UNKNOWN);

/** Judges a resource rule (non-resource rules are never dead here: their problems are other notes). */
export function ruleIntent(rule: PolicyRule, catalog: ApiCatalog): RuleIntent {
  const reasons: string[] = [];
  const corrections: string[] = [];
  if (rule.nonResourceURLs.length > 0 || rule.apiGroups.length === 0 || rule.resources.length === 0 || rule.verbs.length === 0)
    return { matchesNothing: false, reasons, corrections, live: rule };
  const groups = groupsOf(rule, catalog, reasons, corrections);
  const custom = rule.apiGroups.some((g) => g === "*" || judgeGroup(catalog, g).kind === "custom");
  const verbs = verbsOf(rule, custom, reasons, corrections);
  const resources = resourcesOf(rule, catalog, reasons, corrections);
  const matchesNothing = groups.live.length === 0 || verbs.live.length === 0 || resources.live.length === 0;
  let apiGroups = groups.corrected;
  if (resources.rightGroup !== undefined && apiGroups.length === 1 && apiGroups[0] !== resources.rightGroup) {
    corrections.unshift(`the group were ${q(resources.rightGroup)}`);
    apiGroups = [resources.rightGroup];
  }
  const corrected = corrections.length > 0 ? { ...rule, apiGroups, verbs: verbs.corrected, resources: resources.corrected } : undefined;
  const live = { ...rule, apiGroups: groups.live, verbs: verbs.live, resources: resources.live };
  return { matchesNothing, reasons, corrected, corrections, live };
}

interface Entries {
  /** The entries that can match as written. */
  readonly live: string[];
  /** Every entry, corrected where the intent is certain (entries without one are left out). */
  readonly corrected: string[];
  /** For resources: the group that serves a resource listed in the wrong one. */
  readonly rightGroup?: string;
}

function groupsOf(rule: PolicyRule, catalog: ApiCatalog, reasons: string[], corrections: string[]): Entries {
  const live: string[] = [];
  const corrected: string[] = [];
  for (const g of rule.apiGroups) {
    const v = judgeGroup(catalog, g);
    if (templated(g) || v.kind === "known" || v.kind === "custom") {
      live.push(g);
      corrected.push(g);
      continue;
    }
    if (v.kind === "impossible") {
      reasons.push(`there is no API group ${q(g)}`);
      continue;
    }
    reasons.push(v.why === "core" ? `the core group is written "", not ${q(g)}` : `there is no API group ${q(g)}`);
    corrections.push(`the group were ${q(v.group)}`);
    corrected.push(v.group);
  }
  return { live, corrected: [...new Set(corrected)] };
}

function verbsOf(rule: PolicyRule, custom: boolean, reasons: string[], corrections: string[]): Entries {
  const live: string[] = [];
  const corrected: string[] = [];
  for (const v of rule.verbs) {
    const s = isKnownVerb(v) || templated(v) ? undefined : suggestVerb(v);
    const sure = s !== undefined && (s.why === "case" || (s.why === "typo" && s.verbs.length === 1));
    if (s === undefined || (custom && !sure)) {
      live.push(v);
      corrected.push(v);
      continue;
    }
    reasons.push(`${q(v)} is not a verb`);
    if (s.why === "case" || s.why === "typo") {
      corrections.push(`${q(v)} were ${s.verbs[0]}`);
      corrected.push(s.verbs[0]);
    }
  }
  return { live, corrected: [...new Set(corrected)] };
}

function resourcesOf(rule: PolicyRule, catalog: ApiCatalog, reasons: string[], corrections: string[]): Entries {
  const live: string[] = [];
  const corrected: string[] = [];
  let rightGroup: string | undefined;
  for (const r of rule.resources) {
    const v = templated(r) ? undefined : judgeResource(catalog, rule, r);
    if (v === undefined || v.kind === "ok") {
      live.push(r);
      corrected.push(r);
    } else if (v.kind === "wrong-group") {
      reasons.push(
        `${q(r)} is served by ${v.rightGroups.map((g) => (g === "" ? '"" (core)' : q(g))).join(", ")}, not by the rule's groups`,
      );
      corrected.push(r);
      rightGroup ??= v.rightGroups[0];
    } else {
      reasons.push(`${q(r)} is not a resource of ${groupsInWords(v.groups)}`);
      const best = v.suggestions[0];
      if (best !== undefined) {
        corrections.push(`${q(r)} were ${best}`);
        corrected.push(best);
      }
    }
  }
  return { live, corrected: [...new Set(corrected)], rightGroup };
}

/**
 * Why one (group, resource) pair of effective permissions matches no served resource, or undefined when
 * it may match one (wildcards, custom groups the catalog cannot see into, served pairs).
 */
export function unservedReason(catalog: ApiCatalog, group: string, resource: string): string | undefined {
  const g = judgeGroup(catalog, group);
  if (g.kind === "impossible") return `there is no API group ${q(group)}`;
  if (g.kind === "meant") return g.why === "core" ? `the core group is written "", not ${q(group)}` : `there is no API group ${q(group)}`;
  const v = judgeResource(
    catalog,
    { apiGroups: [group], resources: [resource], verbs: ["*"], resourceNames: [], nonResourceURLs: [] },
    resource,
  );
  if (v?.kind === "wrong-group")
    return `${q(resource)} is served by ${v.rightGroups.map((x) => (x === "" ? '"" (core)' : q(x))).join(", ")}`;
  if (v?.kind === "unknown") return `${q(resource)} is not a resource of ${groupsInWords([group])}`;
  return undefined;
}

/** `the core group`, `"apps"`, `the core group or "apps"`. */
function groupsInWords(groups: readonly string[]): string {
  return groups.map((g) => (g === "" ? "the core group" : q(g))).join(" or ");
}
