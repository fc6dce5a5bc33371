// A line of text in the tree: an error, a note ("showing the example snapshot"), a gap, "N more".
import * as vscode from "vscode";
import { item, PermNode } from "./node";

export class MessageNode implements PermNode {
  constructor(
    readonly id: string,
    readonly parent: PermNode | undefined,
    private readonly text: string,
    private readonly icon: "info" | "warning" | "error" | "filter" = "info",
    private readonly tooltip?: string,
    private readonly command?: vscode.Command,
  ) {}

  treeItem(): vscode.TreeItem {
    const t = item(this, this.text, false);
    t.iconPath = new vscode.ThemeIcon(
      this.icon,
      this.icon === "warning"
        ? new vscode.ThemeColor("list.warningForeground")
        : this.icon === "error"
          ? new vscode.ThemeColor("list.errorForeground")
          : undefined,
    );
    t.tooltip = this.tooltip ?? this.text;
    t.contextValue = "message";
    if (this.command) t.command = this.command;
    return t;
  }

  children(): PermNode[] {
    return [];
  }
}
