// What a subject of the tree can become: its shortest escalation path to cluster-admin (core/escalation),
// with every permission a step uses resolved to the binding → role → rule it comes from. One analyzer per
// index: the distances and steps one subject's search computes are reused by the next subject expanded.
import { describeSource, describeUse } from "../../core/escalation/describe";
import { EscalationAnalyzer, EscalationPath, subjectIdentity } from "../../core/escalation/paths";
import type { PermissionUse } from "../../core/escalation/principal";
import type { EscalationStep } from "../../core/escalation/step";
import type { Provenance } from "../../core/effective";
import type { NamedObject } from "../../core/model";
import type { RbacIndex } from "../../core/rbac-index";
import type { SubjectRef } from "./subjects";

const analyzers = new WeakMap<RbacIndex, EscalationAnalyzer>();

/** The shortest path of a subject to cluster-admin, or undefined when it has none (within 8 steps). */
export function escalationOf(index: RbacIndex, others: readonly NamedObject[], s: SubjectRef): EscalationPath | undefined {
  const identity = subjectIdentity({ kind: s.kind, name: s.name, namespace: s.namespace });
  if (!identity) return undefined;
  let analyzer = analyzers.get(index);
  if (!analyzer) analyzers.set(index, (analyzer = new EscalationAnalyzer(index, { others })));
  return analyzer.pathFor(identity);
}

/** A permission a step uses, for display: the request in words, and its grant as provenance when a binding gives it. */
export interface UseView {
  readonly permission: string;
  /** The binding → role → rule, when the permission comes from a binding. */
  readonly provenance?: Provenance;
  /** Where it comes from, in words (a grant gained in an earlier step, or the superuser group). */
  readonly source: string;
}

export function useView(index: RbacIndex, use: PermissionUse, path: readonly EscalationStep[]): UseView {
  const src = use.source;
  const source = describeSource(src, path);
  if (src.kind !== "binding") return { permission: describeUse(use), source };
  const rule = index.rulesOf(src.role)[src.ruleIndex];
  const provenance: Provenance = {
    binding: src.binding,
    bindingNamespace: src.bindingNamespace,
    role: src.role,
    ruleIndex: src.ruleIndex,
    rule,
  };
  return { permission: describeUse(use), provenance, source };
}

/** "Can become cluster-admin", and how: "1 step", "holds it", "2 steps, possibly". */
export function escalationSummary(path: EscalationPath): string {
  const n = path.steps.length;
  const steps = n === 0 ? "holds it" : `in ${n} step${n === 1 ? "" : "s"}`;
  return path.potential ? `${steps}, possibly` : steps;
}
