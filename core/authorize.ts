// One authorization decision (rbac-semantics.md §2.2, §2.4): the superuser short-cut, then RBAC's union of
// every applying binding's rules. RBAC never denies; "not-allowed" means no opinion from RBAC.

import { BindingObject, Identity, PolicyRule, Request, RoleObject, Subject } from "./model";
import { isSuperuser } from "./identity";
import { RbacIndex } from "./rbac-index";
import { ruleAllows } from "./rule-match";

export type Decision = "allowed-superuser" | "allowed" | "not-allowed";

/** One (binding, role, rule) that allows the request. */
export interface Grant {
  readonly binding: BindingObject;
  /** "" for ClusterRoleBindings. */
  readonly bindingNamespace: string;
  /** The first subject of the binding that applies to the identity. */
  readonly subject: Subject;
  readonly role: RoleObject;
  readonly ruleIndex: number;
  readonly rule: PolicyRule;
}

export interface AuthorizationResult {
  readonly decision: Decision;
  /** What RBAC alone says, computed even for superusers. */
  readonly rbacAllows: boolean;
  /** Every allowing (binding, role, rule), ClusterRoleBindings first, in input order. */
  readonly grants: readonly Grant[];
  /** Unresolved roleRefs of applying bindings, prefixed with the binding. */
  readonly errors: readonly string[];
  /** The server's reason text (RBAC's), or a note on the superuser authorizer. */
  readonly reason: string;
}

/** `RoleBinding "name/ns" of ClusterRole "view" to User "alice"` — the server's source description. */
export function describeGrantSource(binding: BindingObject, bindingNamespace: string, subject: Subject): string {
  const q = JSON.stringify;
  const who =
    subject.kind === "ServiceAccount"
      ? `${subject.kind} ${q(`${subject.name}/${subject.namespace !== "" ? subject.namespace : bindingNamespace}`)}`
      : `${subject.kind} ${q(subject.name)}`;
  const name = binding.kind === "RoleBinding" ? `${binding.metadata.name}/${bindingNamespace}` : binding.metadata.name;
  return `${binding.kind} ${q(name)} of ${binding.roleRef.kind} ${q(binding.roleRef.name)} to ${who}`;
}

/**
 * The same grant for people, with objects written namespace/name as everywhere else in the editor:
 * `RoleBinding team-a/read-pods gives Role team-a/pod-reader to ServiceAccount team-a/app`.
 */
export function describeGrant(binding: BindingObject, bindingNamespace: string, subject: Subject): string {
  const ns = (n: string, name: string) => (n ? `${n}/${name}` : name);
  const who = subject.kind === "ServiceAccount" ? ns(subject.namespace || bindingNamespace, subject.name) : subject.name;
  const role = binding.roleRef.kind === "Role" ? ns(bindingNamespace, binding.roleRef.name) : binding.roleRef.name;
  const name = binding.kind === "RoleBinding" ? ns(bindingNamespace, binding.metadata.name) : binding.metadata.name;
  return `${binding.kind} ${name} gives ${binding.roleRef.kind} ${role} to ${subject.kind} ${who}`;
}

/** Go's utilerrors aggregate text: one message as is, several deduplicated in brackets. */
export function aggregateErrors(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  if (unique.length <= 1) return unique[0] ?? "";
  return `[${unique.join(", ")}]`;
}

export function authorize(index: RbacIndex, identity: Identity, request: Request): AuthorizationResult {
  // Non-resource requests are always cluster scope: only ClusterRoleBindings apply.
  const ns = request.kind === "resource" ? request.namespace : "";
  const grants: Grant[] = [];
  const errors: string[] = [];
  const rawErrors: string[] = [];
  for (const { binding, namespace, subjectIndex } of index.bindingsFor(identity, ns)) {
    if (binding.kind === "RoleBinding" && ns === "") continue;
    const res = index.resolveRoleRef(binding);
    if (!res.ok) {
      rawErrors.push(res.error);
      errors.push(`${describeGrantSource(binding, namespace, binding.subjects[subjectIndex]!)}: ${res.error}`);
      continue;
    }
    res.rules.forEach((rule, ruleIndex) => {
      if (ruleAllows(request, rule)) {
        grants.push({ binding, bindingNamespace: namespace, subject: binding.subjects[subjectIndex]!, role: res.role, ruleIndex, rule });
      }
    });
  }
  const rbacAllows = grants.length > 0;
  const superuser = isSuperuser(identity);
  let reason: string;
  if (superuser) reason = 'allowed by the superuser authorizer: member of group "system:masters"';
  else if (rbacAllows)
    reason = `RBAC: allowed by ${describeGrantSource(grants[0]!.binding, grants[0]!.bindingNamespace, grants[0]!.subject)}`;
  else reason = rawErrors.length > 0 ? `RBAC: ${aggregateErrors(rawErrors)}` : "";
  return { decision: superuser ? "allowed-superuser" : rbacAllows ? "allowed" : "not-allowed", rbacAllows, grants, errors, reason };
}

/** Shorthand: does the API server allow it (superuser or RBAC)? */
export function isAllowed(index: RbacIndex, identity: Identity, request: Request): boolean {
  return authorize(index, identity, request).decision !== "not-allowed";
}
