// Plain-English explanations of rules, roles and bindings, used by hovers and the CLI's `explain`.
// Pure functions over the model and an ApiCatalog (so wildcards are expanded against the cluster's
// discovery when we have it). They describe what the authorizer does (rbac-semantics.md §2.4), including
// the parts of a rule that are accepted but can never match. Bindings are in explain-binding.ts.

import { expandWildcards } from "./catalog/lookup";
import type { ApiCatalog } from "./catalog/index";
import { describeObject, LabelSelector, PolicyRule, RoleKind, RoleObject } from "./model";
import { joinAnd } from "./explain-binding";
import { ruleIntent } from "./rule-intent";

export { explainBinding, explainSubject, joinAnd } from "./explain-binding";

export type ExplainScope = { kind: "cluster" } | { kind: "namespace"; namespace: string } | { kind: "unbound" };

export interface RuleContext {
  readonly roleKind: RoleKind;
  readonly scope: ExplainScope;
}

const VERB_ORDER = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];
const HTTP_ORDER = ["get", "post", "put", "patch", "delete", "head", "options"];
/** What "including …" mentions when a wildcard covers it, most sensitive first. */
const SENSITIVE = ["secrets", "pods/exec", "nodes/proxy", "clusterrolebindings", "rolebindings", "serviceaccounts/token"];

const uniq = (xs: readonly string[]): string[] => [...new Set(xs)];
const list = (x: unknown): readonly string[] => (Array.isArray(x) ? x.filter((s): s is string => typeof s === "string") : []);

function ordered(verbs: readonly string[], order: readonly string[]): string[] {
  const u = uniq(verbs);
  const known = order.filter((v) => u.includes(v));
  return [...known, ...u.filter((v) => !order.includes(v))];
}

/** "get, list and watch" in the natural order; "every verb" for `*`. */
export function describeVerbs(verbs: readonly string[]): string {
  if (verbs.includes("*")) return "every verb";
  return joinAnd(ordered(verbs, VERB_ORDER));
}

function groupLabel(groups: readonly string[]): string {
  const parts: string[] = [];
  if (groups.includes("")) parts.push("the core group");
  const named = groups.filter((g) => g !== "");
  if (named.length === 1) parts.push(`API group ${named[0]}`);
  else if (named.length > 1) parts.push(`API groups ${joinAnd(named)}`);
  return parts.join(" and ");
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "* (all 57 resources of 21 API groups, including secrets)". */
function describeStar(rule: PolicyRule, catalog: ApiCatalog, allGroups: boolean): string {
  const entries = expandWildcards({ ...rule, resources: ["*"], verbs: ["*"] }, catalog);
  const top = entries.filter((e) => e.info.subresource === undefined && !e.info.authorizationOnly);
  const groups = uniq(top.map((e) => e.group));
  const covered = new Set(entries.map((e) => e.resource));
  const including = SENSITIVE.find((s) => covered.has(s));
  const where =
    allGroups || groups.length > 1
      ? `of ${plural(groups.length, "API group", "API groups")}`
      : groups.length === 1
        ? `of ${groupLabel(groups)}`
        : `of ${groupLabel(uniq(rule.apiGroups))}`;
  return `* (all ${plural(top.length, "resource", "resources")} ${where}${including ? `, including ${including}` : ""})`;
}

function describeSubWildcard(sub: string, rule: PolicyRule, catalog: ApiCatalog): string {
  const found = expandWildcards({ ...rule, resources: [`*/${sub}`], verbs: ["*"] }, catalog).map((e) => e.resource);
  const known = uniq(found);
  return known.length > 0
    ? `the ${sub} subresource of every resource (${joinAnd(known)} today)`
    : `the ${sub} subresource of every resource (none known in the listed groups)`;
}

function describeNames(names: readonly string[]): string {
  const shown = names.map((n) => (n === "" ? '""' : n));
  return names.length === 1 ? ` (only the object named ${shown[0]})` : ` (only the objects named ${joinAnd(shown)})`;
}

function scopeSuffix(scope: ExplainScope): string {
  if (scope.kind === "cluster") return ", cluster-wide";
  if (scope.kind === "namespace") return ` in namespace ${scope.namespace}`;
  return "";
}

function isAll(xs: readonly string[]): boolean {
  return xs.includes("*");
}

interface RuleParts {
  /** "get on pods", without "Allows" and the scope; undefined when the rule grants nothing. */
  readonly what?: string;
  readonly notes: string[];
  readonly clusterAdmin: boolean;
  readonly nonResource: boolean;
  /** Set when the rule matches nothing as written: why, and what it would allow once corrected. */
  readonly deadEnd?: { readonly reasons: readonly string[]; readonly wouldAllow?: string; readonly corrections: readonly string[] };
}

function describeNonResource(rule: PolicyRule, ctx: RuleContext): RuleParts {
  const notes: string[] = [];
  const verbs = list(rule.verbs);
  const urls = uniq(list(rule.nonResourceURLs));
  const verbText = verbs.includes("*")
    ? "every HTTP method"
    : joinAnd(ordered(verbs, HTTP_ORDER).map((v) => (HTTP_ORDER.includes(v) ? v.toUpperCase() : v)));
  const exact = urls.filter((u) => u !== "*" && !u.endsWith("*"));
  const parts: string[] = [];
  if (urls.includes("*")) parts.push("every non-resource URL");
  if (exact.length > 0) parts.push(`${exact.length === 1 ? "the non-resource URL" : "the non-resource URLs"} ${joinAnd(exact)}`);
  for (const u of urls) {
    if (u === "*" || !u.endsWith("*")) continue;
    const prefix = u.replace(/\*+$/, "");
    parts.push(prefix.endsWith("/") ? `every path under ${prefix}` : `every path starting with ${prefix}`);
  }
  const badVerbs = verbs.filter((v) => v !== "*" && !HTTP_ORDER.includes(v));
  if (badVerbs.length > 0)
    notes.push(
      `${joinAnd(badVerbs)} ${badVerbs.length === 1 ? "is not an HTTP method, so it never matches" : "are not HTTP methods, so they never match"} a non-resource request.`,
    );
  const noSlash = urls.filter((u) => u !== "*" && !u.startsWith("/"));
  if (noSlash.length > 0)
    notes.push(`${joinAnd(noSlash)} never ${noSlash.length === 1 ? "matches" : "match"}: request paths start with /.`);
  const innerStar = urls.filter((u) => u.replace(/\*+$/, "").includes("*"));
  if (innerStar.length > 0) notes.push(`A * inside ${joinAnd(innerStar)} is literal, not a wildcard.`);
  if (ctx.roleKind === "Role") notes.push("A Role cannot hold non-resource URLs (the API server rejects this rule).");
  else if (ctx.scope.kind === "namespace") notes.push("Non-resource URLs are never granted through a RoleBinding.");
  const clusterAdmin = verbs.includes("*") && urls.includes("*");
  return { what: parts.length > 0 ? `${verbText} on ${joinAnd(parts)}` : undefined, notes, clusterAdmin, nonResource: true };
}

function describeResourceRule(rule: PolicyRule, ctx: RuleContext, catalog: ApiCatalog): RuleParts {
  const notes: string[] = [];
  const verbs = list(rule.verbs);
  const groups = uniq(list(rule.apiGroups));
  const resources = uniq(list(rule.resources));
  const names = uniq(list(rule.resourceNames));
  const full = { ...rule, verbs, apiGroups: groups, resources, resourceNames: names, nonResourceURLs: [] };
  if (groups.length === 0)
    return { notes: ["The rule lists no API groups, so it matches nothing."], clusterAdmin: false, nonResource: false };
  if (resources.length === 0)
    return { notes: ["The rule lists no resources, so it matches nothing."], clusterAdmin: false, nonResource: false };
  const allGroups = isAll(groups);
  const clusterAdmin = allGroups && isAll(resources) && isAll(verbs) && names.length === 0;
  let what: string;
  if (clusterAdmin) what = "every verb on every resource in every API group";
  else {
    const parts: string[] = [];
    const literal = resources.filter((r) => r !== "*" && !(r.startsWith("*/") && r.length > 2));
    if (literal.length > 0)
      parts.push(
        joinAnd(literal) + (allGroups ? " in every API group" : groups.length === 1 && groups[0] === "" ? "" : ` in ${groupLabel(groups)}`),
      );
    for (const r of resources) if (r.startsWith("*/") && r.length > 2) parts.push(describeSubWildcard(r.slice(2), full, catalog));
    if (resources.includes("*")) parts.push(describeStar(full, catalog, allGroups));
    what = `${describeVerbs(verbs)} on ${joinAnd(parts)}`;
  }
  if (names.length > 0) {
    what += describeNames(names);
    const selecting = ordered(verbs, VERB_ORDER).filter((v) => v === "list" || v === "watch");
    if (selecting.length > 0)
      notes.push(`${joinAnd(selecting)} only ${selecting.length === 1 ? "matches" : "match"} requests that select a single name.`);
    if (verbs.includes("create") && resources.some((r) => !r.includes("/")))
      notes.push("create only matches creates that carry a name (server-side apply or PUT), never a plain POST to the collection.");
    if (verbs.includes("deletecollection")) notes.push("deletecollection never matches: the request carries no name.");
  }
  const fakeGlobs = resources.filter((r) => r.endsWith("/*"));
  if (fakeGlobs.length > 0)
    notes.push(
      `${joinAnd(fakeGlobs)} ${fakeGlobs.length === 1 ? "is" : "are"} not a wildcard: it only matches a subresource literally named *.`,
    );
  if (ctx.roleKind === "Role" || ctx.scope.kind === "namespace") {
    const clusterScoped = uniq(
      resources.filter(
        (r) =>
          r !== "namespaces" &&
          r !== "clusterroles" &&
          !r.startsWith("*") &&
          (allGroups ? catalog.groups() : groups).some((g) => catalog.lookup(g, r)?.namespaced === false),
      ),
    );
    const via = ctx.roleKind === "Role" ? "a Role" : "a RoleBinding";
    if (clusterScoped.length === 1) notes.push(`${clusterScoped[0]} is cluster-scoped, so it is not granted through ${via}.`);
    else if (clusterScoped.length > 1) notes.push(`${joinAnd(clusterScoped)} are cluster-scoped, so they are not granted through ${via}.`);
    if (resources.includes("namespaces") && ctx.scope.kind === "namespace")
      notes.push(`For namespaces this covers only the Namespace ${ctx.scope.namespace} itself.`);
  }
  return { what, notes, clusterAdmin, nonResource: false };
}

function ruleParts(rule: PolicyRule, ctx: RuleContext, catalog: ApiCatalog): RuleParts {
  const verbs = list(rule?.verbs);
  if (verbs.length === 0) return { notes: ["The rule lists no verbs, so it matches nothing."], clusterAdmin: false, nonResource: false };
  const urls = list(rule.nonResourceURLs);
  if (urls.length > 0) {
    const p = describeNonResource(rule, ctx);
    if (list(rule.apiGroups).length + list(rule.resources).length + list(rule.resourceNames).length > 0) {
      p.notes.unshift("The API server rejects rules that mix resources and non-resource URLs.");
    }
    return p;
  }
  return judgedResourceRule(rule, ctx, catalog);
}

/** A resource rule described as written, or as matching nothing with what it would allow once corrected. */
function judgedResourceRule(rule: PolicyRule, ctx: RuleContext, catalog: ApiCatalog): RuleParts {
  const asWritten = describeResourceRule(rule, ctx, catalog);
  if (asWritten.what === undefined) return asWritten;
  const intent = ruleIntent(
    {
      ...rule,
      apiGroups: list(rule.apiGroups),
      resources: list(rule.resources),
      verbs: list(rule.verbs),
      nonResourceURLs: [],
      resourceNames: list(rule.resourceNames),
    },
    catalog,
  );
  if (!intent.matchesNothing) {
    if (intent.reasons.length === 0) return asWritten;
    const partial = intent.reasons.map((r) => `${r[0].toUpperCase()}${r.slice(1)}, so that entry matches nothing.`);
    const live = describeResourceRule(intent.live, ctx, catalog);
    return { ...live, notes: [...partial, ...live.notes] };
  }
  const wouldAllow = intent.corrected ? describeResourceRule(intent.corrected, ctx, catalog).what : undefined;
  return {
    notes: [],
    clusterAdmin: false,
    nonResource: false,
    deadEnd: { reasons: intent.reasons, wouldAllow, corrections: intent.corrections },
  };
}

/**
 * One rule in words, e.g. "Allows get, list and watch on pods and pods/log in namespace team-a."
 * Inert parts follow as separate sentences.
 */
export function explainRule(rule: PolicyRule, context: RuleContext, catalog: ApiCatalog): string {
  const p = ruleParts(rule, context, catalog);
  const notes = p.notes.join(" ");
  if (p.deadEnd) {
    const d = p.deadEnd;
    const would = d.wouldAllow ? ` Would allow ${d.wouldAllow}${scopeSuffix(context.scope)} if ${joinAnd([...d.corrections])}.` : "";
    return `Matches nothing: ${d.reasons.join("; ")}.${would}`;
  }
  if (p.what === undefined) return `Allows nothing. ${notes}`.trim();
  let head = `Allows ${p.what}`;
  if (!p.nonResource) head += scopeSuffix(context.scope);
  if (p.clusterAdmin && !p.nonResource) {
    if (context.scope.kind === "cluster") head += " — this is cluster-admin";
    else if (context.scope.kind === "namespace") head += " — full control of the namespace";
  }
  return notes ? `${head}. ${notes}` : `${head}.`;
}

// ---------------------------------------------------------------------------------------------
// Roles

/** "every ClusterRole labelled a=true and with a label b". */
export function describeSelector(selector: LabelSelector): string {
  const conds: string[] = [];
  for (const [k, v] of Object.entries(selector?.matchLabels ?? {})) conds.push(`labelled ${k}=${v}`);
  for (const e of selector?.matchExpressions ?? []) {
    const values = `(${list(e.values).join(", ")})`;
    switch (e.operator) {
      case "In":
        conds.push(`with label ${e.key} in ${values}`);
        break;
      case "NotIn":
        conds.push(`with label ${e.key} not in ${values} (or without it)`);
        break;
      case "Exists":
        conds.push(`with a label ${e.key}`);
        break;
      case "DoesNotExist":
        conds.push(`without a label ${e.key}`);
        break;
      default:
        conds.push(`matching an invalid operator ${e.operator} (matches nothing)`);
    }
  }
  return conds.length === 0
    ? "every ClusterRole (an empty selector matches all of them, cluster-admin included)"
    : `every ClusterRole ${joinAnd(conds)}`;
}

const MAX_RULES_IN_SUMMARY = 6;

/** A short summary of everything a role grants; for aggregated ClusterRoles, the selectors in words. */
export function explainRole(role: RoleObject, catalog: ApiCatalog): string {
  const name = describeObject(role);
  const ctx: RuleContext = { roleKind: role.kind, scope: { kind: "unbound" } };
  const rules = Array.isArray(role.rules) ? role.rules : [];
  const sentences: string[] = [];
  const agg = role.kind === "ClusterRole" ? role.aggregationRule : undefined;
  if (agg) {
    const selectors = Array.isArray(agg.clusterRoleSelectors) ? agg.clusterRoleSelectors : [];
    sentences.push(
      selectors.length === 0
        ? `${name} has an aggregationRule without selectors (the API server rejects it).`
        : `${name} aggregates ${selectors.map(describeSelector).join(", and ")}.`,
    );
  }
  const parts = rules.map((r) => ruleParts(r, ctx, catalog));
  const granting = parts.filter((p) => p.what !== undefined).map((p) => p.what as string);
  const shown = granting.slice(0, MAX_RULES_IN_SUMMARY);
  const more = granting.length - shown.length;
  const grants = `${shown.join("; ")}${more > 0 ? `; and ${plural(more, "more rule", "more rules")}` : ""}`;
  if (agg) {
    if (granting.length > 0) sentences.push(`Its rules are written by the aggregation controller; the current ones allow ${grants}.`);
    else sentences.push("Its rules are written by the aggregation controller.");
  } else if (granting.length === 0) sentences.push(`${name} grants nothing${rules.length === 0 ? " (it has no rules)" : ""}.`);
  else sentences.push(`${name} allows ${grants}.`);
  if (parts.some((p) => p.clusterAdmin && !p.nonResource) && parts.some((p) => p.clusterAdmin && p.nonResource))
    sentences.push("This is equivalent to cluster-admin.");
  parts.forEach((p, i) => p.deadEnd && sentences.push(`rules[${i}] matches nothing: ${p.deadEnd.reasons.join("; ")}.`));
  return sentences.join(" ");
}
