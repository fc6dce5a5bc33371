// "Can I apply these manifests?": what `kubectl apply` of RBAC objects would meet at the API server.
// An object the state already holds is patched (the write needs `patch` on it by name, and a binding's
// roleRef cannot change); any other object is created. Both then pass the registry's escalation
// prevention (core/coverage.ts: system:masters, `escalate` / `bind`, or coverage by the caller's rules).

import { ApplyResult, Atom, canApply, EscalationPath } from "./coverage";
import { BindingObject, describeObject, Identity, isBinding, RbacObject } from "./model";
import { RbacIndex } from "./rbac-index";
import { applied } from "./what-if";

/** Why the answer is what it is, as one word for machines. */
export type ApplyReason =
  | "superuser"
  | "escalate"
  | "bind"
  | "covered"
  | "unchanged"
  | "no-write-permission"
  | "role-ref-changed"
  | "role-not-found"
  | "missing-coverage";

export interface ObjectVerdict {
  readonly object: RbacObject;
  /** "create" (POST) for a new object; "patch" (what kubectl apply sends) for one the state holds. */
  readonly operation: "create" | "patch";
  /** The namespace the write goes to ("" for cluster-scoped objects). */
  readonly namespace: string;
  readonly allowed: boolean;
  readonly reason: ApplyReason;
  /** Sentences in the API server's words where it has them. */
  readonly details: readonly string[];
  /** Permissions the object would grant that the caller does not hold. */
  readonly missing: readonly Atom[];
}

export interface CanApplyResult {
  readonly allowed: boolean;
  readonly identity: Identity;
  readonly objects: readonly ObjectVerdict[];
}

export interface CanApplyOptions {
  /** Namespace of namespaced objects without one (kubectl's -n / context namespace); default "default". */
  readonly namespace?: string;
}

/**
 * The verdict on applying every object in order, as `kubectl apply` does: an object the server would
 * accept is part of the state the next ones meet (a Role, then its binding). Allowed when every object is.
 */
export function canApplyObjects(
  index: RbacIndex,
  identity: Identity,
  objects: readonly RbacObject[],
  options: CanApplyOptions = {},
): CanApplyResult {
  const verdicts: ObjectVerdict[] = [];
  let state = index;
  for (const o of objects) {
    const v = canApplyObject(state, identity, o, options);
    verdicts.push(v);
    if (v.allowed && o !== objects[objects.length - 1])
      state = applied(state, [{ ...o, metadata: { ...o.metadata, namespace: v.namespace } }]);
  }
  return { allowed: verdicts.every((v) => v.allowed), identity, objects: verdicts };
}

export function canApplyObject(index: RbacIndex, identity: Identity, object: RbacObject, options: CanApplyOptions = {}): ObjectVerdict {
  const namespaced = object.kind === "Role" || object.kind === "RoleBinding";
  const namespace = namespaced ? object.metadata.namespace || options.namespace || "default" : "";
  const existing = findExisting(index, object.kind, namespace, object.metadata.name);
  const operation = existing ? "patch" : "create";
  const result = canApply(index, identity, object, { operation, oldObject: existing, namespace });
  const base = { object, operation, namespace, missing: result.missing } as const;
  if (!result.writeAllowed) return { ...base, allowed: false, reason: "no-write-permission", details: result.reasons };
  if (existing && isBinding(existing) && isBinding(object) && !sameRoleRef(existing, object)) {
    const was = existing.roleRef;
    const detail = `${describeObject(existing)} exists with roleRef ${was.kind} "${was.name}"; the API server rejects a change of roleRef (delete and re-create the binding)`;
    return { ...base, allowed: false, reason: "role-ref-changed", details: [detail] };
  }
  if (!result.allowed && existing && isBinding(existing) && isBinding(object) && sameBinding(existing, object))
    return { ...base, allowed: true, reason: "unchanged", details: ["the patch changes nothing the escalation check looks at"] };
  return { ...base, allowed: result.allowed, reason: reasonOf(result), details: result.reasons };
}

function reasonOf(r: ApplyResult): ApplyReason {
  const path: EscalationPath | undefined = r.escalation;
  if (path) return path;
  return r.notFound ? "role-not-found" : "missing-coverage";
}

/** The stored object a write of this kind, namespace and name would meet, if the state holds it. */
export function findExisting(index: RbacIndex, kind: string, namespace: string, name: string): RbacObject | undefined {
  switch (kind) {
    case "Role":
      return index.role(namespace, name);
    case "ClusterRole":
      return index.clusterRole(name);
    case "RoleBinding":
      return index.roleBindings(namespace).find((b) => b.metadata.name === name);
    case "ClusterRoleBinding":
      return index.clusterRoleBindings().find((b) => b.metadata.name === name);
    default:
      return undefined;
  }
}

function sameRoleRef(a: BindingObject, b: BindingObject): boolean {
  return a.roleRef.apiGroup === b.roleRef.apiGroup && a.roleRef.kind === b.roleRef.kind && a.roleRef.name === b.roleRef.name;
}

/** Nothing but GC fields would change (the registry then skips the escalation check). */
function sameBinding(a: BindingObject, b: BindingObject): boolean {
  const json = (o: unknown) => JSON.stringify(o);
  return (
    sameRoleRef(a, b) &&
    json(a.subjects) === json(b.subjects) &&
    json(a.metadata.labels) === json(b.metadata.labels) &&
    json(a.metadata.annotations) === json(b.metadata.annotations)
  );
}
