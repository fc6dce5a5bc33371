// binding → role → rule: where a permission comes from. Clicking opens the rule (workspace file or the
// read-only cluster object).
import * as vscode from "vscode";
import { describeGrantSource } from "../../core/authorize";
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
  ) {
    this.id = `${parent.id}/src:${index}:${provenance.binding.kind}:${bindingName(provenance)}:${provenance.ruleIndex}`;
  }

  treeItem(): vscode.TreeItem {
    const p = this.provenance;
    const t = item(this, `${p.binding.kind} ${bindingName(p)}`, false);
    t.description = `→ ${p.role.kind} ${roleName(p)} · rule ${p.ruleIndex + 1}`;
    t.iconPath = new vscode.ThemeIcon("link");
    const subject = p.binding.subjects.find(() => true);
    const md = new vscode.MarkdownString(
      `${subject ? describeGrantSource(p.binding, p.bindingNamespace, subject) : ""}\n\nrule ${p.ruleIndex + 1}:\n\`\`\`yaml\n${ruleYaml(p)}\n\`\`\``,
    );
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
