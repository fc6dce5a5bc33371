// The shape every node of the permissions tree shares: a stable id (expansion survives refreshes), its
// parent (for reveal), its TreeItem, and lazily computed children. One file per node kind.
import * as vscode from "vscode";
import type { LoggedUsage } from "../../core/audit/grant-usage";
import type { ReadyState } from "../cluster/model-state";

export interface TreeContext {
  readonly state: ReadyState;
  /** Lower-case subject filter; "" = none. */
  readonly filter: string;
  readonly pageSize: number;
  /** Display names of groups named by id (Entra ID object ids). */
  readonly groupNames: ReadonlyMap<string, string>;
  /** Runs `work` in the background, then repaints `node` (background.ts). */
  readonly later: (node: PermNode, work: () => void) => void;
  /** What the configured audit logs show used (`kubeRbac.auditLog`); undefined when none is configured or read. */
  readonly usage?: LoggedUsage;
}

export interface PermNode {
  readonly id: string;
  readonly parent: PermNode | undefined;
  treeItem(): vscode.TreeItem;
  children(): PermNode[];
}

export function item(node: PermNode, label: string | vscode.TreeItemLabel, expandable: boolean, expanded = false): vscode.TreeItem {
  const t = new vscode.TreeItem(
    label,
    expandable
      ? expanded
        ? vscode.TreeItemCollapsibleState.Expanded
        : vscode.TreeItemCollapsibleState.Collapsed
      : vscode.TreeItemCollapsibleState.None,
  );
  t.id = node.id;
  return t;
}

export const warningIcon = (): vscode.ThemeIcon => new vscode.ThemeIcon("warning", new vscode.ThemeColor("list.warningForeground"));
