// The audit logs `kubeRbac.auditLog` names (relative to the first workspace folder), read for the
// Effective Permissions view, which marks what no logged request used (client/tree/usage.ts). Read again
// when the setting or one of the files changes; a log that cannot be read is logged, and the view then
// marks nothing. (The language server reads the same logs for its unused-grant hints.)
import * as path from "node:path";
import * as vscode from "vscode";
import type { LoggedUsage } from "../core/audit/grant-usage";
import { readLoggedUsage } from "../audit/read-usage";

export class AuditLogUsage implements vscode.Disposable {
  private current: LoggedUsage | undefined;
  private watchers: vscode.Disposable[] = [];
  private readonly subs: vscode.Disposable[];
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a reading completes (or the setting no longer names a log). */
  readonly onDidChange = this.changed.event;
  private generation = 0;

  constructor(private readonly log: (line: string) => void) {
    this.subs = [
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration("kubeRbac.auditLog")) this.reload();
      }),
    ];
    this.reload();
  }

  get usage(): LoggedUsage | undefined {
    return this.current;
  }

  private files(): string[] {
    const raw = vscode.workspace.getConfiguration("kubeRbac").get<unknown>("auditLog");
    const list = (Array.isArray(raw) ? (raw as unknown[]) : [raw]).filter((f): f is string => typeof f === "string" && f.trim() !== "");
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    return list.flatMap((f) => (path.isAbsolute(f) ? [f] : root ? [path.join(root, f)] : []));
  }

  private reload(): void {
    for (const w of this.watchers.splice(0)) w.dispose();
    const files = this.files();
    for (const f of files) {
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(f)), path.basename(f)));
      w.onDidChange(() => void this.read(files));
      w.onDidCreate(() => void this.read(files));
      this.watchers.push(w);
    }
    void this.read(files);
  }

  private async read(files: readonly string[]): Promise<void> {
    const generation = ++this.generation;
    let usage: LoggedUsage | undefined;
    if (files.length > 0)
      try {
        usage = (await readLoggedUsage(files)).usage;
      } catch (e) {
        this.log(`kube-rbac: ${(e as Error).message}`);
      }
    // A newer reading started meanwhile: its result wins.
    if (generation !== this.generation) return;
    this.current = usage;
    this.changed.fire();
  }

  dispose(): void {
    for (const d of [...this.watchers.splice(0), ...this.subs]) d.dispose();
    this.changed.dispose();
  }
}
