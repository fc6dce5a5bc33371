// Under an implicit group: the listed subjects that belong to it without being put there.
import * as vscode from "vscode";
import { pageSubjects } from "./category-node";
import { item, PermNode, TreeContext } from "./node";
import { SubjectLists, SubjectRef } from "./subjects";

export class InheritorsNode implements PermNode {
  readonly id: string;
  constructor(
    private readonly ctx: TreeContext,
    private readonly lists: SubjectLists,
    readonly parent: PermNode,
    private readonly heirs: readonly SubjectRef[],
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
    return pageSubjects(this.ctx, this.lists, this, this.heirs).map((n) => Object.assign(n, { id: `${this.id}/${n.id}` }));
  }
}
