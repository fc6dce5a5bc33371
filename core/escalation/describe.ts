// Escalation paths in words and as JSON: each step's action, the permissions it uses, where each comes
// from (binding → role → rule, or the grant an earlier step of the path created), and whom it becomes.

import { IndexedSubject } from "../rbac-index";
import { describeRequest } from "../request-text";
import { GrantSource, PermissionUse } from "./principal";
import { EscalationStep } from "./step";

const qualified = (kind: string, namespace: string, name: string) => `${kind} ${namespace ? `${namespace}/` : ""}${name}`;

/** `RoleBinding dev/ci → ClusterRole edit → rules[3]`; a grant of an earlier step is named by its step number. */
export function describeSource(source: GrantSource, path: readonly EscalationStep[]): string {
  switch (source.kind) {
    case "superuser":
      return "group system:masters (allowed before RBAC is consulted)";
    case "binding": {
      const roleNs = source.role.kind === "Role" ? source.bindingNamespace : "";
      return `${qualified(source.binding.kind, source.bindingNamespace, source.binding.metadata.name)} → ${qualified(source.role.kind, roleNs, source.role.metadata.name)} → rules[${source.ruleIndex}]`;
    }
    case "added": {
      const step = path.findIndex((s) => s.adds === source.grant) + 1;
      return `${source.grant.via}, gained in step ${step} → rules[${source.ruleIndex}]`;
    }
  }
}

export function describeUse(use: PermissionUse): string {
  return describeRequest(use.request);
}

export interface StepJson {
  readonly action: string;
  readonly permission: string;
  readonly grantedBy: string;
  readonly becomes: string;
  readonly potential?: true;
}

export function stepJson(step: EscalationStep, path: readonly EscalationStep[]): StepJson {
  return {
    action: step.action,
    permission: step.uses.map(describeUse).join(" + "),
    grantedBy: step.uses.map((u) => describeSource(u.source, path)).join(" + "),
    becomes: step.becomes,
    ...(step.potential ? { potential: true as const } : {}),
  };
}

export function subjectJson(s: IndexedSubject): { kind: string; name: string; namespace?: string } {
  return s.kind === "ServiceAccount" ? { kind: s.kind, name: s.name, namespace: s.namespace } : { kind: s.kind, name: s.name };
}

/** "ServiceAccount dev/app", "User alice", "Group devs". */
export function describeSubject(s: IndexedSubject): string {
  return s.kind === "ServiceAccount" ? `ServiceAccount ${s.namespace}/${s.name}` : `${s.kind} ${s.name}`;
}
