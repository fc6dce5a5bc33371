// A subject's permissions for display: the identity RBAC would see for it (a user or service account
// also gets its implicit groups, so inherited grants show up), its compacted effective permissions,
// and risk marks taken from core/risk.ts so the tree judges like the diagnostics and hovers do.
import { compact, CompactPermissions, CompactResourceEntry, effectivePermissions, Provenance } from "../../core/effective";
import { serviceAccountIdentity, userIdentity } from "../../core/identity";
import { Identity, PolicyRule, RoleKind } from "../../core/model";
import { RbacIndex } from "../../core/rbac-index";
import { RuleRisk, ruleRisks } from "../../core/risk";
import type { SubjectRef } from "./subjects";

export function identityOf(s: SubjectRef): Identity {
  if (s.kind === "ServiceAccount") return serviceAccountIdentity(s.namespace, s.name);
  if (s.kind === "User") return userIdentity(s.name);
  // A group on its own: no user name a binding could name.
  return { user: "", groups: [s.name] };
}

export interface SubjectPermissions {
  readonly identity: Identity;
  readonly compact: CompactPermissions;
  /** "" = cluster-wide, then namespaces, sorted. */
  readonly scopes: readonly string[];
  readonly errors: readonly string[];
}

export function permissionsOf(index: RbacIndex, identity: Identity): SubjectPermissions {
  const perms = effectivePermissions(index, identity);
  const c = compact(perms);
  const scopes = new Set<string>();
  for (const e of c.resources) scopes.add(e.scope);
  if (c.nonResourceURLs.length > 0) scopes.add("");
  return { identity, compact: c, scopes: [...scopes].sort(), errors: perms.errors };
}

const computed = new WeakMap<RbacIndex, Map<string, SubjectPermissions>>();

/**
 * permissionsOf, kept per index and subject: the tree builds new nodes on every refresh (a filter, a
 * cleared filter, another page) but the permissions change only with the index.
 */
export function subjectPermissions(index: RbacIndex, s: SubjectRef): SubjectPermissions {
  let byKey = computed.get(index);
  if (!byKey) computed.set(index, (byKey = new Map<string, SubjectPermissions>()));
  const key = `${s.kind}\u0000${s.namespace}\u0000${s.name}`;
  let p = byKey.get(key);
  if (!p) byKey.set(key, (p = permissionsOf(index, identityOf(s))));
  return p;
}

const badgesByIndex = new WeakMap<RbacIndex, Map<string, string | undefined>>();

/**
 * The subject's risk badge, kept per index and subject without the permissions it was judged from: a
 * list's rows are badged by the hundred, and a subject's permissions on a large cluster are large.
 */
export function subjectBadge(index: RbacIndex, s: SubjectRef): string | undefined {
  let byKey = badgesByIndex.get(index);
  if (!byKey) badgesByIndex.set(index, (byKey = new Map<string, string | undefined>()));
  const key = `${s.kind}\u0000${s.namespace}\u0000${s.name}`;
  if (!byKey.has(key)) byKey.set(key, riskBadge(computed.get(index)?.get(key) ?? permissionsOf(index, identityOf(s))));
  return byKey.get(key);
}

/** The badges judged on `index` so far, by subject key (kind, namespace, name joined by NUL). */
export function badgesOf(index: RbacIndex): ReadonlyMap<string, string | undefined> | undefined {
  return badgesByIndex.get(index);
}

/** Badges known to hold on `index` (carried over from the index before it: badge-carry-over.ts). */
export function setBadges(index: RbacIndex, badges: ReadonlyMap<string, string | undefined>): void {
  let byKey = badgesByIndex.get(index);
  if (!byKey) badgesByIndex.set(index, (byKey = new Map<string, string | undefined>()));
  for (const [key, badge] of badges) if (!byKey.has(key)) byKey.set(key, badge);
}

/** Whether subjectBadge has the answer already. */
export function hasSubjectBadge(index: RbacIndex, s: SubjectRef): boolean {
  return badgesByIndex.get(index)?.has(`${s.kind}\u0000${s.namespace}\u0000${s.name}`) ?? false;
}

const show = (group: string, resource: string) => `${group}/${resource}`;

/**
 * ruleRisks of a rule, judged once per rule object and role kind: one rule (of `view`, `edit`...) stands
 * behind the entries of thousands of subjects, and the rule objects live as long as their index.
 */
const judged = { Role: new WeakMap<PolicyRule, RuleRisk[]>(), ClusterRole: new WeakMap<PolicyRule, RuleRisk[]>() };
function risksOfRule(rule: PolicyRule, kind: RoleKind): RuleRisk[] {
  const cache = judged[kind];
  let r = cache.get(rule);
  if (!r) cache.set(rule, (r = ruleRisks(rule, kind)));
  return r;
}

/** The risks of the rules behind one entry that concern it (its resource, or wildcards). */
export function entryRisks(e: CompactResourceEntry): RuleRisk[] {
  const seen = new Map<string, RuleRisk>();
  const wildEntry = e.resource.includes("*") || e.apiGroup === "*";
  for (const p of e.sources) {
    for (const r of risksOfRule(p.rule, p.role.kind)) {
      const concerns =
        r.code === "wildcard" ||
        r.code === "cluster-admin-equivalent" ||
        wildEntry ||
        r.grants.some((g) => g.endsWith(` ${show(e.apiGroup, e.resource)}`));
      if (concerns && r.severity !== "hint" && !seen.has(r.code)) seen.set(r.code, r);
    }
  }
  return [...seen.values()];
}

const DANGEROUS_VERBS = new Set(["escalate", "bind", "impersonate", "*"]);

export function verbRisks(verb: string, risks: readonly RuleRisk[]): RuleRisk[] {
  return risks.filter((r) =>
    r.code === "wildcard"
      ? verb === "*"
      : r.code === "cluster-admin-equivalent" || r.grants.some((g) => g.startsWith(`${verb} `) || (verb === "*" && g !== "")),
  );
}

export function isDangerousVerb(verb: string): boolean {
  return DANGEROUS_VERBS.has(verb);
}

/** Sources of an entry that grant `verb` (explicitly or through `*`). */
export function sourcesFor(e: { sources: readonly Provenance[] }, verb: string): Provenance[] {
  return e.sources.filter((p) => p.rule.verbs.includes(verb) || p.rule.verbs.includes("*"));
}

/** A (group, resource) in words where wildcards are involved: `*` is "all resources", not a symbol to decode. */
export function resourceLabel(apiGroup: string, resource: string): string {
  const what =
    resource === "*" ? "all resources" : resource.startsWith("*/") ? `the ${resource.slice(2)} subresource of every resource` : resource;
  if (apiGroup === "*") return `${what} in all API groups`;
  if (resource === "*") return apiGroup === "" ? "all resources in the core group" : `all resources in ${apiGroup}`;
  return apiGroup === "" ? what : `${apiGroup}/${what}`;
}

/** A verb for people: `*` is "every verb". */
export function verbLabel(verb: string): string {
  return verb === "*" ? "every verb" : verb;
}

const badges = new WeakMap<SubjectPermissions, string | undefined>();

/** The subject's risks in a few words: "cluster-admin equivalent", "3 risky", or undefined. */
export function riskBadge(p: SubjectPermissions): string | undefined {
  if (badges.has(p)) return badges.get(p);
  const badge = judgeBadge(p);
  badges.set(p, badge);
  return badge;
}

function judgeBadge(p: SubjectPermissions): string | undefined {
  let risky = 0;
  for (const e of p.compact.resources) {
    const risks = entryRisks(e);
    if (risks.some((r) => r.code === "cluster-admin-equivalent")) return "cluster-admin equivalent";
    if (risks.length > 0) risky++;
  }
  return risky > 0 ? `${risky} risky` : undefined;
}
