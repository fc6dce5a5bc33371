// Switching context: in memory for this window; written to the kubeconfig only when asked ("Save").
import * as vscode from "vscode";
import { CommandDeps } from "./deps";

export interface SwitchArgs {
  readonly context: string;
  readonly save?: boolean;
}

export function registerContextCommands(deps: CommandDeps): vscode.Disposable {
  const switchContext = async (args?: SwitchArgs) => {
    if (args) {
      await deps.model.switchContext(args.context, args.save === true);
      return deps.model.state.kind;
    }
    const { contexts, active } = deps.model.contexts();
    const items: (vscode.QuickPickItem & { ctx?: string; action?: string })[] = contexts.map((c) => ({
      label: `${c.name === active ? "$(check) " : ""}${c.name}`,
      description: `${c.namespace} · ${c.server}`,
      detail: c.current ? "current-context in the kubeconfig" : undefined,
      ctx: c.name,
    }));
    items.push(
      { label: "", kind: vscode.QuickPickItemKind.Separator },
      { label: "$(file) Use a snapshot file…", action: "snapshot" },
      { label: "$(refresh) Reload", action: "reload" },
    );
    const pick = await vscode.window.showQuickPick(items, {
      title: "kube-rbac: context",
      placeHolder: contexts.length ? "Switch context (this window only)" : "No kubeconfig contexts found",
    });
    if (!pick) return undefined;
    if (pick.action === "snapshot") return vscode.commands.executeCommand("kubeRbac.chooseSnapshotFile");
    if (pick.action === "reload" || !pick.ctx) return deps.model.reload();
    await deps.model.switchContext(pick.ctx);
    const save = await vscode.window.showInformationMessage(
      `kube-rbac now uses context ${pick.ctx} in this window. Your kubeconfig is unchanged.`,
      "Save as current-context",
    );
    if (save) {
      const file = await deps.model.switchContext(pick.ctx, true);
      if (file) void vscode.window.showInformationMessage(`current-context set to ${pick.ctx} in ${file}.`);
    }
    return deps.model.state.kind;
  };

  const chooseSnapshot = async () => {
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      filters: { "Snapshot (YAML/JSON)": ["yaml", "yml", "json"] },
      title: "RBAC snapshot (kubectl get roles,clusterroles,rolebindings,clusterrolebindings,serviceaccounts -A -o yaml)",
    });
    if (!picked?.[0]) return;
    await vscode.workspace.getConfiguration("kubeRbac").update("snapshotFile", picked[0].fsPath, vscode.ConfigurationTarget.Workspace);
  };

  return vscode.Disposable.from(
    vscode.commands.registerCommand("kubeRbac.switchContext", switchContext),
    vscode.commands.registerCommand("kubeRbac.chooseSnapshotFile", chooseSnapshot),
    vscode.commands.registerCommand("kubeRbac.refresh", () => deps.model.reload()),
  );
}
