// A live change usually touches a few bindings of tens of thousands: the risk badges the tree already
// judged on the index before it are carried over to the new index for every subject the change cannot
// have touched, so the rows repaint without judging those subjects again. Exact, not a guess: when no
// Role or ClusterRole changed, a subject's effective permissions differ between the two indexes only if
// a changed binding (its version before or after) applies to the subject's identity, which is what
// `appliesTo` (the authorizer's subject match) answers. Anything else (a role changed, what-if, another
// source, a change too large to compare cheaply) carries nothing over.
import type { RbacObject } from "../../core/model";
import { appliesTo, RbacIndex } from "../../core/rbac-index";
import type { ReadyState } from "../cluster/model-state";
import { badgesOf, identityOf, setBadges } from "./permissions";
import type { SubjectRef } from "./subjects";

/** Past this many changed objects, comparing each judged subject with each of them costs more than judging again. */
export const MAX_CARRIED_CHANGE = 200;

/** The objects of `next` that are not in `prev` and those of `prev` not in `next` (by identity: unchanged objects keep theirs). */
export function changedObjects(prev: readonly RbacObject[], next: readonly RbacObject[]): RbacObject[] {
  const before = new Set(prev);
  const after = new Set(next);
  return [...next.filter((o) => !before.has(o)), ...prev.filter((o) => !after.has(o))];
}

/** Carries the badges judged on `from` over to `to`, for the subjects `changed` does not touch; how many. */
export function carryBadges(from: RbacIndex, to: RbacIndex, changed: readonly RbacObject[]): number {
  const judged = badgesOf(from);
  if (!judged || judged.size === 0 || changed.length > MAX_CARRIED_CHANGE) return 0;
  if (changed.some((o) => o.kind === "Role" || o.kind === "ClusterRole")) return 0;
  const bindings = changed.flatMap((o) =>
    o.kind === "RoleBinding" || o.kind === "ClusterRoleBinding" ? [{ subjects: o.subjects, namespace: to.namespaceOf(o) }] : [],
  );
  const carried = new Map<string, string | undefined>();
  for (const [key, badge] of judged) {
    const [kind, namespace, name] = key.split("\u0000");
    const identity = identityOf({ kind, namespace, name } as SubjectRef);
    if (bindings.every((b) => appliesTo(identity, b.subjects, b.namespace) < 0)) carried.set(key, badge);
  }
  setBadges(to, carried);
  return carried.size;
}

/** Whether `next` is the same live source as `prev`, both without what-if: the only case worth carrying over. */
export function carriesOver(prev: ReadyState, next: ReadyState): boolean {
  return (
    prev.index !== next.index &&
    prev.source === "cluster" &&
    next.source === "cluster" &&
    prev.label === next.label &&
    prev.index === prev.liveIndex &&
    next.index === next.liveIndex
  );
}
