// What `activate` returns: handles for the in-editor tests (and other extensions) to observe the state
// without scraping the UI. Not a stable public API.
import type * as vscode from "vscode";
import type { ClusterModel } from "./cluster/model";
import type { RbacLanguageClient } from "./language-client";
import type { ResultView } from "./results/view";
import type { ContextStatusBar } from "./status-bar";
import type { PermNode } from "./tree/node";
import type { PermissionsTreeProvider } from "./tree/provider";

export interface ExtensionApi {
  readonly model: ClusterModel;
  readonly tree: PermissionsTreeProvider;
  readonly view: vscode.TreeView<PermNode>;
  readonly lsp: RbacLanguageClient;
  readonly status: ContextStatusBar;
  /** The result view (who can, can I, permissions, what-if, can I apply). */
  readonly results: ResultView;
  /** Resolves once the first state is loaded and the language server runs. */
  readonly ready: Promise<void>;
}
