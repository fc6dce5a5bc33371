// Commands the language server's code actions run on the client ("Disable <code> in settings").
import * as vscode from "vscode";

export function registerSettingsCommands(): vscode.Disposable {
  return vscode.commands.registerCommand("kubeRbac.disableCheck", async (code?: string) => {
    if (typeof code !== "string" || code === "") return;
    const cfg = vscode.workspace.getConfiguration("kubeRbac");
    const current = cfg.get<string[]>("disabledChecks") ?? [];
    if (current.includes(code)) return;
    const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await cfg.update("disabledChecks", [...current, code], target);
  });
}
