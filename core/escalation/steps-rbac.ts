// Steps that give the principal more rules without changing who it is: create (or update) a binding of a
// role it may `bind` (a RoleBinding only reaches its own namespace), or rewrite a role bound to it with
// `escalate` (then it can hold anything in that binding's scope). The registry's checks are the authorizer
// questions asked here: the write itself, then `bind`/`escalate` with the server's attributes.

import { ALL_RULES } from "./targets";
import { BindingObject, RBAC_GROUP, RoleObject } from "../model";
import { AddedGrant, PermissionUse, Principal, resourceRequest } from "./principal";
import { Edge } from "./step";
import { EscalationWorld } from "./world";

function scopeText(scope: string): string {
  return scope === "" ? "cluster-wide" : `in namespace ${scope}`;
}

function grantEdge(p: Principal, kind: "bind" | "escalate", action: string, uses: PermissionUse[], grant: AddedGrant): Edge {
  return {
    step: { kind, action, uses, becomes: grant.via, potential: false, adds: grant },
    next: p.with(grant),
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
  const offer = (role: RoleObject, scope: string, uses: PermissionUse[], action: string) => {
    const via = `${role.kind} ${role.metadata.name} ${scopeText(scope)}`;
    if (!have.has(via) && !world.holdsAll(p, scope, ix.rulesOf(role)))
      out.push(grantEdge(p, "bind", action, uses, { scope, rules: ix.rulesOf(role), via }));
  };
  if (world.scopes(p, [["bind", RBAC_GROUP, "clusterroles"]]).all) {
    const create = p.allows(ix, resourceRequest("create", RBAC_GROUP, "clusterrolebindings", ""));
    if (create)
      for (const role of ix.clusterRoles()) {
        if (!world.isRelevant(role)) continue;
        const bind = p.allows(ix, bindRequest("ClusterRole", role.metadata.name, ""));
        if (bind) offer(role, "", [create, bind], `create a ClusterRoleBinding of ClusterRole ${role.metadata.name} to itself`);
      }
  }
  const bindScopes = world.scopes(p, [
    ["bind", RBAC_GROUP, "clusterroles"],
    ["bind", RBAC_GROUP, "roles"],
  ]);
  const namespaces = bindScopes.all ? world.namespaces : bindScopes.namespaces;
  for (const ns of namespaces) {
    const create = p.allows(ix, resourceRequest("create", RBAC_GROUP, "rolebindings", ns));
    if (!create) continue;
    const roles = [...ix.clusterRoles(), ...ix.roles().filter((r) => ix.namespaceOf(r) === ns)];
    for (const role of roles) {
      if (!world.isRelevant(role)) continue;
      const bind = p.allows(ix, bindRequest(role.kind, role.metadata.name, ns));
      if (bind) offer(role, ns, [create, bind], `create a RoleBinding in namespace ${ns} of ${role.kind} ${role.metadata.name} to itself`);
    }
  }
  out.push(...updateBindingSteps(world, p, have));
  return out;
}

/** update/patch of an existing binding (adding itself as a subject) plus `bind` on its roleRef (which cannot change). */
function updateBindingSteps(world: EscalationWorld, p: Principal, have: Set<string>): Edge[] {
  const out: Edge[] = [];
  const ix = world.index;
  const verbs = ["update", "patch"];
  const crbScopes = world.scopes(
    p,
    verbs.map((v) => [v, RBAC_GROUP, "clusterrolebindings"] as const),
  );
  const rbScopes = world.scopes(
    p,
    verbs.map((v) => [v, RBAC_GROUP, "rolebindings"] as const),
  );
  const candidates: { b: BindingObject; ns: string }[] = [];
  if (crbScopes.all) for (const b of ix.clusterRoleBindings()) candidates.push({ b, ns: "" });
  for (const ns of rbScopes.all ? world.namespaces : rbScopes.namespaces) for (const b of ix.roleBindings(ns)) candidates.push({ b, ns });
  for (const { b, ns } of candidates) {
    const res = ix.resolveRoleRef(b);
    if (!res.ok || !world.isRelevant(res.role)) continue;
    const via = `${res.role.kind} ${res.role.metadata.name} ${scopeText(ns)}`;
    if (have.has(via) || world.holdsAll(p, ns, res.rules)) continue;
    const resource = b.kind === "ClusterRoleBinding" ? "clusterrolebindings" : "rolebindings";
    const write = p.allowsAny(
      ix,
      verbs.map((v) => resourceRequest(v, RBAC_GROUP, resource, ns, b.metadata.name)),
    );
    const bind = write && p.allows(ix, bindRequest(b.roleRef.kind, b.roleRef.name, ns));
    if (write && bind)
      out.push(
        grantEdge(p, "bind", `add itself to the subjects of ${b.kind} ${ns ? `${ns}/` : ""}${b.metadata.name}`, [write, bind], {
          scope: ns,
          rules: res.rules,
          via,
        }),
      );
  }
  return out;
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
    if (have.has(via) || tried.has(via) || world.holdsAll(p, namespace, gained)) continue;
    tried.add(via);
    const write = p.allowsAny(
      ix,
      ["update", "patch"].map((v) => resourceRequest(v, RBAC_GROUP, resource, roleNs, role.metadata.name)),
    );
    const esc = write && p.allows(ix, resourceRequest("escalate", RBAC_GROUP, resource, roleNs, role.metadata.name));
    if (!write || !esc) continue;
    const where = binding.kind === "RoleBinding" ? `${namespace}/${binding.metadata.name}` : binding.metadata.name;
    out.push(
      grantEdge(
        p,
        "escalate",
        `add any rule to ${role.kind} ${roleNs ? `${roleNs}/` : ""}${role.metadata.name}, bound to it by ${binding.kind} ${where}`,
        [write, esc],
        { scope: namespace, rules: gained, via },
      ),
    );
  }
  return out;
}
