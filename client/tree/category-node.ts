// Top level: Users, Groups, Service Accounts. Children are paged (a cluster may name 10,000 subjects);
// the filter narrows them.
import * as vscode from "vscode";
import { item, PermNode, TreeContext } from "./node";
import { NamespaceNode } from "./namespace-node";
import { page } from "./paging";
import { pageSubjects } from "./subject-node";
import { matchesFilter, SubjectLists } from "./subjects";

export type Category = "User" | "Group" | "ServiceAccount";

const LABEL: Record<Category, string> = { User: "Users", Group: "Groups", ServiceAccount: "Service Accounts" };
const ICON: Record<Category, string> = { User: "person", Group: "organization", ServiceAccount: "robot" };

export class CategoryNode implements PermNode {
  readonly id: string;
  readonly parent = undefined;
  constructor(
    private readonly ctx: TreeContext,
    private readonly lists: SubjectLists,
    readonly category: Category,
  ) {
    this.id = `cat:${category}`;
  }

  private count(): number {
    if (this.category === "ServiceAccount") {
      if (this.ctx.filter === "") return this.lists.serviceAccountCount;
      let n = 0;
      for (const l of this.lists.serviceAccounts.values()) n += l.filter((s) => matchesFilter(s, this.ctx.filter)).length;
      return n;
    }
    return (this.category === "User" ? this.lists.users : this.lists.groups).filter((s) => matchesFilter(s, this.ctx.filter)).length;
  }

  treeItem(): vscode.TreeItem {
    const t = item(this, LABEL[this.category], true, this.category !== "ServiceAccount");
    t.description = String(this.count());
    t.iconPath = new vscode.ThemeIcon(ICON[this.category]);
    t.contextValue = "category";
    return t;
  }

  children(): PermNode[] {
    if (this.category === "ServiceAccount") {
      const out: PermNode[] = [];
      for (const [ns, list] of this.lists.serviceAccounts) {
        const shown = list.filter((s) => matchesFilter(s, this.ctx.filter));
        if (shown.length > 0) out.push(new NamespaceNode(this.ctx, this.lists, this, ns, shown));
      }
      return page(this.ctx, this, out, "namespaces");
    }
    const list = (this.category === "User" ? this.lists.users : this.lists.groups).filter((s) => matchesFilter(s, this.ctx.filter));
    return pageSubjects(this.ctx, this.lists, this, list);
  }
}
