// The commands behind the "Get started" walkthrough: open an example manifest (the workspace's own, else
// the one shipped with the extension) and put the cursor on its first typo with the quick fixes open.
import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";

const EXAMPLE = "team-a.yaml";

/** The example manifest: the workspace's copy when it has one (the demo), else the extension's. */
function exampleUri(extensionPath: string): vscode.Uri {
  for (const f of vscode.workspace.workspaceFolders ?? []) {
    const candidate = vscode.Uri.joinPath(f.uri, EXAMPLE);
    if (f.uri.scheme === "file" && fs.existsSync(candidate.fsPath)) return candidate;
  }
  return vscode.Uri.file(path.join(extensionPath, "examples", "workspace", EXAMPLE));
}

export function registerWalkthroughCommands(extensionPath: string): vscode.Disposable {
  const openExample = async () => {
    const doc = await vscode.workspace.openTextDocument(exampleUri(extensionPath));
    await vscode.window.showTextDocument(doc, { preview: false });
    return doc.uri.toString();
  };

  /** Moves to the first kube-rbac finding of the example (waiting for the diagnostics) and opens its quick fixes. */
  const showTypo = async () => {
    const uri = vscode.Uri.parse(await openExample());
    const first = () => vscode.languages.getDiagnostics(uri).find((d) => d.source === "kube-rbac");
    const d =
      first() ??
      (await new Promise<vscode.Diagnostic | undefined>((resolve) => {
        const sub = vscode.languages.onDidChangeDiagnostics((e) => {
          if (!e.uris.some((u) => u.toString() === uri.toString()) || !first()) return;
          sub.dispose();
          resolve(first());
        });
      }));
    const editor = vscode.window.activeTextEditor;
    if (!d || !editor) return undefined;
    editor.selection = new vscode.Selection(d.range.start, d.range.start);
    editor.revealRange(d.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    await vscode.commands.executeCommand("editor.action.quickFix");
    return { line: d.range.start.line, code: String(typeof d.code === "object" ? d.code.value : d.code), message: d.message };
  };

  return vscode.Disposable.from(
    vscode.commands.registerCommand("kubeRbac.walkthrough.openExample", openExample),
    vscode.commands.registerCommand("kubeRbac.walkthrough.showTypo", showTypo),
  );
}
