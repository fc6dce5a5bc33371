// Entry point of the kube-rbac extension (bundled by esbuild into dist/client.js). The client is thin:
// it starts the language server, owns the cluster model (kubeconfig, live snapshot, offline snapshot,
// what-if), and renders it as the Effective Permissions tree, a status bar item and welcome views.
import * as vscode from "vscode";
import { ClusterModel } from "./cluster/model";
import { ClientConfig } from "./config";
import { registerContextCommands } from "./commands/context";
import { CommandDeps } from "./commands/deps";
import { openProvenance } from "./commands/open-source";
import { registerWalkthroughCommands } from "./commands/walkthrough";
import { ResultView } from "./results/view";
import { GroupNames } from "./group-names";
import { registerQueryCommands } from "./commands/queries";
import { registerSettingsCommands } from "./commands/settings";
import { registerTreeCommands } from "./commands/tree";
import { registerWhatIfCommands } from "./commands/what-if";
import { registerContextKeys } from "./context-keys";
import { ClusterObjectDocuments } from "./documents";
import { RbacLanguageClient } from "./language-client";
import { StaleTicker } from "./cluster/stale-ticker";
import { ContextStatusBar } from "./status-bar";
import { PermissionsTreeProvider } from "./tree/provider";
import { workspaceObjects } from "./workspace-objects";
import { ExtensionApi } from "./api";
import { AuditLogUsage } from "./audit-log";

// Returns at once: the cluster and the language server start in the background (`ready` settles when both have).
export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const log = vscode.window.createOutputChannel("kube-rbac", { log: true });
  const config = () => ClientConfig.from((key) => vscode.workspace.getConfiguration("kubeRbac").get(key));
  // The language server renders the charts; it is made below, after the model that the client reads.
  let lsp: RbacLanguageClient | undefined;
  const model = new ClusterModel({
    extensionPath: context.extensionPath,
    log,
    config,
    workspaceObjects: () => workspaceObjects(() => lsp?.renderedObjects() ?? Promise.resolve(undefined)),
    isTrusted: () => vscode.workspace.isTrusted,
    workspaceRoot: () => vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
  });
  const groupNames = new GroupNames(() => vscode.workspace.getConfiguration("kubeRbac").get("tree.groupNames"));
  const auditLog = new AuditLogUsage((line) => log.warn(line));
  const tree = new PermissionsTreeProvider(
    model,
    () => config().treePageSize,
    () => groupNames.get(),
    () => auditLog.usage,
  );
  const view = vscode.window.createTreeView("kubeRbac.permissions", { treeDataProvider: tree, showCollapseAll: true });
  lsp = new RbacLanguageClient(context.extensionPath, log, model);
  const results = new ResultView(openProvenance);
  const deps: CommandDeps = { model, tree, view, lsp, log, results, groupNames: () => groupNames.get() };
  const status = new ContextStatusBar(model);
  context.subscriptions.push(
    log,
    model,
    groupNames,
    groupNames.onDidChange(() => tree.refresh()),
    auditLog,
    auditLog.onDidChange(() => tree.refresh()),
    tree,
    view,
    lsp,
    results,
    status,
    new StaleTicker(model, () => {
      status.refresh();
      tree.refresh(0);
    }),
    registerContextKeys(model),
    new ClusterObjectDocuments(model, lsp),
    registerTreeCommands(deps),
    registerQueryCommands(deps),
    registerContextCommands(deps),
    registerWhatIfCommands(deps),
    registerSettingsCommands(),
    registerWalkthroughCommands(context.extensionPath),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (["kubeconfig", "context", "snapshotFile", "cluster"].some((k) => e.affectsConfiguration(`kubeRbac.${k}`))) void model.reload();
      else if (e.affectsConfiguration("kubeRbac.tree.groupNames")) void groupNames.reload();
      else if (e.affectsConfiguration("kubeRbac.tree")) tree.refresh();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void model.reload()),
    vscode.workspace.onDidSaveTextDocument((d) => d.languageId === "yaml" && void model.refreshOverlay()),
  );
  const started = Promise.all([
    model.reload(),
    groupNames.reload(),
    lsp.start().catch((e: unknown) => log.error(`The language server did not start: ${e instanceof Error ? e.message : String(e)}`)),
  ]);
  void started.then(() => log.info("kube-rbac activated"));
  return { model, tree, view, lsp, status, results, ready: started.then(() => undefined) };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
