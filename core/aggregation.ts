// ClusterRole aggregation (rbac-semantics.md §3): what the clusterrole-aggregation controller writes into
// the `rules` of every ClusterRole that has an aggregationRule, computed to a fixpoint so nested and
// cyclic aggregation converge, as they do in a cluster once the controller has settled.

import { PolicyRule, RoleObject } from "./model";
import { matches } from "./label-selector";

/** "converged": rules after the controller's fixpoint (default); "literal": `rules` as stored. */
export type AggregationMode = "converged" | "literal";

export interface AggregationResult {
  /** Rules per ClusterRole name, for every ClusterRole given (non-aggregated ones keep their stored rules). */
  readonly rules: ReadonlyMap<string, readonly PolicyRule[]>;
  /** For each aggregated ClusterRole: the ClusterRoles its selectors matched, in controller order, self excluded. */
  readonly sources: ReadonlyMap<string, readonly string[]>;
  /** Aggregated ClusterRoles whose converged rules differ from the stored ones (the controller would rewrite them). */
  readonly differs: readonly string[];
}

/** Field-by-field, order-sensitive identity of a rule (nil and [] are both [] in the model). */
export function ruleKey(r: PolicyRule): string {
  return JSON.stringify([r.verbs, r.apiGroups, r.resources, r.resourceNames, r.nonResourceURLs]);
}

export function rulesEqual(a: readonly PolicyRule[], b: readonly PolicyRule[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (ruleKey(a[i]) !== ruleKey(b[i])) return false;
  return true;
}

const byteOrder = (a: string, b: string): number => {
  // Go sorts strings by bytes; UTF-16 code-unit order differs only for astral vs. high BMP characters.
  const ea = utf8(a),
    eb = utf8(b);
  const n = Math.min(ea.length, eb.length);
  for (let i = 0; i < n; i++) if (ea[i] !== eb[i]) return ea[i] - eb[i];
  return ea.length - eb.length;
};

function utf8(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}

/** Compares names the way Go's sort.Strings does (byte order of the UTF-8 encoding). */
export function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  // Fast path: pure ASCII strings compare identically in UTF-16 and UTF-8.
  // eslint-disable-next-line no-control-regex -- the range starts at NUL on purpose: all of ASCII.
  if (/^[\x00-\x7f]*$/.test(a) && /^[\x00-\x7f]*$/.test(b)) return a < b ? -1 : 1;
  return byteOrder(a, b);
}

export function hasAggregationRule(role: RoleObject): boolean {
  return role.kind === "ClusterRole" && role.aggregationRule !== undefined && role.aggregationRule.clusterRoleSelectors.length > 0;
}

/**
 * Runs the controller to a fixpoint over `clusterRoles` (one object per name; pass the one the index keeps).
 *
 * Per aggregated role A: for each selector in order, the matching ClusterRoles sorted by name in byte order,
 * skipping A itself, append each of their current rules unless a deep-equal rule is already present; the
 * result replaces A's rules (manual rules are overwritten; no match → []).
 *
 * Aggregated roles start from [] rather than from their stored rules, so the result is the least fixpoint:
 * order-independent, and manually written rules of an aggregated role never leak into another one (in a
 * live cluster a cycle could transiently copy them, depending on which role the controller syncs first).
 */
export function aggregate(clusterRoles: readonly RoleObject[]): AggregationResult {
  const sorted = [...clusterRoles].filter((r) => r.kind === "ClusterRole").sort((a, b) => compareNames(a.metadata.name, b.metadata.name));
  const current = new Map<string, readonly PolicyRule[]>();
  const aggregated: RoleObject[] = [];
  for (const r of sorted) {
    if (hasAggregationRule(r)) {
      aggregated.push(r);
      current.set(r.metadata.name, []);
    } else {
      current.set(r.metadata.name, r.rules);
    }
  }

  // Which roles each aggregated role pulls in depends only on labels, so compute it once.
  const sources = new Map<string, string[]>();
  for (const a of aggregated) {
    // A role matched by several selectors contributes nothing new after its first occurrence (its rules
    // are already present), so keeping the first occurrence preserves the controller's output order.
    const order = new Set<string>();
    for (const sel of a.aggregationRule!.clusterRoleSelectors) {
      for (const c of sorted) {
        if (c.metadata.name !== a.metadata.name && matches(sel, c.metadata.labels)) order.add(c.metadata.name);
      }
    }
    sources.set(a.metadata.name, [...order]);
  }

  // Gauss-Seidel iteration in name order. The rule *sets* only grow, so this terminates; the cap guards
  // against a pathological ordering oscillation in cycles (sets are stable by then).
  const cap = aggregated.length + 2 + 64;
  for (let iter = 0; iter < cap; iter++) {
    let changed = false;
    for (const a of aggregated) {
      const next: PolicyRule[] = [];
      const keys = new Set<string>();
      for (const name of sources.get(a.metadata.name)!) {
        for (const rule of current.get(name) ?? []) {
          const k = ruleKey(rule);
          if (!keys.has(k)) {
            keys.add(k);
            next.push(rule);
          }
        }
      }
      if (!rulesEqual(next, current.get(a.metadata.name)!)) {
        current.set(a.metadata.name, next);
        changed = true;
      }
    }
    if (!changed) break;
  }

  const differs = aggregated.filter((a) => !rulesEqual(a.rules, current.get(a.metadata.name)!)).map((a) => a.metadata.name);
  return { rules: current, sources, differs };
}
