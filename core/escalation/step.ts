// One step of an escalation path: what the principal does, the permissions that let it (each with its
// binding → role → rule), and whom it becomes. Steps marked potential depend on data RBAC does not hold
// (which pods run where, which legacy token Secrets exist): they are possible, never certain.

import { GROUP_AUTHENTICATED, parseServiceAccountUser } from "../identity";
import { Identity } from "../model";
import { AddedGrant, PermissionUse, Principal } from "./principal";

export type StepKind =
  "create-pod" | "create-token" | "impersonate" | "bind" | "escalate" | "approve-csr" | "exec" | "node-proxy" | "read-secrets";

export interface EscalationStep {
  readonly kind: StepKind;
  /** "create a pod in namespace dev that runs as ServiceAccount dev/deployer". */
  readonly action: string;
  /** Every permission the step needs, in the order the API server checks them. */
  readonly uses: readonly PermissionUse[];
  /** "ServiceAccount dev/deployer", "ClusterRole cluster-admin cluster-wide", … */
  readonly becomes: string;
  readonly potential: boolean;
  /** The grant the step adds for the principal (bind, escalate). */
  readonly adds?: AddedGrant;
}

/** A step and the principal after it. */
export interface Edge {
  readonly step: EscalationStep;
  readonly next: Principal;
}

/** A name no rule lists in resourceNames: allowed for it means allowed for any name. */
export const ANY_NAME = "kube-rbac-escalation";

/** "ServiceAccount dev/app", "User alice", "User x in groups system:masters". */
export function describeIdentity(identity: Identity): string {
  const sa = parseServiceAccountUser(identity.user);
  if (sa && identity.groups.includes(`system:serviceaccounts:${sa.namespace}`)) return `ServiceAccount ${sa.namespace}/${sa.name}`;
  const extra = identity.groups.filter((g) => g !== GROUP_AUTHENTICATED);
  return extra.length > 0 ? `User ${identity.user} in group ${extra.join(", ")}` : `User ${identity.user}`;
}
