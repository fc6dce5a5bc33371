// One (group, resource[/subresource], resourceNames) of a scope — or a non-resource URL — with its verbs.
import * as vscode from "vscode";
import { CompactNonResourceEntry, CompactResourceEntry } from "../../core/effective";
import { RuleRisk } from "../../core/risk";
import { item, PermNode, warningIcon } from "./node";
import { resourceLabel, verbRisks } from "./permissions";
import { VerbNode } from "./verb-node";

export type EntryRef =
  | { readonly kind: "resource"; readonly entry: CompactResourceEntry; readonly risks: readonly RuleRisk[] }
  | { readonly kind: "url"; readonly entry: CompactNonResourceEntry; readonly risks: readonly RuleRisk[] };

export class ResourceNode implements PermNode {
  readonly id: string;
  constructor(
    readonly parent: PermNode,
    readonly ref: EntryRef,
  ) {
    const e = ref.entry;
    this.id =
      ref.kind === "resource"
        ? `${parent.id}/res:${e.scope}:${ref.entry.apiGroup}:${ref.entry.resource}:${ref.entry.resourceNames.join(",")}`
        : `${parent.id}/url:${ref.entry.url}`;
  }

  get risky(): boolean {
    return this.ref.risks.length > 0;
  }

  get label(): string {
    return this.ref.kind === "resource" ? resourceLabel(this.ref.entry.apiGroup, this.ref.entry.resource) : this.ref.entry.url;
  }

  treeItem(): vscode.TreeItem {
    const r = this.ref;
    const t = item(this, this.label, true);
    const names = r.kind === "resource" && r.entry.resourceNames.length > 0 ? ` · names: ${r.entry.resourceNames.join(", ")}` : "";
    t.description = `${r.entry.verbs.join(", ")}${names}`;
    t.iconPath = this.risky ? warningIcon() : new vscode.ThemeIcon(r.kind === "url" ? "link" : "symbol-field");
    const md = new vscode.MarkdownString(
      `**${this.label}**${names ? `\n\nresourceNames: ${r.kind === "resource" ? r.entry.resourceNames.map((n) => `\`${n}\``).join(", ") : ""}` : ""}\n\nverbs: ${r.entry.verbs.map((v) => `\`${v}\``).join(", ")}`,
    );
    for (const risk of r.risks) md.appendMarkdown(`\n\n$(warning) **${risk.code}**: ${risk.why}`);
    md.supportThemeIcons = true;
    md.appendMarkdown(`\n\nGranted by ${r.entry.sources.length} rule${r.entry.sources.length === 1 ? "" : "s"}.`);
    t.tooltip = md;
    t.contextValue = this.risky ? "resource.risky" : "resource";
    return t;
  }

  children(): PermNode[] {
    return this.ref.entry.verbs.map((v) => new VerbNode(this, v, verbRisks(v, this.ref.risks), this.ref.entry.sources));
  }
}
