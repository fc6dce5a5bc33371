// The status bar item: the context (and namespace) the permissions come from; click to switch.
import * as vscode from "vscode";
import { describeHealth, formatAge } from "../cluster";
import { ClusterModel } from "./cluster/model";
import { ModelState } from "./cluster/model-state";

export class ContextStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("kubeRbac.context", vscode.StatusBarAlignment.Left, 50);
  private readonly sub: vscode.Disposable;
  private readonly model: ClusterModel;

  constructor(model: ClusterModel) {
    this.item.name = "kube-rbac context";
    this.item.command = "kubeRbac.switchContext";
    this.render(model.state);
    this.sub = model.onDidChange((s) => this.render(s));
    this.model = model;
    this.item.show();
  }

  get text(): string {
    return this.item.text;
  }

  get tooltip(): string {
    return typeof this.item.tooltip === "string" ? this.item.tooltip : "";
  }

  /** Re-render the current state (the age of stale data grows). */
  refresh(): void {
    this.render(this.model.state);
  }

  private render(s: ModelState): void {
    switch (s.kind) {
      case "ready":
        this.item.text =
          s.source === "cluster" ? `$(server-environment) ${s.label}${s.namespace ? ` (${s.namespace})` : ""}` : `$(file) ${s.label}`;
        this.item.tooltip = `kube-rbac: permissions from ${s.source === "cluster" ? `context ${s.label}` : s.label}${s.snapshot.complete ? "" : " (incomplete)"}${s.whatIf ? " + workspace (what-if)" : ""}. Click to switch context.`;
        this.item.backgroundColor = s.whatIf ? new vscode.ThemeColor("statusBarItem.warningBackground") : undefined;
        if (s.health && s.health.state !== "live") {
          const now = Date.now();
          this.item.text = `$(warning) ${this.item.text.replace(/^\$\([^)]*\) /, "")} — stale ${formatAge(now - s.health.since)}`;
          this.item.tooltip = `kube-rbac: ${describeHealth(s.health, now)}. Showing the data as of ${new Date(s.health.since).toLocaleTimeString()}. Click to switch context.`;
          this.item.backgroundColor = new vscode.ThemeColor("statusBarItem.warningBackground");
        }
        break;
      case "loading":
        this.item.text = `$(sync~spin) ${s.label}`;
        this.item.tooltip = "kube-rbac: connecting…";
        this.item.backgroundColor = undefined;
        break;
      case "error":
        this.item.text = `$(error) ${s.label || "kube-rbac"}`;
        this.item.tooltip = s.message;
        this.item.backgroundColor = new vscode.ThemeColor("statusBarItem.errorBackground");
        break;
      default:
        this.item.text = "$(server-environment) no cluster";
        this.item.tooltip = s.kind === "untrusted" ? "Cluster access is off in untrusted workspaces." : "kube-rbac: no cluster";
        this.item.backgroundColor = undefined;
    }
  }

  dispose(): void {
    this.sub.dispose();
    this.item.dispose();
  }
}
