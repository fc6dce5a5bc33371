// One verb on a resource; its children say where it comes from.
import * as vscode from "vscode";
import { Provenance } from "../../core/effective";
import { RuleRisk } from "../../core/risk";
import { item, PermNode, warningIcon } from "./node";
import { isDangerousVerb, sourcesFor, verbLabel } from "./permissions";
import { ProvenanceNode } from "./provenance-node";

export class VerbNode implements PermNode {
  readonly id: string;
  constructor(
    readonly parent: PermNode,
    readonly verb: string,
    readonly risks: readonly RuleRisk[],
    private readonly sources: readonly Provenance[],
    /** True when audit logs are configured and no logged request of the subject used this verb. */
    private readonly unused = false,
  ) {
    this.id = `${parent.id}/verb:${verb}`;
  }

  treeItem(): vscode.TreeItem {
    const t = item(this, verbLabel(this.verb), true);
    const risky = this.risks.length > 0 || isDangerousVerb(this.verb);
    // Ordinary verbs in the charts' blue, so they never read as warnings.
    t.iconPath = risky ? warningIcon() : new vscode.ThemeIcon("symbol-event", new vscode.ThemeColor("charts.blue"));
    const srcs = sourcesFor({ sources: this.sources }, this.verb);
    t.description =
      this.risks[0]?.code ?? (isDangerousVerb(this.verb) ? "dangerous verb" : `${srcs.length} source${srcs.length === 1 ? "" : "s"}`);
    if (this.unused) t.description = `${t.description} · unused in audit log`;
    const md = new vscode.MarkdownString();
    md.appendText(verbLabel(this.verb));
    for (const r of this.risks) md.appendMarkdown(`\n\n⚠ **${r.code}**: ${r.why}`);
    if (this.unused) md.appendMarkdown("\n\nNo request of this subject in the audit log used it.");
    t.tooltip = md;
    t.contextValue = risky ? "verb.risky" : "verb";
    return t;
  }

  children(): PermNode[] {
    return sourcesFor({ sources: this.sources }, this.verb).map((p, i) => new ProvenanceNode(this, p, i));
  }
}
