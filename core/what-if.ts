// What-if: how a change of RBAC state (manifests applied on top of it) changes what each subject may
// do. Permissions are compared as (scope, group, resource, names, verb) lines of the compacted
// effective permissions, for every subject either state names.

import { compact, CompactPermissions, effectivePermissions } from "./effective";
import { identityForSubject } from "./identity";
import { Identity, RbacObject } from "./model";
import { RbacIndex } from "./rbac-index";

export interface PermissionLine {
  /** "" = cluster-wide (and every namespace), else the namespace. */
  readonly scope: string;
  /** Absent for a non-resource URL. */
  readonly apiGroup?: string;
  /** "pods", "pods/log", or the non-resource URL ("/healthz/*"). */
  readonly resource: string;
  readonly resourceNames: readonly string[];
  readonly verb: string;
}

export interface PermissionDiff {
  readonly added: readonly PermissionLine[];
  readonly removed: readonly PermissionLine[];
}

export interface SubjectChange extends PermissionDiff {
  readonly kind: string;
  readonly name: string;
  /** Service accounts only. */
  readonly namespace: string;
}

function lines(p: CompactPermissions): Map<string, PermissionLine> {
  const m = new Map<string, PermissionLine>();
  for (const e of p.resources)
    for (const verb of e.verbs) {
      const line = { scope: e.scope, apiGroup: e.apiGroup, resource: e.resource, resourceNames: e.resourceNames, verb };
      m.set(JSON.stringify([e.scope, e.apiGroup, e.resource, e.resourceNames, verb]), line);
    }
  for (const u of p.nonResourceURLs)
    for (const verb of u.verbs) m.set(JSON.stringify(["", null, u.url, [], verb]), { scope: "", resource: u.url, resourceNames: [], verb });
  return m;
}

/** The lines `after` has and `before` lacks (added), and the other way round (removed). */
export function diffPermissions(before: CompactPermissions, after: CompactPermissions): PermissionDiff {
  const a = lines(before);
  const b = lines(after);
  return { added: [...b].filter(([k]) => !a.has(k)).map(([, v]) => v), removed: [...a].filter(([k]) => !b.has(k)).map(([, v]) => v) };
}

/** The identity RBAC sees for a subject; a Group stands for a member with no other name or group. */
export function subjectIdentity(s: { kind: string; name: string; namespace: string }): Identity {
  if (s.kind === "Group") return { user: "", groups: [s.name] };
  return (
    identityForSubject({ kind: s.kind, name: s.name, namespace: s.namespace, apiGroup: "" }, s.namespace) ?? { user: s.name, groups: [] }
  );
}

/** Every subject whose permissions differ between the two states, by kind, namespace and name. */
export function whatIf(before: RbacIndex, after: RbacIndex): SubjectChange[] {
  const seen = new Map<string, { kind: string; name: string; namespace: string }>();
  for (const s of [...before.subjects(), ...after.subjects()]) seen.set(`${s.kind}\u0000${s.namespace}\u0000${s.name}`, s);
  const out: SubjectChange[] = [];
  for (const s of seen.values()) {
    if (s.kind !== "User" && s.kind !== "Group" && s.kind !== "ServiceAccount") continue;
    const id = subjectIdentity(s);
    const d = diffPermissions(compact(effectivePermissions(before, id)), compact(effectivePermissions(after, id)));
    if (d.added.length + d.removed.length > 0) out.push({ kind: s.kind, name: s.name, namespace: s.namespace, ...d });
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return out.sort((a, b) => cmp(a.kind, b.kind) || cmp(a.namespace, b.namespace) || cmp(a.name, b.name));
}

/** `state` with `objects` applied on top: each replaces a stored object of its kind, namespace and name. */
export function applied(state: RbacIndex, objects: readonly RbacObject[], defaultNamespace = "default"): RbacIndex {
  const all = [...state.clusterRoles(), ...state.roles(), ...state.clusterRoleBindings(), ...state.allRoleBindings(), ...objects];
  return new RbacIndex(all, { aggregation: state.mode, defaultNamespace });
}
