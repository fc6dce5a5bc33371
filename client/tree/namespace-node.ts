// A namespace folder under Service Accounts.
import * as vscode from "vscode";
import { item, PermNode, TreeContext } from "./node";
import { pageSubjects } from "./subject-node";
import { SubjectLists, SubjectRef } from "./subjects";

export class NamespaceNode implements PermNode {
  readonly id: string;
  constructor(
    private readonly ctx: TreeContext,
    private readonly lists: SubjectLists,
    readonly parent: PermNode,
    readonly namespace: string,
    private readonly subjects: readonly SubjectRef[],
  ) {
    this.id = `ns:${namespace}`;
  }

  treeItem(): vscode.TreeItem {
    const t = item(this, this.namespace, true);
    t.description = String(this.subjects.length);
    t.iconPath = new vscode.ThemeIcon("symbol-namespace");
    t.contextValue = "namespace";
    return t;
  }

  children(): PermNode[] {
    return pageSubjects(this.ctx, this.lists, this, this.subjects);
  }
}
