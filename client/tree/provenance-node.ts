// binding → role → rule: where a permission comes from. Clicking opens the rule (workspace file or the
// read-only cluster object).
import * as vscode from "vscode";
import { describeGrant } from "../../core/authorize";
import type { Subject } from "../../core/model";
import { Provenance } from "../../core/effective";
import { item, PermNode } from "./node";

export function bindingName(p: Provenance): string {
  return p.binding.kind === "RoleBinding" ? `${p.bindingNamespace}/${p.binding.metadata.name}` : p.binding.metadata.name;
}

export function roleName(p: Provenance): string {
  return p.role.kind === "Role" ? `${p.role.metadata.namespace || p.bindingNamespace}/${p.role.metadata.name}` : p.role.metadata.name;
}

export class ProvenanceNode implements PermNode {
  readonly id: string;
  constructor(
    readonly parent: PermNode,
    readonly provenance: Provenance,
    index: number,
    /** Who uses the grant when it is not the tree's subject (a later step of an escalation path): "any" names none. */
    private readonly actor?: "any",
    /** What the grant is used for, shown first in the tooltip. */
    private readonly usedFor?: string,
  ) {
    this.id = `${parent.id}/src:${index}:${provenance.binding.kind}:${bindingName(provenance)}:${provenance.ruleIndex}`;
  }

  treeItem(): vscode.TreeItem {
    const p = this.provenance;
    const source = `${p.binding.kind} ${bindingName(p)}`;
    const role = `${p.role.kind} ${roleName(p)} · rules[${p.ruleIndex}]`;
    // A permission of an escalation step is named first: a step may use two rules of the same binding.
    const t = item(this, this.usedFor ?? source, false);
    t.description = this.usedFor ? `${source} → ${role}` : `→ ${role}`;
    t.iconPath = new vscode.ThemeIcon("link");
    const md = new vscode.MarkdownString();
    if (this.usedFor) md.appendMarkdown(`**${this.usedFor}**\n\n`);
    md.appendText(grantLine(p, this.actor === "any" ? undefined : subjectOf(this)));
    md.appendMarkdown(`\n\nrules[${p.ruleIndex}]:\n\`\`\`yaml\n${ruleYaml(p)}\n\`\`\``);
    if (p.binding.source || p.role.source) md.appendMarkdown(`\n\nfrom the workspace`);
    t.tooltip = md;
    t.contextValue = "provenance";
    t.command = { command: "kubeRbac.openSource", title: "Open", arguments: [this] };
    return t;
  }

  children(): PermNode[] {
    return [];
  }
}

/** The subject whose permissions this node is under (the tree's subject row), if any. */
function subjectOf(node: PermNode): Subject | undefined {
  for (let n: PermNode | undefined = node; n; n = n.parent) {
    const s = (n as { subject?: Subject }).subject;
    if (s && typeof s.kind === "string" && typeof s.name === "string") return s;
  }
  return undefined;
}

/** The grant as it reaches `subject`: its own entry of the binding, or the group it inherits it through. */
function grantLine(p: Provenance, subject: Subject | undefined): string {
  const subjects = p.binding.subjects;
  if (!subject) return subjects[0] ? describeGrant(p.binding, p.bindingNamespace, subjects[0]) : "";
  const own = subjects.find(
    (x) =>
      x.kind === subject.kind &&
      x.name === subject.name &&
      (x.kind !== "ServiceAccount" || (x.namespace || p.bindingNamespace) === subject.namespace),
  );
  const who = subject.kind === "ServiceAccount" ? `${subject.namespace}/${subject.name}` : subject.name;
  if (own) return describeGrant(p.binding, p.bindingNamespace, own);
  const via = subjects.find((x) => x.kind === "Group") ?? subjects[0];
  return via
    ? `${subject.kind} ${who} gets this through ${via.kind} ${via.name}: ${describeGrant(p.binding, p.bindingNamespace, via)}`
    : "";
}

export function ruleYaml(p: Provenance): string {
  const r = p.rule;
  const lines: string[] = [];
  const list = (k: string, v: readonly string[]) => v.length && lines.push(`${k}: [${v.map((x) => JSON.stringify(x)).join(", ")}]`);
  list("apiGroups", r.apiGroups);
  list("resources", r.resources);
  list("resourceNames", r.resourceNames);
  list("nonResourceURLs", r.nonResourceURLs);
  list("verbs", r.verbs);
  return lines.join("\n");
}
