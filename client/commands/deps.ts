// What the commands work with. Commands are the only place that shows UI.
import * as vscode from "vscode";
import { ClusterModel } from "../cluster/model";
import { ReadyState } from "../cluster/state";
import { RbacLanguageClient } from "../language-client";
import type { ResultView } from "../results/view";
import { PermNode } from "../tree/node";
import { PermissionsTreeProvider } from "../tree/provider";

export interface CommandDeps {
  readonly model: ClusterModel;
  readonly tree: PermissionsTreeProvider;
  readonly view: vscode.TreeView<PermNode>;
  readonly lsp: RbacLanguageClient;
  readonly log: vscode.LogOutputChannel;
  /** Where answers are shown (a read-only view; never an unsaved document). */
  readonly results: ResultView;
  /** Display names of groups named by id (client/group-names.ts). */
  readonly groupNames: () => ReadonlyMap<string, string>;
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
