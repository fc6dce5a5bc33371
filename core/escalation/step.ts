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

/**
 * A step and where it leads: a principal, or a hub (every ServiceAccount of a namespace, every user…) whose
 * free choices lead on. A choice (no step) costs nothing and fills the placeholders of the step before it:
 * `{ns}`, `{name}` in its action and the namespace `{ns}` of its requests.
 */
export interface Edge {
  readonly step?: EscalationStep;
  readonly vars?: Readonly<Record<string, string>>;
  readonly next: Principal | Hub;
}

/** A node that stands for a choice among many principals; shared by every step that offers that choice. */
export class Hub {
  private made: Edge[] | undefined;
  constructor(
    readonly key: string,
    private readonly make: () => Edge[],
  ) {}
  edges(): Edge[] {
    return (this.made ??= this.make());
  }
}

/** The namespace of a request allowed in every namespace (cluster-wide grants): no RoleBinding can live there. */
export const EVERY_NAMESPACE = "{ns}";

/** A step with its placeholders filled by the choices that followed it, and what it became. */
export function fillStep(step: EscalationStep, vars: Readonly<Record<string, string>>, landed: Principal): EscalationStep {
  const fill = (t: string) => t.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
  return {
    ...step,
    action: fill(step.action),
    uses: step.uses.map((u) =>
      u.request.kind === "resource" && u.request.namespace === EVERY_NAMESPACE && vars.ns
        ? { ...u, request: { ...u.request, namespace: vars.ns } }
        : u,
    ),
    becomes: step.becomes !== "" ? fill(step.becomes) : describeIdentity(landed.identity),
  };
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
