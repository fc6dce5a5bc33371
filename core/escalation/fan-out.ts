// Steps that reach ServiceAccounts: one step to a hub (every ServiceAccount of every namespace, or of one
// namespace) when the permission holds for any name, else one step per ServiceAccount the permission names.
// Cluster-wide grants are asked once, in a namespace no RoleBinding can live in; RoleBinding grants per
// namespace.

import { serviceAccountIdentity } from "../identity";
import { Request } from "../model";
import { PermissionUse, Principal } from "./principal";
import { ANY_NAME, Edge, EscalationStep, EVERY_NAMESPACE } from "./step";
import { EscalationWorld } from "./world";

export interface FanOut {
  readonly kind: EscalationStep["kind"];
  readonly potential: boolean;
  /** The (verb, group, resource[/sub]) triples any of whose grants makes the step possible. */
  readonly triples: readonly (readonly [string, string, string])[];
  /** The requests the API server asks, in order of preference, for a ServiceAccount `name` ("" when it needs none) of `ns`. */
  readonly requests: (ns: string, name: string) => Request[];
  /** The step's action, with `{ns}` and `{name}` for the ServiceAccount chosen. */
  readonly action: (use: PermissionUse) => string;
  /** Whether resourceNames can name single ServiceAccounts (tokens, impersonation). */
  readonly perName: boolean;
}

export function serviceAccountEdges(world: EscalationWorld, p: Principal, f: FanOut): Edge[] {
  const s = world.scopes(p, f.triples);
  if (!s.all && s.namespaces.length === 0) return [];
  const ix = world.index;
  const step = (use: PermissionUse): EscalationStep => ({
    kind: f.kind,
    action: f.action(use),
    uses: [use],
    becomes: "",
    potential: f.potential,
  });
  if (s.all) {
    const use = p.allowsAny(ix, f.requests(EVERY_NAMESPACE, ANY_NAME));
    if (use) return [{ step: step(use), next: world.everySaHub() }];
  }
  const out: Edge[] = [];
  for (const ns of s.all ? world.namespaces : s.namespaces) {
    const use = p.allowsAny(ix, f.requests(ns, ANY_NAME));
    if (use) {
      out.push({ step: step(use), vars: { ns }, next: world.saHub(ns) });
      continue;
    }
    if (!f.perName) continue;
    for (const name of world.serviceAccounts(ns)) {
      const named = p.allowsAny(ix, f.requests(ns, name));
      if (named) out.push({ step: step(named), vars: { ns, name }, next: new Principal(serviceAccountIdentity(ns, name)) });
    }
  }
  return out;
}
