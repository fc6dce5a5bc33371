// Hover content (Markdown): a rule in plain English, a role's summary (and, for an aggregated
// ClusterRole, the roles it pulls in, through the aggregation fixpoint), a binding or subject: who the
// subject is, what this binding gives them and where else they get access from. Every hover also names
// the risks core/risk.ts finds (the same judgement, code and severity as the risk diagnostics).
// Sentences come from core/explain; "who gets what" from the authorization engine over the workspace
// and the cluster.

import { ApiCatalog } from "../catalog";
import { describeObject, Identity, isBinding, isRole, RbacObject, RoleObject, Subject, BindingObject } from "../model";
import { explainBinding, explainRole, explainRule, explainSubject, ExplainScope } from "../explain";
import { serviceAccountIdentity, userIdentity } from "../identity";
import { RbacIndex } from "../rbac-index";
import { describeGrant } from "../authorize";
import { aggregate, AggregationResult, hasAggregationRule } from "../aggregation";
import { bindingRisks, ruleRisks, RuleRisk } from "../risk";
import { PolicyRule } from "../model";
import { ChunkedFile } from "./chunked-parse";
import { objectAt, rolesOfBinding } from "./navigation";
import { WorkspaceModel } from "./workspace";
import { contextAt } from "./yaml-context";
import { escalationHover } from "./hover-escalation";

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
  return role.kind === "Role"
    ? role.metadata.namespace
      ? { kind: "namespace", namespace: role.metadata.namespace }
      : { kind: "unbound" }
    : { kind: "unbound" };
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
      const risks = ruleRisks(rule, o.kind, input.catalog).map((r) => riskLine(r));
      return { markdown: [text, ...(risks.length ? [risks.join("\n")] : [])].join("\n\n"), span: src?.valueSpan(["rules", ctx.path[1]]) };
    }
    return { markdown: roleHover(o, input.workspace, input.catalog), span: src?.valueSpan(["metadata", "name"]) ?? src?.span };
  }
  if (ctx.path[0] === "subjects" && typeof ctx.path[1] === "number" && o.subjects[ctx.path[1]]) {
    const i = ctx.path[1];
    const risks = bindingRisks(o)
      .filter((r) => r.subject === i)
      .map((r) => severityLine(r.code, r.severity, r.why));
    return {
      markdown: [subjectHover(o, o.subjects[i], input.workspace), ...(risks.length ? [risks.join("\n")] : [])].join("\n\n"),
      span: src?.valueSpan(["subjects", i]),
    };
  }
  return { markdown: bindingHover(o, input.workspace, input.catalog), span: src?.valueSpan(["metadata", "name"]) ?? src?.span };
}

/**
 * The aggregation controller's fixpoint over every ClusterRole of the workspace and the cluster (one per
 * name: the workspace's definition wins, as in every other answer), with `role` standing for its name.
 */
export function aggregationOf(role: RoleObject, workspace: WorkspaceModel): AggregationResult {
  const byName = new Map<string, RoleObject>();
  for (const l of workspace.roles())
    if (l.object.kind === "ClusterRole" && !byName.has(l.object.metadata.name)) byName.set(l.object.metadata.name, l.object);
  if (role.kind === "ClusterRole") byName.set(role.metadata.name, role);
  return aggregate([...byName.values()]);
}

/** ClusterRoles an aggregated role selects directly (workspace and cluster), in the controller's order. */
export function aggregatedSources(role: RoleObject, workspace: WorkspaceModel): string[] {
  return [...(aggregationOf(role, workspace).sources.get(role.metadata.name) ?? [])];
}

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;

/** The rules a role grants: for an aggregated ClusterRole, the ones the controller writes (its fixpoint). */
export function effectiveRules(
  role: RoleObject,
  workspace: WorkspaceModel,
): { rules: readonly PolicyRule[]; aggregation?: AggregationResult } {
  if (!hasAggregationRule(role)) return { rules: role.rules };
  const aggregation = aggregationOf(role, workspace);
  return { rules: aggregation.rules.get(role.metadata.name) ?? [], aggregation };
}

function roleHover(role: RoleObject, workspace: WorkspaceModel, catalog: ApiCatalog): string {
  const parts = [explainRole(role, catalog)];
  const { rules, aggregation } = effectiveRules(role, workspace);
  if (aggregation) {
    const sources = aggregation.sources.get(role.metadata.name) ?? [];
    if (sources.length === 0) parts.push("No known ClusterRole matches its selectors: the aggregation controller leaves it without rules.");
    else {
      const list = sources.map((n) => `${n} (${plural(aggregation.rules.get(n)?.length ?? 0, "rule")})`).join(", ");
      parts.push(`Pulls in: ${list}. After aggregation it grants ${plural(rules.length, "rule")}.`);
    }
  }
  const risks = roleRisks(role, rules, catalog);
  if (risks.length) parts.push(risks.join("\n"));
  const bindings = workspace.bindingsOf(role);
  if (bindings.length) parts.push(`Bound by ${bindings.map((b) => describeObject(b.object)).join(", ")}.`);
  return parts.join("\n\n");
}

function bindingHover(b: BindingObject, workspace: WorkspaceModel, catalog: ApiCatalog): string {
  const parts = [explainBinding(b)];
  const risks = bindingRisks(b).map((r) => severityLine(r.code, r.severity, r.subject >= 0 ? `subjects[${r.subject}]: ${r.why}` : r.why));
  if (risks.length) parts.push(risks.join("\n"));
  const roles = rolesOfBinding(b, workspace);
  if (roles.length) {
    const role = roles[0].object;
    parts.push(explainRole(role, catalog));
    const granted = roleRisks(role, effectiveRules(role, workspace).rules, catalog);
    if (granted.length) parts.push(`Through ${describeObject(role)}:\n${granted.join("\n")}`);
  } else if (b.roleRef.name)
    parts.push(
      `${b.roleRef.kind || "Role"} ${b.roleRef.name} is not defined in the workspace${workspace.clusterKnown ? " nor in the cluster" : ""}.`,
    );
  // The rest of the hover stands even if the escalation search fails on odd input.
  let escalation: string | undefined;
  try {
    escalation = escalationHover(b, workspace);
  } catch {
    escalation = undefined;
  }
  if (escalation) parts.push(escalation);
  return parts.join("\n\n");
}

const SEVERITY_MARK: Readonly<Record<string, string>> = { error: "⛔", warning: "⚠️", information: "ℹ️", hint: "💡" };

function severityLine(code: string, severity: string, why: string): string {
  return `- ${SEVERITY_MARK[severity] ?? ""} \`${code}\` (${severity}): ${why}.`;
}

/** A rule's risk, as its diagnostic says it (`rules[i]` names the rule in a role's summary). */
function riskLine(r: RuleRisk, rule = ""): string {
  return severityLine(
    r.code,
    r.severity,
    `${rule}${r.grants.length ? `grants ${r.grants.slice(0, 4).join(", ")}${r.grants.length > 4 ? ", …" : ""}` : "uses a wildcard"}: ${r.why}`,
  );
}

/** One line per risk code over all rules (first rule that has it), worst first. */
function roleRisks(role: RoleObject, rules: readonly PolicyRule[], catalog: ApiCatalog): string[] {
  const seen = new Map<string, { risk: RuleRisk; index: number }>();
  rules.forEach((rule, index) => {
    for (const risk of ruleRisks(rule, role.kind, catalog)) {
      const old = seen.get(risk.code);
      if (!old || (old.risk.severity !== "warning" && risk.severity === "warning")) seen.set(risk.code, { risk, index });
    }
  });
  const rank = (s: string) => (s === "warning" ? 0 : 1);
  return [...seen.values()]
    .sort((a, b) => rank(a.risk.severity) - rank(b.risk.severity))
    .map(({ risk, index }) => riskLine(risk, `rules[${index}] `));
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
  parts.push(
    roles.length
      ? `This binding gives them ${describeObject(roles[0].object)} ${scope}.`
      : `This binding references ${b.roleRef.kind} ${b.roleRef.name}, which is not known: it grants nothing yet.`,
  );
  const identity = identityOf(s, b);
  if (identity) {
    const index = new RbacIndex(workspace.allObjects());
    const others = index
      .bindingsFor(identity)
      .filter((a) => !sameBinding(a.binding, b))
      .map((a) => describeGrant(a.binding, a.namespace, a.binding.subjects[a.subjectIndex]));
    if (others.length)
      parts.push(
        `Also gets access from: ${others.slice(0, 10).join("; ")}${others.length > 10 ? `; and ${others.length - 10} more` : ""}.`,
      );
  }
  return parts.join("\n\n");
}

function sameBinding(a: RbacObject, b: RbacObject): boolean {
  return a === b || (a.kind === b.kind && a.metadata.name === b.metadata.name && a.metadata.namespace === b.metadata.namespace);
}
