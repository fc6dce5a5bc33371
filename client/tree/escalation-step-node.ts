// One step of a subject's escalation path (or the grant it ends with): what it does, the permissions it
// uses, whom it becomes; its children are the binding → role → rule of each permission (clicking opens it).
import * as vscode from "vscode";
import { MessageNode } from "./message-node";
import { item, PermNode } from "./node";
import { ProvenanceNode } from "./provenance-node";
import type { UseView } from "./escalation";

export interface StepView {
  readonly label: string;
  /** Shown beside the label instead of "→ whom it becomes". */
  readonly description?: string;
  readonly becomes: string;
  readonly potential: boolean;
  readonly uses: readonly UseView[];
  /** The first step is taken by the tree's subject itself; later ones by whom the path made it. */
  readonly bySubject: boolean;
}

export class EscalationStepNode implements PermNode {
  readonly id: string;
  constructor(
    readonly parent: PermNode,
    private readonly view: StepView,
    index: number,
  ) {
    this.id = `${parent.id}/step:${index}`;
  }

  treeItem(): vscode.TreeItem {
    const v = this.view;
    const t = item(
      this,
      v.label,
      v.uses.some((u) => u.provenance),
    );
    t.description = v.description ?? `→ ${v.becomes}${v.potential ? " (possible)" : ""}`;
    t.iconPath = new vscode.ThemeIcon(v.becomes ? "arrow-right" : "key");
    const md = new vscode.MarkdownString();
    md.appendText(v.label);
    for (const u of v.uses) md.appendMarkdown(`\n\n- `).appendText(`${u.permission}: ${u.source}`);
    if (v.becomes) md.appendMarkdown("\n\n").appendText(`Becomes ${v.becomes}.`);
    if (v.potential)
      md.appendMarkdown("\n\n").appendText("Possible, not certain: it depends on pods or Secrets that RBAC objects do not show.");
    t.tooltip = md;
    t.contextValue = "escalationStep";
    return t;
  }

  children(): PermNode[] {
    // A permission gained in an earlier step (or the superuser group) has no binding to open: the tooltip names it.
    if (!this.view.uses.some((u) => u.provenance)) return [];
    return this.view.uses.map((u, i) =>
      u.provenance
        ? new ProvenanceNode(this, u.provenance, i, this.view.bySubject ? undefined : "any", u.permission)
        : new MessageNode(`${this.id}/use:${i}`, this, `${u.permission}: ${u.source}`, "info"),
    );
  }
}
