// Why a request is denied: the nearest misses. Each is a grant that would allow the request if exactly one
// thing were different: the namespace, the verb, the resourceNames, the subresource, the API group, the
// case of the subject's name, a ServiceAccount's namespace, a roleRef to a role that does not exist, or a
// RoleBinding made in another namespace than the Role it means. Rules are matched with the authorizer's
// own matchers (rule-match.ts), so a miss is never a grant.

import { describeObject, Identity, PolicyRule, Request, ResourceRequest, RoleObject, BindingObject } from "./model";
import { parseServiceAccountUser, subjectServiceAccount } from "./identity";
import { RbacIndex } from "./rbac-index";
import { apiGroupMatches, resourceMatches, resourceNameMatches, ruleAllows, verbMatches } from "./rule-match";
import { joinAnd } from "./explain-binding";
import type { ApiCatalog } from "./catalog/index";

export type MissKind =
  | "namespace"
  | "verb"
  | "resourceNames"
  | "subresource"
  | "apiGroup"
  | "subjectName"
  | "serviceAccountNamespace"
  | "missingRole"
  | "roleBindingNamespace";

export interface NearestMiss {
  readonly kind: MissKind;
  /** The one difference, in words. */
  readonly message: string;
  /** `RoleBinding team-a/readers`. */
  readonly binding: string;
  /** `ClusterRole view`; absent when the role does not exist. */
  readonly role?: string;
  readonly ruleIndex?: number;
}

const KIND_ORDER: readonly MissKind[] = [
  "namespace",
  "verb",
  "resourceNames",
  "subresource",
  "apiGroup",
  "subjectName",
  "serviceAccountNamespace",
  "missingRole",
  "roleBindingNamespace",
];

const bindingText = (b: BindingObject, ns: string) => `${b.kind} ${ns ? `${ns}/` : ""}${b.metadata.name}`;
const roleText = (r: RoleObject) => describeObject(r);

/** Which single dimension of a resource rule fails, or "ok" / "far" (none, or more than one). */
function ruleMiss(rule: PolicyRule, r: ResourceRequest): Exclude<MissKind, "namespace"> | "ok" | "far" {
  const combined = r.subresource ? `${r.resource}/${r.subresource}` : r.resource;
  const verb = verbMatches(rule, r.verb);
  const group = apiGroupMatches(rule, r.apiGroup);
  const resource = resourceMatches(rule, combined, r.subresource);
  const names = resourceNameMatches(rule, r.name);
  if (verb && group && resource && names) return "ok";
  const sameParent = !resource && rule.resources.some((x) => x === r.resource || x.startsWith(`${r.resource}/`));
  if (!resource && !sameParent) return "far";
  const misses: Exclude<MissKind, "namespace">[] = [];
  if (!verb) misses.push("verb");
  if (!group) misses.push("apiGroup");
  if (!resource) misses.push("subresource");
  if (!names) misses.push("resourceNames");
  return misses.length === 1 ? misses[0] : "far";
}

function ruleMessage(kind: MissKind, rule: PolicyRule, r: ResourceRequest, catalog: ApiCatalog | undefined): string {
  switch (kind) {
    case "verb":
      return `${joinAnd(rule.verbs)} ${rule.verbs.length === 1 ? "is" : "are"} granted, ${r.verb} is not`;
    case "resourceNames":
      return `allowed for ${joinAnd(rule.resourceNames.map((n) => (n === "" ? '""' : n)))} only${r.name === "" ? " (the request names no object)" : ""}`;
    case "subresource": {
      const granted = rule.resources.filter((x) => x === r.resource || x.startsWith(`${r.resource}/`));
      return `granted on ${joinAnd(granted)}, not ${r.subresource ? `${r.resource}/${r.subresource}` : r.resource}`;
    }
    case "apiGroup": {
      const groups = rule.apiGroups.map((g) => (g === "" ? 'the core group ("")' : g));
      const gone = rule.apiGroups.filter((g) => catalog && !catalog.lookup(g, r.resource));
      const note =
        gone.length > 0
          ? ` (${joinAnd(gone.map((g) => (g === "" ? "the core group" : g)))} no longer ${gone.length === 1 ? "serves" : "serve"} ${r.resource})`
          : "";
      return `${r.resource} granted in ${joinAnd(groups)}, not in ${r.apiGroup === "" ? 'the core group ("")' : r.apiGroup}${note}`;
    }
    default:
      return "";
  }
}

/**
 * The nearest misses of a denied request, in the order of MissKind, then binding order. `catalog` (optional)
 * says whether an API group still serves a resource.
 */
export function nearestMisses(index: RbacIndex, identity: Identity, request: Request, catalog?: ApiCatalog): NearestMiss[] {
  const out: NearestMiss[] = [];
  for (const { binding, namespace } of index.bindingsFor(identity)) out.push(...bindingMisses(index, binding, namespace, request, catalog));
  out.push(...subjectMisses(index, identity, request));
  return ordered(out);
}

/**
 * Who-can's nearest misses when nobody may: the bindings, whoever they name, that would allow the request if
 * one thing about their rule or their namespace were different (the same kinds as for one identity, without
 * those about the subject).
 */
export function nearestMissesForAnyone(index: RbacIndex, request: Request, catalog?: ApiCatalog): NearestMiss[] {
  const out: NearestMiss[] = [];
  for (const b of index.clusterRoleBindings()) out.push(...bindingMisses(index, b, "", request, catalog));
  for (const b of index.allRoleBindings()) out.push(...bindingMisses(index, b, index.namespaceOf(b), request, catalog));
  return ordered(out);
}

/** Deduplicated, in the order of MissKind, then binding order. */
function ordered(misses: readonly NearestMiss[]): NearestMiss[] {
  const seen = new Set<string>();
  return misses
    .filter((m) => {
      const k = `${m.kind}\u0000${m.binding}\u0000${m.message}`;
      return seen.has(k) ? false : (seen.add(k), true);
    })
    .sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
}

/** The misses of one binding (in `namespace`, "" for a ClusterRoleBinding): its roleRef, its namespace, its rules. */
function bindingMisses(
  index: RbacIndex,
  binding: BindingObject,
  namespace: string,
  request: Request,
  catalog: ApiCatalog | undefined,
): NearestMiss[] {
  const out: NearestMiss[] = [];
  const ns = request.kind === "resource" ? request.namespace : "";
  const inScope = binding.kind === "ClusterRoleBinding" || (ns !== "" && namespace === ns);
  const res = index.resolveRoleRef(binding);
  if (!res.ok) {
    if (inScope)
      out.push({
        kind: "missingRole",
        message: `refers to ${binding.roleRef.kind} ${binding.roleRef.name}, which does not exist`,
        binding: bindingText(binding, namespace),
      });
    else if (request.kind === "resource") out.push(...otherNamespaceRole(index, binding, namespace, request));
    return out;
  }
  res.rules.forEach((rule, ruleIndex) => {
    const base = { binding: bindingText(binding, namespace), role: roleText(res.role), ruleIndex };
    if (!inScope) {
      // Only the namespace differs: allowed where the RoleBinding is.
      const there = request.kind === "resource" ? { ...request, namespace } : request;
      if (ruleAllows(there, rule))
        out.push({
          ...base,
          kind: "namespace",
          message:
            ns === ""
              ? `allowed only in namespace ${namespace} (a RoleBinding never grants at cluster scope)`
              : `allowed in namespace ${namespace}, not in ${ns}`,
        });
      return;
    }
    if (request.kind !== "resource") return;
    const miss = ruleMiss(rule, request);
    if (miss !== "ok" && miss !== "far") out.push({ ...base, kind: miss, message: ruleMessage(miss, rule, request, catalog) });
  });
  return out;
}

/** A RoleBinding in namespace X whose Role does not exist there but does, allowing the request, in the request's namespace. */
function otherNamespaceRole(index: RbacIndex, binding: BindingObject, namespace: string, r: ResourceRequest): NearestMiss[] {
  if (binding.roleRef.kind !== "Role" || r.namespace === "") return [];
  const role = index.role(r.namespace, binding.roleRef.name);
  if (!role || !index.rulesOf(role).some((rule) => ruleAllows(r, rule))) return [];
  return [
    {
      kind: "roleBindingNamespace",
      message: `is in namespace ${namespace}, where Role ${binding.roleRef.name} does not exist; the Role is in ${r.namespace}, so the RoleBinding belongs there`,
      binding: bindingText(binding, namespace),
      role: roleText(role),
    },
  ];
}

/** Bindings in scope whose role allows the request, naming the subject with another case or a ServiceAccount in another namespace. */
function subjectMisses(index: RbacIndex, identity: Identity, request: Request): NearestMiss[] {
  const out: NearestMiss[] = [];
  const ns = request.kind === "resource" ? request.namespace : "";
  const sa = parseServiceAccountUser(identity.user);
  const lowerUser = identity.user.toLowerCase();
  const lowerGroups = identity.groups.map((g) => g.toLowerCase());
  const bindings = [
    ...index.clusterRoleBindings().map((b) => ({ b, bns: "" })),
    ...(ns ? index.roleBindings(ns).map((b) => ({ b, bns: ns })) : []),
  ];
  for (const { b, bns } of bindings) {
    for (const s of b.subjects) {
      let kind: MissKind | undefined;
      let message = "";
      if (s.kind === "User" && s.name !== identity.user && s.name.toLowerCase() === lowerUser) {
        kind = "subjectName";
        message = `names User ${s.name}; the request is from ${identity.user} (names are case-sensitive)`;
      } else if (s.kind === "Group" && !identity.groups.includes(s.name) && lowerGroups.includes(s.name.toLowerCase())) {
        kind = "subjectName";
        message = `names Group ${s.name}; the identity is in ${identity.groups[lowerGroups.indexOf(s.name.toLowerCase())]} (names are case-sensitive)`;
      } else if (s.kind === "ServiceAccount" && sa && s.name === sa.name) {
        const named = subjectServiceAccount(s, bns);
        if (named?.namespace === sa.namespace) continue;
        kind = "serviceAccountNamespace";
        message = named
          ? `names ServiceAccount ${named.namespace}/${s.name}; the request is from ${sa.namespace}/${sa.name}`
          : `names ServiceAccount ${s.name} without a namespace, which in a ClusterRoleBinding matches no one`;
      }
      if (!kind) continue;
      const res = index.resolveRoleRef(b);
      if (!res.ok) continue;
      const i = res.rules.findIndex((rule) => ruleAllows(request, rule));
      if (i >= 0) out.push({ kind, message, binding: bindingText(b, bns), role: roleText(res.role), ruleIndex: i });
    }
  }
  return out;
}

/** `RoleBinding team-a/x (ClusterRole view, rules[2]): allowed in namespace team-a, not in team-b`. */
export function describeMiss(m: NearestMiss): string {
  const where = m.role ? ` (${m.role}${m.ruleIndex !== undefined ? `, rules[${m.ruleIndex}]` : ""})` : "";
  return `${m.binding}${where}: ${m.message}`;
}
