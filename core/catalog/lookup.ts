// Name resolution over an ApiCatalog: kubectl-style TYPE strings, nearest-match suggestions for typos,
// verbs of a resource, and what a rule's wildcards cover today. Pure functions; never throw.

import { isList } from "../lists";
import type { PolicyRule } from "../model";
import { VERBS } from "./data-v1-33";
import { resourceKey, type ApiCatalog, type ApiResourceInfo } from "./types";

export interface ResolvedType {
  readonly group: string;
  /** Plural resource, optionally "res/sub". */
  readonly resource: string;
  /** Undefined when the TYPE was only parsed (e.g. `widgets.example.com` not in the catalog). */
  readonly info?: ApiResourceInfo;
}

export interface TypeResolution {
  /** Best first: core group, then built-in groups, then others (the order kubectl prefers). */
  readonly matches: readonly ResolvedType[];
  readonly ambiguous: boolean;
}

function nameMatches(r: ApiResourceInfo, lower: string): boolean {
  return (
    r.resource.toLowerCase() === lower ||
    (r.singular !== undefined && r.singular.toLowerCase() === lower) ||
    (r.kind !== undefined && r.kind.toLowerCase() === lower) ||
    r.shortNames.some((s) => s.toLowerCase() === lower)
  );
}

function rank(catalog: ApiCatalog, group: string): number {
  if (group === "") return 0;
  return catalog.groupInfo(group)?.builtIn ? 1 : 2;
}

/**
 * Resolves a kubectl TYPE: `pods`, `pod`, `po`, `Pod`, `deployments.apps`, `deploy.apps`,
 * `deployments.v1.apps`, `widgets.example.com`, and `pods/log`. Case-insensitive like kubectl.
 */
export function resolveType(catalog: ApiCatalog, type: string): TypeResolution {
  const text = typeof type === "string" ? type.trim() : "";
  if (text === "") return { matches: [], ambiguous: false };
  let sub: string | undefined;
  let head = text;
  const slash = text.indexOf("/");
  if (slash >= 0) {
    sub = text.slice(slash + 1);
    head = text.slice(0, slash);
  }
  const results: ResolvedType[] = [];
  const seen = new Set<string>();
  const add = (group: string, resource: string, info: ApiResourceInfo | undefined) => {
    const k = `${group}\u0000${resource}`;
    if (seen.has(k)) return;
    seen.add(k);
    results.push({ group, resource, info });
  };
  const consider = (name: string, groups: readonly string[]) => {
    const lower = name.toLowerCase();
    for (const g of groups) {
      for (const r of catalog.resources(g)) {
        if (r.subresource !== undefined || !nameMatches(r, lower)) continue;
        if (sub === undefined) add(g, r.resource, r);
        else {
          const info = catalog.lookup(g, `${r.resource}/${sub}`);
          if (info) add(g, resourceKey(info), info);
        }
      }
    }
  };
  // 1. The whole head is a resource name in any group.
  consider(head, catalog.groups());
  // 2. resource.group and resource.version.group.
  const dot = head.indexOf(".");
  let parsedGroup: { name: string; group: string } | undefined;
  if (dot > 0) {
    const name = head.slice(0, dot);
    const rest = head.slice(dot + 1);
    const candidates = [rest];
    const dot2 = rest.indexOf(".");
    if (dot2 > 0) candidates.push(rest.slice(dot2 + 1));
    for (const g of candidates) {
      if (catalog.groupInfo(g)) consider(name, [g]);
    }
    if (rest.includes(".")) parsedGroup = { name: name.toLowerCase(), group: rest };
  }
  // 3. Unknown but well-formed `plural.group` (a CRD the catalog does not know).
  if (results.length === 0 && parsedGroup && !catalog.groupInfo(parsedGroup.group)) {
    add(parsedGroup.group, sub === undefined ? parsedGroup.name : `${parsedGroup.name}/${sub}`, undefined);
  }
  results.sort((a, b) => rank(catalog, a.group) - rank(catalog, b.group));
  return { matches: results, ambiguous: results.length > 1 };
}

/** Groups serving this exact plural (or "res/sub"): "deployments" → ["apps"]. */
export function groupsFor(catalog: ApiCatalog, resource: string): string[] {
  return catalog.groupsOfResource(resource);
}

/** Verbs the resource supports per the catalog, or undefined when (group, resource) is unknown. */
export function verbsFor(catalog: ApiCatalog, group: string, resource: string): readonly string[] | undefined {
  return catalog.lookup(group, resource)?.verbs;
}

const KNOWN_VERBS = new Set(VERBS.map((v) => v.verb));

/**
 * True for every verb RBAC authors use on purpose: the resource verbs, the authorization-only verbs,
 * lower-case HTTP methods, `*`, and the constrained-impersonation forms `impersonate:<mode>` and
 * `impersonate-on:<mode>:<verb>` (v1.35 alpha). Exact and case-sensitive, like the authorizer.
 */
export function isKnownVerb(verb: string): boolean {
  if (typeof verb !== "string") return false;
  if (KNOWN_VERBS.has(verb)) return true;
  if (/^impersonate:[a-z-]+$/.test(verb)) return true;
  return /^impersonate-on:[a-z-]+:[a-z*]+$/.test(verb);
}

/**
 * Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps. Callers
 * only want small distances: beyond 3 the length difference (a lower bound) is returned, so a hostile
 * 100,000-character name costs nothing instead of a quadratic table per candidate.
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > 3) return Math.abs(a.length - b.length);
  return alignmentDistance(a, b, Infinity);
}

/**
 * `editDistance(a, b)` when it is at most `limit`, otherwise some number above `limit`: for "the nearest
 * name within 2", which skips most candidates on their length alone and stops a table early once every
 * alignment is already too far.
 */
export function editDistanceWithin(a: string, b: string, limit: number): number {
  if (a === b) return 0;
  const lengths = Math.abs(a.length - b.length);
  if (lengths > limit || lengths > 3) return Math.max(lengths, limit + 1);
  return boundedAlignment(a, b, limit);
}

/** The optimal-string-alignment table kept as three rows; gives up (returns limit + 1) once two rows are over `limit`. */
function alignmentDistance(a: string, b: string, limit: number): number {
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);
  let previousMin = 0;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
      current[j] = d;
      if (d < rowMin) rowMin = d;
    }
    // A cell is at least the smaller of the row above's minimum and the one before that's plus one.
    if (rowMin > limit && previousMin > limit) return limit + 1;
    previousMin = rowMin;
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length];
}

/** The three rows of boundedAlignment, kept between calls for names of up to 255 characters. */
const ROWS = [new Int32Array(256), new Int32Array(256), new Int32Array(256)];

/**
 * alignmentDistance up to `limit` (limit + 1 beyond), computing only the cells within `limit` of the
 * diagonal (any other cell is over the limit) in rows kept between calls: "did you mean" runs it for
 * every candidate name of every finding, and allocates nothing.
 */
function boundedAlignment(a: string, b: string, limit: number): number {
  const over = limit + 1;
  const m = b.length;
  // (A longer name gets rows of its own, which go with it.)
  let [before, previous, current] = m < ROWS[0].length ? ROWS : [new Int32Array(m + 1), new Int32Array(m + 1), new Int32Array(m + 1)];
  for (let j = 0; j <= m; j++) previous[j] = j <= limit ? j : over;
  let previousMin = 0;
  for (let i = 1; i <= a.length; i++) {
    const lo = Math.max(1, i - limit);
    const hi = Math.min(m, i + limit);
    current[0] = i <= limit ? i : over;
    if (lo > 1) current[lo - 1] = over;
    let rowMin = lo === 1 ? current[0] : over;
    const ai = a.charCodeAt(i - 1);
    for (let j = lo; j <= hi; j++) {
      const bj = b.charCodeAt(j - 1);
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) d = Math.min(d, before[j - 2] + 1);
      if (d > over) d = over;
      current[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (hi < m) current[hi + 1] = over;
    if (rowMin > limit && previousMin > limit) return over;
    previousMin = rowMin;
    const t = before;
    before = previous;
    previous = current;
    current = t;
  }
  return previous[m] <= limit ? previous[m] : over;
}

/**
 * Nearest correct spellings of `wrong` among the resources of `group` (all groups when the group is
 * unknown), best first: `pod`/`po`/`Pod` → pods, `Pods` → pods, `pods/logs` → pods/log,
 * `deployments.apps` → deployments, then small edit distances. [] when nothing is close.
 */
export function suggestResource(catalog: ApiCatalog, group: string, wrong: string): string[] {
  if (typeof wrong !== "string" || wrong === "") return [];
  const pool = catalog.groupInfo(group) ? catalog.resources(group) : catalog.allResources();
  const keys = [...new Set(pool.map(resourceKey))];
  if (keys.includes(wrong)) return [];
  const out: string[] = [];
  const push = (s: string | undefined) => {
    if (s !== undefined && s !== wrong && !out.includes(s)) out.push(s);
  };
  const slash = wrong.indexOf("/");
  const head = slash < 0 ? wrong : wrong.slice(0, slash);
  const sub = slash < 0 ? undefined : wrong.slice(slash + 1);
  // Exact under kubectl-style resolution: singular, kind, short name, case, `.group` suffix.
  for (const candidateHead of [head, head.includes(".") ? head.slice(0, head.indexOf(".")) : undefined]) {
    if (candidateHead === undefined) continue;
    const lower = candidateHead.toLowerCase();
    for (const r of pool) {
      if (r.subresource !== undefined || !nameMatches(r, lower)) continue;
      if (sub === undefined) push(r.resource);
      else {
        const exactSub = pool.find((x) => x.resource === r.resource && x.subresource === sub.toLowerCase());
        if (exactSub) push(resourceKey(exactSub));
      }
    }
  }
  // Edit distance on the whole key (handles pods/logs, deployments/scales, configmap typos).
  const lowerWrong = wrong.toLowerCase();
  // With a known parent (`pods/logs`), only that parent's subresources are candidates.
  const knownParent = sub !== undefined ? resolveParent(pool, head) : undefined;
  const scored = keys
    .filter((k) => knownParent === undefined || k.startsWith(`${knownParent}/`))
    .map((k) => ({ k, d: editDistance(lowerWrong, k) }))
    .filter((x) => x.d <= Math.max(1, Math.min(3, Math.floor(x.k.length / 3))))
    .sort((a, b) => a.d - b.d || a.k.localeCompare(b.k));
  for (const s of scored) push(s.k);
  // Right parent, wrong subresource: offer the parent's real subresources.
  if (sub !== undefined && out.length === 0) {
    for (const r of pool) if (knownParent !== undefined && r.resource === knownParent && r.subresource !== undefined) push(resourceKey(r));
  }
  return out.slice(0, 5);
}

function resolveParent(pool: readonly ApiResourceInfo[], head: string): string | undefined {
  const lower = head.toLowerCase();
  return pool.find((r) => r.subresource === undefined && nameMatches(r, lower))?.resource;
}

// ---------------------------------------------------------------------------------------------
// Wildcards

export interface ExpandedEntry {
  readonly group: string;
  /** "pods" or "pods/log". */
  readonly resource: string;
  /** The rule's verbs, or the resource's catalog verbs when the rule says `*`. */
  readonly verbs: readonly string[];
  readonly info: ApiResourceInfo;
}

/**
 * The concrete (group, resource, verbs) a rule covers in this catalog today. `*` groups = every group,
 * `*` resources = every resource and every subresource, `*\/sub` = that subresource of every resource
 * that has it; `res/*` is literal (matches nothing real). Unknown pairs are left out: the result is
 * what the catalog knows, not everything the rule could match (CRDs created later also match `*`).
 */
export function expandWildcards(rule: PolicyRule, catalog: ApiCatalog): ExpandedEntry[] {
  const out: ExpandedEntry[] = [];
  if (!rule || !isList(rule.apiGroups) || !isList(rule.resources) || !isList(rule.verbs)) return out;
  if (rule.verbs.length === 0) return out;
  const allVerbs = rule.verbs.includes("*");
  const groups = rule.apiGroups.includes("*") ? catalog.groups() : [...new Set(rule.apiGroups)];
  const seen = new Set<string>();
  for (const g of groups) {
    const infos = catalog.resources(g);
    const matched: ApiResourceInfo[] = [];
    for (const entry of rule.resources) {
      if (entry === "*") matched.push(...infos);
      else if (entry.startsWith("*/") && entry.length > 2) matched.push(...infos.filter((r) => r.subresource === entry.slice(2)));
      else {
        const info = catalog.lookup(g, entry);
        if (info) matched.push(info);
      }
    }
    for (const info of matched) {
      const key = `${g}\u0000${resourceKey(info)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ group: g, resource: resourceKey(info), verbs: allVerbs ? info.verbs : [...new Set(rule.verbs)], info });
    }
  }
  return out;
}
