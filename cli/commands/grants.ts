// How a (binding, role, rule) provenance is printed and serialised by every command.

import { BindingObject, PolicyRule, RoleObject } from "../../core/model";

interface GrantLike {
  readonly binding: BindingObject;
  readonly bindingNamespace: string;
  readonly role: RoleObject;
  readonly ruleIndex?: number;
  readonly ruleIndexes?: readonly number[];
  readonly rule?: PolicyRule;
}

export function bindingName(g: GrantLike): string {
  return g.binding.kind === "RoleBinding"
    ? `RoleBinding ${g.bindingNamespace}/${g.binding.metadata.name}`
    : `ClusterRoleBinding ${g.binding.metadata.name}`;
}

export function roleName(g: GrantLike): string {
  return g.role.kind === "Role"
    ? `Role ${g.role.metadata.namespace || g.bindingNamespace}/${g.role.metadata.name}`
    : `ClusterRole ${g.role.metadata.name}`;
}

function rules(g: GrantLike): number[] {
  return g.ruleIndexes ? [...g.ruleIndexes] : g.ruleIndex !== undefined ? [g.ruleIndex] : [];
}

export function grantLine(g: GrantLike): string {
  const idx = rules(g);
  return `${bindingName(g)} → ${roleName(g)}${idx.length ? ` → rule${idx.length > 1 ? "s" : ""} ${idx.map((i) => `#${i + 1}`).join(", ")}` : ""}${where(g)}`;
}

function where(g: GrantLike): string {
  const f = g.binding.source?.file;
  return f ? ` (${f})` : "";
}

export function grantJson(g: GrantLike) {
  return {
    binding: { kind: g.binding.kind, name: g.binding.metadata.name, namespace: g.bindingNamespace },
    role: {
      kind: g.role.kind,
      name: g.role.metadata.name,
      namespace: g.role.kind === "Role" ? g.role.metadata.namespace || g.bindingNamespace : "",
    },
    ruleIndexes: rules(g),
    ...(g.rule ? { rule: g.rule } : {}),
  };
}
