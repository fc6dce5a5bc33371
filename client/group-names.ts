// Display names of groups that identity providers name by id (Entra ID group object ids): from the
// `kubeRbac.tree.groupNames` setting, then from `.kube-rbac/group-names.yaml` in a workspace folder
// (a map `<id>: <name>`, committed with the manifests). The tree shows the id with its name.
import * as vscode from "vscode";
import { parse } from "yaml";

export const GROUP_NAMES_FILE = ".kube-rbac/group-names.yaml";

/** A `<id>: <name>` map from untrusted input: only string keys with non-empty string values. */
export function namesFrom(raw: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return out;
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) if (typeof v === "string" && v.trim() !== "") out.set(k, v.trim());
  return out;
}

export class GroupNames implements vscode.Disposable {
  private names = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subs: vscode.Disposable[];

  constructor(private readonly setting: () => unknown) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${GROUP_NAMES_FILE}`);
    const reload = () => void this.reload();
    this.subs = [watcher, watcher.onDidChange(reload), watcher.onDidCreate(reload), watcher.onDidDelete(reload), this.changed];
  }

  get(): ReadonlyMap<string, string> {
    return this.names;
  }

  async reload(): Promise<void> {
    const next = new Map<string, string>();
    for (const f of vscode.workspace.workspaceFolders ?? []) {
      const uri = vscode.Uri.joinPath(f.uri, GROUP_NAMES_FILE);
      const text = await vscode.workspace.fs.readFile(uri).then(
        (b) => Buffer.from(b).toString("utf8"),
        () => undefined,
      );
      if (text === undefined) continue;
      try {
        for (const [k, v] of namesFrom(parse(text))) next.set(k, v);
      } catch {
        // A broken names file only loses the names; the tree keeps the ids.
      }
    }
    for (const [k, v] of namesFrom(this.setting())) next.set(k, v);
    this.names = next;
    this.changed.fire();
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
  }
}
