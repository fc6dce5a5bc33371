// A binding's hover, on escalation: which of its subjects can reach cluster-admin and how (the shortest
// path of core/escalation, each step with the grant it uses), whether the binding grants it directly or a
// path leads there. The world is the workspace and, when connected, the cluster snapshot.

import { describeSource } from "../escalation/describe";
import { EscalationAnalyzer, subjectIdentity } from "../escalation/paths";
import { BindingObject, NamedObject, Subject } from "../model";
import { RbacIndex } from "../rbac-index";
import { WorkspaceModel } from "./workspace";

/** Subjects of one binding looked at (a binding naming more is summarised by its first ones). */
const MAX_SUBJECTS = 5;

function subjectText(s: Subject, ns: string): string {
  return s.kind === "ServiceAccount" ? `ServiceAccount ${s.namespace || ns}/${s.name}` : `${s.kind} ${s.name}`;
}

/** The ServiceAccounts and namespaces the workspace and the cluster know, for the analyzer's choices. */
function othersOf(workspace: WorkspaceModel): NamedObject[] {
  const meta = (name: string, namespace: string) => ({ name, namespace, labels: {}, annotations: {} });
  return [
    ...workspace.namespaces().map((n): NamedObject => ({ kind: "Namespace", metadata: meta(n, "") })),
    ...workspace.serviceAccounts().map((sa): NamedObject => ({ kind: "ServiceAccount", metadata: meta(sa.name, sa.namespace) })),
  ];
}

const analyzers = new WeakMap<WorkspaceModel, { generation: number; analyzer: EscalationAnalyzer }>();

/** One analyzer per state of the workspace: hovers of several bindings share what their searches computed. */
function analyzerOf(workspace: WorkspaceModel): EscalationAnalyzer {
  const cached = analyzers.get(workspace);
  if (cached && cached.generation === workspace.generation) return cached.analyzer;
  const analyzer = new EscalationAnalyzer(new RbacIndex(workspace.allObjects()), { others: othersOf(workspace) });
  analyzers.set(workspace, { generation: workspace.generation, analyzer });
  return analyzer;
}

/** Markdown lines on the subjects of `b` that can reach cluster-admin; none when no subject can. */
export function escalationHover(b: BindingObject, workspace: WorkspaceModel): string | undefined {
  const ns = b.kind === "RoleBinding" ? b.metadata.namespace || "default" : "";
  const subjects = b.subjects.slice(0, MAX_SUBJECTS);
  if (subjects.length === 0) return undefined;
  const analyzer = analyzerOf(workspace);
  const lines: string[] = [];
  for (const s of subjects) {
    const identity = subjectIdentity({ kind: s.kind, name: s.name, namespace: s.kind === "ServiceAccount" ? s.namespace || ns : "" });
    const path = identity && analyzer.pathFor(identity);
    if (!path) continue;
    const who = subjectText(s, ns);
    const holds = path.holds.source;
    const through =
      holds.kind === "binding" &&
      holds.binding.kind === b.kind &&
      holds.binding.metadata.name === b.metadata.name &&
      holds.bindingNamespace === ns
        ? "this binding"
        : describeSource(holds, path.steps);
    if (path.steps.length === 0) {
      lines.push(`- ${who} holds it, through ${through}.`);
      continue;
    }
    const n = path.steps.length;
    lines.push(`- ${who}, in ${n} step${n === 1 ? "" : "s"}${path.potential ? " (possibly)" : ""}:`);
    path.steps.forEach((step, i) => {
      const via = step.uses.map((u) => describeSource(u.source, path.steps)).join(" + ");
      lines.push(`  ${i + 1}. ${step.action}${step.potential ? " (possible)" : ""} → ${step.becomes} (by ${via})`);
    });
    lines.push(`  then holds it through ${through}.`);
  }
  if (lines.length === 0) return undefined;
  const more = b.subjects.length > MAX_SUBJECTS ? `\n\n(Only the first ${MAX_SUBJECTS} subjects are looked at.)` : "";
  return `⚠️ **Can reach cluster-admin** (every verb on every resource, cluster-wide):\n${lines.join("\n")}${more}`;
}
