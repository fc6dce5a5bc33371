// Steps that give the principal more rules without changing who it is: create (or update) a binding of a
// role it may `bind` (a RoleBinding only reaches its own namespace), or rewrite a role bound to it with
// `escalate` (then it can hold anything in that binding's scope). The registry's checks are the authorizer
// questions asked here: the write itself, then `bind`/`escalate` with the server's attributes.

import { ALL_RULES } from "./targets";
import { RBAC_GROUP, RoleObject } from "../model";
import { AddedGrant, PermissionUse, Principal, resourceRequest } from "./principal";
import { ANY_NAME, Edge } from "./step";
import { EscalationWorld } from "./world";

const BIND_CLUSTER_ROLES = [["bind", RBAC_GROUP, "clusterroles"]] as const;
const BIND_ANY_ROLE = [
  ["bind", RBAC_GROUP, "clusterroles"],
  ["bind", RBAC_GROUP, "roles"],
] as const;
const WRITE_CLUSTER_ROLE_BINDINGS = ["update", "patch"].map((v) => [v, RBAC_GROUP, "clusterrolebindings"] as const);
const WRITE_ROLE_BINDINGS = ["update", "patch"].map((v) => [v, RBAC_GROUP, "rolebindings"] as const);

function scopeText(scope: string): string {
  return scope === "" ? "cluster-wide" : `in namespace ${scope}`;
}

/**
 * The step leads to a principal that holds the gained grant alone, shared by everyone who can gain it: what
 * the grant enables next does not depend on who holds it (a later step that would need an old and a new
 * permission together is not followed; one gained grant per path keeps the graph small).
 */
function grantEdge(world: EscalationWorld, kind: "bind" | "escalate", action: string, uses: PermissionUse[], grant: AddedGrant): Edge {
  const shared = world.grant(grant);
  return {
    step: { kind, action, uses, becomes: shared.via, potential: false, adds: shared },
    next: world.grantHolder(shared),
  };
}

function bindRequest(kind: string, name: string, namespace: string) {
  return resourceRequest("bind", RBAC_GROUP, kind === "Role" ? "roles" : "clusterroles", namespace, name);
}

/** `bind` on the role plus create of a binding of it (cluster-wide, or a RoleBinding in N) → its rules there. */
export function bindSteps(world: EscalationWorld, p: Principal): Edge[] {
  const out: Edge[] = [];
  const ix = world.index;
  const have = new Set(p.added.map((g) => g.via));
  // One step per (scope, kind of role): roles with the same signature lead to the same places.
  const offered = new Set<string>();
  const offer = (role: RoleObject, scope: string, uses: PermissionUse[], action: string) => {
    const via = `${role.kind} ${role.metadata.name} ${scopeText(scope)}`;
    const k = `${scope}\u0000${world.signature(role, scope)}`;
    if (have.has(via) || offered.has(k) || world.holdsAll(p, scope, ix.rulesOf(role))) return;
    offered.add(k);
    out.push(grantEdge(world, "bind", action, uses, { scope, rules: ix.rulesOf(role), via }));
  };
  // `bind` for any name covers every role; otherwise only the names the principal's rules list can pass.
  const bindable = (scope: string) => {
    const any = {
      ClusterRole: p.allows(ix, bindRequest("ClusterRole", ANY_NAME, scope)),
      Role: p.allows(ix, bindRequest("Role", ANY_NAME, scope)),
    };
    const named = {
      ClusterRole: world.namesIn(p, scope, "bind", RBAC_GROUP, "clusterroles"),
      Role: world.namesIn(p, scope, "bind", RBAC_GROUP, "roles"),
    };
    return (role: RoleObject) =>
      any[role.kind] ??
      (named[role.kind].has(role.metadata.name) ? p.allows(ix, bindRequest(role.kind, role.metadata.name, scope)) : undefined);
  };
  if (world.scopes(p, BIND_CLUSTER_ROLES).all) {
    const create = p.allows(ix, resourceRequest("create", RBAC_GROUP, "clusterrolebindings", ""));
    const bindUse = create && bindable("");
    if (create && bindUse)
      for (const role of world.bindableRoles("")) {
        const bind = bindUse(role);
        if (bind) offer(role, "", [create, bind], `create a ClusterRoleBinding of ClusterRole ${role.metadata.name} to itself`);
      }
  }
  const bindScopes = world.scopes(p, BIND_ANY_ROLE);
  const namespaces = bindScopes.all ? world.namespaces : bindScopes.namespaces;
  for (const ns of namespaces) {
    const create = p.allows(ix, resourceRequest("create", RBAC_GROUP, "rolebindings", ns));
    if (!create) continue;
    const bindUse = bindable(ns);
    for (const role of world.bindableRoles(ns)) {
      const bind = bindUse(role);
      if (bind) offer(role, ns, [create, bind], `create a RoleBinding in namespace ${ns} of ${role.kind} ${role.metadata.name} to itself`);
    }
  }
  updateBindingSteps(world, p, offer);
  return out;
}

/** update/patch of an existing binding (adding itself as a subject) plus `bind` on its roleRef (which cannot change). */
function updateBindingSteps(
  world: EscalationWorld,
  p: Principal,
  offer: (role: RoleObject, scope: string, uses: PermissionUse[], action: string) => void,
): void {
  const ix = world.index;
  const verbs = ["update", "patch"];
  // Without `bind`, an update passes only for roles the principal already holds: nothing to gain.
  const binds = world.scopes(p, BIND_ANY_ROLE);
  if (!binds.all && binds.namespaces.length === 0) return;
  const crbScopes = world.scopes(p, WRITE_CLUSTER_ROLE_BINDINGS);
  const rbScopes = world.scopes(p, WRITE_ROLE_BINDINGS);
  const visit = (ns: string) => {
    const resource = ns === "" ? "clusterrolebindings" : "rolebindings";
    const write = (name: string) =>
      p.allowsAny(
        ix,
        verbs.map((v) => resourceRequest(v, RBAC_GROUP, resource, ns, name)),
      );
    // Update for any name, or only the bindings the principal's rules name.
    const any = write(ANY_NAME);
    const named = any ? undefined : new Set(verbs.flatMap((v) => [...world.namesIn(p, ns, v, RBAC_GROUP, resource)]));
    // With write access to any name, bindings of the same role are alternatives: the first one stands for them.
    const roles = new Set<RoleObject>();
    for (const { binding: b, role } of world.relevantBindings(ns)) {
      if (named && !named.has(b.metadata.name)) continue;
      if (any && (roles.has(role) || !roles.add(role))) continue;
      const w = any ?? write(b.metadata.name);
      const bind = w && p.allows(ix, bindRequest(b.roleRef.kind, b.roleRef.name, ns));
      if (w && bind) offer(role, ns, [w, bind], `add itself to the subjects of ${b.kind} ${ns ? `${ns}/` : ""}${b.metadata.name}`);
    }
  };
  if (crbScopes.all) visit("");
  for (const ns of rbScopes.all ? world.namespaces : rbScopes.namespaces) visit(ns);
}

/** `escalate` plus update/patch of a role bound to the principal → any rule in that binding's scope. */
export function escalateSteps(world: EscalationWorld, p: Principal): Edge[] {
  const out: Edge[] = [];
  const ix = world.index;
  const have = new Set(p.added.map((g) => g.via));
  const tried = new Set<string>();
  for (const { binding, namespace } of ix.bindingsFor(p.identity)) {
    const res = ix.resolveRoleRef(binding);
    if (!res.ok) continue;
    const role = res.role;
    const roleNs = role.kind === "Role" ? namespace : "";
    const resource = role.kind === "Role" ? "roles" : "clusterroles";
    const via = `every rule ${scopeText(namespace)} (${role.kind} ${role.metadata.name} rewritten)`;
    const gained = namespace === "" ? ALL_RULES : ALL_RULES.slice(0, 1);
    if (have.has(via) || tried.has(via)) continue;
    tried.add(via);
    const write = p.allowsAny(
      ix,
      ["update", "patch"].map((v) => resourceRequest(v, RBAC_GROUP, resource, roleNs, role.metadata.name)),
    );
    const esc = write && p.allows(ix, resourceRequest("escalate", RBAC_GROUP, resource, roleNs, role.metadata.name));
    if (!write || !esc || world.holdsAll(p, namespace, gained)) continue;
    const where = binding.kind === "RoleBinding" ? `${namespace}/${binding.metadata.name}` : binding.metadata.name;
    out.push(
      grantEdge(
        world,
        "escalate",
        `add any rule to ${role.kind} ${roleNs ? `${roleNs}/` : ""}${role.metadata.name}, bound to it by ${binding.kind} ${where}`,
        [write, esc],
        { scope: namespace, rules: gained, via },
      ),
    );
  }
  return out;
}
