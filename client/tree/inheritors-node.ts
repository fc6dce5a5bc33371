// Under an implicit group: the listed subjects that belong to it without being put there.
import * as vscode from "vscode";
import { item, PermNode } from "./node";
import { SubjectRef } from "./subjects";

export class InheritorsNode implements PermNode {
  readonly id: string;
  constructor(
    readonly parent: PermNode,
    private readonly heirs: readonly SubjectRef[],
    /** The heirs' nodes (the subject node's module makes them: a subject node is their ancestor). */
    private readonly subjectNodes: (parent: PermNode) => PermNode[],
  ) {
    this.id = `${parent.id}/inheritors`;
  }

  treeItem(): vscode.TreeItem {
    const t = item(this, "Inherited by", true);
    t.description = `${this.heirs.length} subject${this.heirs.length === 1 ? "" : "s"}`;
    t.iconPath = new vscode.ThemeIcon("references");
    t.tooltip = "Subjects of this snapshot that belong to this group implicitly (the API server adds it to their identity).";
    t.contextValue = "inheritors";
    return t;
  }

  children(): PermNode[] {
    return this.subjectNodes(this).map((n) => Object.assign(n, { id: `${this.id}/${n.id}` }));
  }
}
