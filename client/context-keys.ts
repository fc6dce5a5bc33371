// Context keys the welcome views and menus depend on (package.json `when` clauses).
import * as vscode from "vscode";
import { ClusterModel } from "./cluster/model";

export function registerContextKeys(model: ClusterModel): vscode.Disposable {
  const apply = () => {
    const s = model.state;
    void vscode.commands.executeCommand("setContext", "kubeRbac.state", s.kind);
    void vscode.commands.executeCommand("setContext", "kubeRbac.whatIf", model.whatIf);
    void vscode.commands.executeCommand(
      "setContext",
      "kubeRbac.nothingVisible",
      s.kind === "ready" && !s.snapshot.complete && s.snapshot.objects.length === 0 && !s.snapshot.ownRulesByNamespace?.length,
    );
  };
  apply();
  return model.onDidChange(apply);
}
