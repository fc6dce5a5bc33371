// What an author most likely meant by an API group or a verb that RBAC will never match. Shared by the
// checks (findings and quick fixes) and the explanations (a rule that matches nothing says what it
// would allow once corrected). Pure functions over a catalog; never throw.

import type { ApiCatalog } from "./types";
import { editDistance, editDistanceWithin, isKnownVerb } from "./lookup";
import { VERBS } from "./data-v1-33";

export type GroupVerdict =
  /** Served (or "*"): nothing to say. */
  | { readonly kind: "known" }
  /** Certainly wrong, with a likely intent: `core` → "", `apps/v1` → apps, `app` → apps. */
  | { readonly kind: "meant"; readonly group: string; readonly why: "core" | "version" | "typo" }
  /** Certainly wrong, no likely intent: no dot and not built in (a CustomResourceDefinition's group has a dot). */
  | { readonly kind: "impossible" }
  /** A dotted group the catalog does not know: a CRD group we cannot see into. */
  | { readonly kind: "custom" };

/** Verdicts already given, per catalog (catalogs are immutable): every rule of every file asks again. */
const judged = new WeakMap<ApiCatalog, Map<string, GroupVerdict>>();
/** Past this many distinct entries a catalog's verdicts start over (a generated file can hold any number). */
const JUDGED_LIMIT = 10_000;

/** Judges one `apiGroups` entry against the catalog. */
export function judgeGroup(catalog: ApiCatalog, g: string): GroupVerdict {
  let verdicts = judged.get(catalog);
  if (verdicts === undefined || verdicts.size >= JUDGED_LIMIT) judged.set(catalog, (verdicts = new Map<string, GroupVerdict>()));
  let v = verdicts.get(g);
  if (v === undefined) verdicts.set(g, (v = judgeGroupAfresh(catalog, g)));
  return v;
}

function judgeGroupAfresh(catalog: ApiCatalog, g: string): GroupVerdict {
  if (g === "*" || catalog.groupInfo(g) !== undefined) return { kind: "known" };
  if (g === "core" || g === "v1" || g === "core/v1") return { kind: "meant", group: "", why: "core" };
  const versioned = /^([a-z0-9.-]*)\/(v\d+((alpha|beta)\d+)?)$/.exec(g);
  if (versioned) return { kind: "meant", group: versioned[1], why: "version" };
  const near = nearestGroup(catalog, g);
  if (near !== undefined) return { kind: "meant", group: near, why: "typo" };
  return g.includes(".") ? { kind: "custom" } : { kind: "impossible" };
}

/** The group a rule's entry stands for when judging its resources and verbs: the intent when certain. */
export function effectiveGroup(catalog: ApiCatalog, g: string): string {
  const v = judgeGroup(catalog, g);
  return v.kind === "meant" ? v.group : g;
}

/** A served group within a small edit distance (case ignored), or undefined when none is close or two tie. */
function nearestGroup(catalog: ApiCatalog, g: string): string | undefined {
  const lower = g.toLowerCase();
  if (lower === "") return undefined;
  const limit = lower.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = limit + 1;
  let tie = false;
  for (const candidate of catalog.groups()) {
    if (candidate === "") continue;
    const d = editDistanceWithin(lower, candidate, limit);
    if (d < bestDistance) [best, bestDistance, tie] = [candidate, d, false];
    else if (d === bestDistance) tie = true;
  }
  return best !== undefined && !tie ? best : undefined;
}

/** Words authors write for sets of verbs RBAC has no single name for. */
const CONFUSIONS: Readonly<Record<string, readonly string[]>> = {
  read: ["get", "list", "watch"],
  view: ["get", "list", "watch"],
  write: ["create", "update", "patch", "delete"],
  edit: ["create", "update", "patch", "delete"],
  all: ["*"],
  any: ["*"],
  modify: ["update", "patch"],
  remove: ["delete"],
  exec: ["create"],
  apply: ["patch"],
};

export interface VerbSuggestion {
  /** The verbs to write instead, best first; [] when there is no likely intent. */
  readonly verbs: readonly string[];
  /** How sure: a case slip or a one-letter typo is "typo"; a word for a set of verbs is "confusion". */
  readonly why: "case" | "typo" | "confusion" | "none";
}

const RESOURCE_VERBS = VERBS.filter((v) => v.category !== "nonResource" && v.verb !== "*").map((v) => v.verb);

/** What `verb` most likely means in a resource rule (`lsit` → list, `GET` → get, `read` → get, list, watch). */
export function suggestVerb(verb: string): VerbSuggestion {
  const lower = verb.trim().toLowerCase();
  if (lower !== verb && isKnownVerb(lower)) return { verbs: [lower], why: "case" };
  const confusion = CONFUSIONS[lower];
  if (confusion) return { verbs: confusion, why: "confusion" };
  if (lower.length < 3) return { verbs: [], why: "none" };
  const limit = lower.length <= 5 ? 1 : 2;
  const scored = RESOURCE_VERBS.map((v) => ({ v, d: editDistance(lower, v) }))
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d);
  if (scored.length === 0) return { verbs: [], why: "none" };
  return { verbs: scored.filter((x) => x.d === scored[0].d).map((x) => x.v), why: "typo" };
}
