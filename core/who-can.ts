// Who can perform a request (rbac-semantics.md §10): every subject of every binding whose role allows it.
// Users and service accounts are concrete; groups are open sets ("any member of …"), including the
// implicit ones (system:serviceaccounts:<ns> = every SA of <ns>). Members of system:masters can always.

import { BindingObject, Identity, PolicyRule, Request, RoleObject, Subject } from "./model";
import { describeGroup, GROUP_MASTERS, parseServiceAccountUser, serviceAccountUser, subjectServiceAccount } from "./identity";
import { RbacIndex } from "./rbac-index";
import { allowingRuleIndexes } from "./rule-match";
import { describeGrantSource } from "./authorize";

export type WhoKind = "User" | "Group" | "ServiceAccount";

export interface WhoCanGrant {
  readonly binding: BindingObject;
  /** "" for ClusterRoleBindings. */
  readonly bindingNamespace: string;
  /** The subject entry of the binding (a User subject may name a service account). */
  readonly subject: Subject;
  readonly role: RoleObject;
  /** Rules of the role that allow the request. */
  readonly ruleIndexes: readonly number[];
}

export interface WhoCanSubject {
  readonly kind: WhoKind;
  readonly name: string;
  /** Service accounts only; "" otherwise. */
  readonly namespace: string;
  /** "user alice", "service account dev/app", "every service account in namespace dev", "any member of group devs". */
  readonly description: string;
  readonly grants: readonly WhoCanGrant[];
}

export interface WhoCanResult {
  /** Sorted by kind (Group, ServiceAccount, User), namespace, name. */
  readonly subjects: readonly WhoCanSubject[];
  /** Always allowed by the superuser authorizer, whatever RBAC says. */
  readonly superuserGroups: readonly string[];
  /** Unresolved roleRefs of bindings that were consulted. */
  readonly errors: readonly string[];
}

export function whoCan(index: RbacIndex, request: Request): WhoCanResult {
  const ns = request.kind === "resource" ? request.namespace : "";
  const byRole = new Map<RoleObject, number[]>();
  const allowing = (role: RoleObject, rules: readonly PolicyRule[]) => {
    let idx = byRole.get(role);
    if (!idx) byRole.set(role, (idx = allowingRuleIndexes(request, rules)));
    return idx;
  };
  const found = new Map<string, { kind: WhoKind; name: string; namespace: string; grants: WhoCanGrant[] }>();
  const errors: string[] = [];

  // Each referenced role is resolved and evaluated once; only bindings of allowing roles are visited.
  for (const group of index.bindingGroupsFor(ns).values()) {
    const res = index.resolve(group.kind, group.name, group.namespace);
    if (!res.ok) {
      for (const b of group.bindings)
        errors.push(
          `${b.kind} ${JSON.stringify(b.kind === "RoleBinding" ? `${b.metadata.name}/${group.namespace}` : b.metadata.name)}: ${res.error}`,
        );
      continue;
    }
    const ruleIndexes = allowing(res.role, res.rules);
    if (ruleIndexes.length === 0) continue;
    for (const binding of group.bindings) {
      for (const subject of binding.subjects) {
        const who = normalise(subject, group.namespace);
        if (!who) continue;
        const k = `${who.kind}\u0000${who.namespace}\u0000${who.name}`;
        let entry = found.get(k);
        if (!entry) found.set(k, (entry = { ...who, grants: [] }));
        if (!entry.grants.some((g) => g.binding === binding)) {
          entry.grants.push({ binding, bindingNamespace: group.namespace, subject, role: res.role, ruleIndexes });
        }
      }
    }
  }

  const order: Record<WhoKind, number> = { Group: 0, ServiceAccount: 1, User: 2 };
  const subjects = [...found.values()]
    .map((e) => ({
      ...e,
      description: describeWho(e.kind, e.name, e.namespace),
      grants: e.grants.sort((a, b) => index.positionOf(a.binding) - index.positionOf(b.binding)),
    }))
    .sort((a, b) => order[a.kind] - order[b.kind] || cmp(a.namespace, b.namespace) || cmp(a.name, b.name));
  return { subjects, superuserGroups: [GROUP_MASTERS], errors };
}

/** The principal a subject stands for; a User named like a service account is that service account. */
function normalise(s: Subject, bindingNamespace: string): { kind: WhoKind; name: string; namespace: string } | undefined {
  switch (s.kind) {
    case "User": {
      const sa = parseServiceAccountUser(s.name);
      return sa ? { kind: "ServiceAccount", name: sa.name, namespace: sa.namespace } : { kind: "User", name: s.name, namespace: "" };
    }
    case "Group":
      return { kind: "Group", name: s.name, namespace: "" };
    case "ServiceAccount": {
      const sa = subjectServiceAccount(s, bindingNamespace);
      return sa ? { kind: "ServiceAccount", name: sa.name, namespace: sa.namespace } : undefined;
    }
    default:
      return undefined;
  }
}

function describeWho(kind: WhoKind, name: string, namespace: string): string {
  if (kind === "User") return `user ${name}`;
  if (kind === "ServiceAccount") return `service account ${namespace}/${name}`;
  return describeGroup(name);
}

/** Whether an identity is among the subjects of a who-can answer (directly, as an SA, or through a group). */
export function whoCanIncludes(result: WhoCanResult, identity: Identity): boolean {
  if (identity.groups.some((g) => result.superuserGroups.includes(g))) return true;
  return result.subjects.some((s) =>
    s.kind === "Group"
      ? identity.groups.includes(s.name)
      : s.kind === "User"
        ? identity.user === s.name
        : identity.user === serviceAccountUser(s.namespace, s.name),
  );
}

/** The server-style source description of one who-can grant. */
export function describeWhoCanGrant(g: WhoCanGrant): string {
  return describeGrantSource(g.binding, g.bindingNamespace, g.subject);
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
