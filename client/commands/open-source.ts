// Opens where a permission comes from: the binding, the role, or the rule inside the role, in its
// workspace file or as the read-only cluster object.
import * as vscode from "vscode";
import { clusterObjectUri } from "../../protocol/index";
import type { Provenance } from "../../core/effective";
import type { BindingObject, RoleObject } from "../../core/model";

export async function openProvenance(p: Provenance, which: "binding" | "role" | "rule"): Promise<string> {
  const obj: RoleObject | BindingObject = which === "binding" ? p.binding : p.role;
  const ns = obj.kind === "Role" || obj.kind === "RoleBinding" ? obj.metadata.namespace || p.bindingNamespace : "";
  if (obj.source) {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(obj.source.file));
    const span = which === "rule" ? (obj.source.valueSpan(["rules", p.ruleIndex]) ?? obj.source.span) : obj.source.span;
    const editor = await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
    editor.selection = new vscode.Selection(doc.positionAt(span.start), doc.positionAt(span.start));
    editor.revealRange(
      new vscode.Range(doc.positionAt(span.start), doc.positionAt(span.end)),
      vscode.TextEditorRevealType.InCenterIfOutsideViewport,
    );
    return doc.uri.toString();
  }
  const uri = vscode.Uri.parse(clusterObjectUri(obj.kind, ns, obj.metadata.name));
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.languages.setTextDocumentLanguage(doc, "yaml");
  await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  return uri.toString();
}
