// Hover content (Markdown): a rule in plain English, a role's summary (and, for an aggregated
// ClusterRole, the roles it pulls in), a binding or subject: who the subject is, what this binding gives
// them and where else they get access from. Sentences come from core/explain; "who gets what" from the
// authorization engine over the workspace and the cluster.

import { ApiCatalog } from "../catalog";
import { describeObject, Identity, isBinding, isRole, RbacObject, RoleObject, Subject, BindingObject } from "../model";
import { explainBinding, explainRole, explainRule, explainSubject, ExplainScope } from "../explain";
import { serviceAccountIdentity, userIdentity } from "../identity";
import { matches } from "../label-selector";
import { RbacIndex } from "../rbac-index";
import { describeGrantSource } from "../authorize";
import { ChunkedFile } from "./chunked-parse";
import { objectAt, rolesOfBinding } from "./navigation";
import { WorkspaceModel } from "./workspace";
import { contextAt } from "./yaml-context";

export interface HoverResult {
  readonly markdown: string;
  readonly span?: { start: number; end: number };
}

export interface HoverInput {
  readonly file: ChunkedFile;
  readonly offset: number;
  readonly workspace: WorkspaceModel;
  readonly catalog: ApiCatalog;
}

function ruleScope(role: RoleObject): ExplainScope {
  return role.kind === "Role" ? (role.metadata.namespace ? { kind: "namespace", namespace: role.metadata.namespace } : { kind: "unbound" }) : { kind: "unbound" };
}

export function hover(input: HoverInput): HoverResult | undefined {
  const ctx = contextAt(input.file, input.offset);
  const o = objectAt(input.file, input.offset);
  if (!ctx || !o || (!isRole(o) && !isBinding(o))) return undefined;
  const src = o.source;
  if (isRole(o)) {
    if (ctx.path[0] === "rules" && typeof ctx.path[1] === "number" && o.rules[ctx.path[1]]) {
      const rule = o.rules[ctx.path[1]];
      const text = explainRule(rule, { roleKind: o.kind, scope: ruleScope(o) }, input.catalog);
      return { markdown: text, span: src?.valueSpan(["rules", ctx.path[1]]) };
    }
    return { markdown: roleHover(o, input.workspace, input.catalog), span: src?.valueSpan(["metadata", "name"]) ?? src?.span };
  }
  if (ctx.path[0] === "subjects" && typeof ctx.path[1] === "number" && o.subjects[ctx.path[1]]) {
    return { markdown: subjectHover(o, o.subjects[ctx.path[1]], input.workspace), span: src?.valueSpan(["subjects", ctx.path[1]]) };
  }
  return { markdown: bindingHover(o, input.workspace, input.catalog), span: src?.valueSpan(["metadata", "name"]) ?? src?.span };
}

/** ClusterRoles an aggregated role selects (workspace and cluster), by name. */
export function aggregatedSources(role: RoleObject, workspace: WorkspaceModel): RoleObject[] {
  const selectors = role.aggregationRule?.clusterRoleSelectors ?? [];
  const out = new Map<string, RoleObject>();
  for (const l of workspace.roles()) {
    const r = l.object;
    if (r.kind !== "ClusterRole" || r.metadata.name === role.metadata.name || out.has(r.metadata.name)) continue;
    if (selectors.some((s) => matches(s, r.metadata.labels))) out.set(r.metadata.name, r);
  }
  return [...out.values()].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
}

function roleHover(role: RoleObject, workspace: WorkspaceModel, catalog: ApiCatalog): string {
  const parts = [explainRole(role, catalog)];
  if (role.aggregationRule) {
    const sources = aggregatedSources(role, workspace);
    parts.push(sources.length ? `Pulls in: ${sources.map((r) => `${r.metadata.name} (${r.rules.length} rule${r.rules.length === 1 ? "" : "s"})`).join(", ")}.` : "No known ClusterRole matches its selectors.");
  }
  const bindings = workspace.bindingsOf(role);
  if (bindings.length) parts.push(`Bound by ${bindings.map((b) => describeObject(b.object)).join(", ")}.`);
  return parts.join("\n\n");
}

function bindingHover(b: BindingObject, workspace: WorkspaceModel, catalog: ApiCatalog): string {
  const parts = [explainBinding(b)];
  const roles = rolesOfBinding(b, workspace);
  if (roles.length) parts.push(explainRole(roles[0].object, catalog));
  else if (b.roleRef.name) parts.push(`${b.roleRef.kind || "Role"} ${b.roleRef.name} is not defined in the workspace${workspace.clusterKnown ? " nor in the cluster" : ""}.`);
  return parts.join("\n\n");
}

function identityOf(s: Subject, b: BindingObject): Identity | undefined {
  if (s.kind === "ServiceAccount") {
    const ns = s.namespace || (b.kind === "RoleBinding" ? b.metadata.namespace : "");
    return ns ? serviceAccountIdentity(ns, s.name) : undefined;
  }
  if (s.kind === "User") return userIdentity(s.name);
  // A group: what its members get through the group itself.
  if (s.kind === "Group") return { user: "", groups: [s.name] };
  return undefined;
}

function subjectHover(b: BindingObject, s: Subject, workspace: WorkspaceModel): string {
  const parts = [`**${explainSubject(s, b)}**`];
  const roles = rolesOfBinding(b, workspace);
  const scope = b.kind === "ClusterRoleBinding" ? "cluster-wide" : `in namespace ${b.metadata.namespace || "(none)"}`;
  parts.push(roles.length ? `This binding gives them ${describeObject(roles[0].object)} ${scope}.` : `This binding references ${b.roleRef.kind} ${b.roleRef.name}, which is not known: it grants nothing yet.`);
  const identity = identityOf(s, b);
  if (identity) {
    const index = new RbacIndex(workspace.allObjects());
    const others = index
      .bindingsFor(identity)
      .filter((a) => !sameBinding(a.binding, b))
      .map((a) => describeGrantSource(a.binding, a.namespace, a.binding.subjects[a.subjectIndex]!));
    if (others.length) parts.push(`Also gets access from: ${others.slice(0, 10).join("; ")}${others.length > 10 ? `; and ${others.length - 10} more` : ""}.`);
  }
  return parts.join("\n\n");
}

function sameBinding(a: RbacObject, b: RbacObject): boolean {
  return a === b || (a.kind === b.kind && a.metadata.name === b.metadata.name && a.metadata.namespace === b.metadata.namespace);
}
