// One (group, resource[/subresource], resourceNames) of a scope — or a non-resource URL — with its verbs.
import * as vscode from "vscode";
import { CompactNonResourceEntry, CompactResourceEntry } from "../../core/effective";
import { RuleRisk } from "../../core/risk";
import { item, PermNode, warningIcon } from "./node";
import { resourceLabel, verbLabel, verbRisks } from "./permissions";
import { VerbNode } from "./verb-node";

export type EntryRef =
  | {
      readonly kind: "resource";
      readonly entry: CompactResourceEntry;
      readonly risks: readonly RuleRisk[];
      /** Why the entry matches no served resource (`there is no API group "core"`); undefined when it may match. */
      readonly unserved?: string;
    }
  | { readonly kind: "url"; readonly entry: CompactNonResourceEntry; readonly risks: readonly RuleRisk[] };

export class ResourceNode implements PermNode {
  readonly id: string;
  constructor(
    readonly parent: PermNode,
    readonly ref: EntryRef,
    /** With an audit log: whether its requests used a verb of this entry. */
    private readonly used?: (verb: string) => boolean,
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
    const unserved = r.kind === "resource" ? r.unserved : undefined;
    const unused = this.used && !unserved ? r.entry.verbs.filter((v) => !this.used!(v)).length : 0;
    const usage = unused === 0 ? "" : unused === r.entry.verbs.length ? " · unused in audit log" : ` · ${unused} unused in audit log`;
    t.description = unserved ? "matches no served resource" : `${r.entry.verbs.map(verbLabel).join(", ")}${names}${usage}`;
    t.iconPath = unserved
      ? new vscode.ThemeIcon("circle-slash", new vscode.ThemeColor("disabledForeground"))
      : this.risky
        ? warningIcon()
        : new vscode.ThemeIcon(r.kind === "url" ? "link" : "symbol-field");
    // Labels are plain words; Markdown would read `*/*` as emphasis, so the heading is escaped.
    const md = new vscode.MarkdownString(unserved ? `Matches no served resource: ${unserved}.\n\n` : "");
    md.appendText(this.label);
    md.appendMarkdown(
      `${names ? `\n\nresourceNames: ${r.kind === "resource" ? r.entry.resourceNames.map((n) => `\`${n}\``).join(", ") : ""}` : ""}\n\nverbs: ${r.entry.verbs.map((v) => `\`${v}\``).join(", ")}`,
    );
    for (const risk of r.risks) md.appendMarkdown(`\n\n$(warning) **${risk.code}**: ${risk.why}`);
    md.supportThemeIcons = true;
    md.appendMarkdown(`\n\nGranted by ${r.entry.sources.length} rule${r.entry.sources.length === 1 ? "" : "s"}.`);
    t.tooltip = md;
    t.contextValue = unserved ? "resource.unserved" : this.risky ? "resource.risky" : "resource";
    return t;
  }

  children(): PermNode[] {
    return this.ref.entry.verbs.map(
      (v) => new VerbNode(this, v, verbRisks(v, this.ref.risks), this.ref.entry.sources, this.used && !this.used(v)),
    );
  }
}
