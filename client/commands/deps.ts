// What the commands work with. Commands are the only place that shows UI.
import * as vscode from "vscode";
import { ClusterModel } from "../cluster/model";
import { ReadyState } from "../cluster/state";
import { RbacLanguageClient } from "../language-client";
import { PermNode } from "../tree/node";
import { PermissionsTreeProvider } from "../tree/provider";

export interface CommandDeps {
  readonly model: ClusterModel;
  readonly tree: PermissionsTreeProvider;
  readonly view: vscode.TreeView<PermNode>;
  readonly lsp: RbacLanguageClient;
  readonly log: vscode.LogOutputChannel;
}

/** The ready state, or a message saying why there is none (undefined then). */
export function readyOrSay(deps: CommandDeps): ReadyState | undefined {
  const s = deps.model.state;
  if (s.kind === "ready") return s;
  void vscode.window.showWarningMessage(
    s.kind === "error"
      ? `kube-rbac: ${s.message}`
      : s.kind === "loading"
        ? "kube-rbac: still loading the cluster's RBAC."
        : "kube-rbac: no cluster or snapshot is loaded.",
  );
  return undefined;
}

/** Opens text in a new untitled editor (Markdown or JSON); returns the document. */
export async function showText(content: string, language: "markdown" | "json"): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument({ language, content });
  await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Active });
  return doc;
}
