// Opens where a permission comes from: the rule of the role, or the binding, in the workspace file that
// defines it, or else the cluster's object read-only (protocol/clusterObjectUri).
import * as vscode from "vscode";
import { clusterObjectUri } from "../../protocol/index";
import { Provenance } from "../../core/effective";
import { RoleObject, BindingObject } from "../../core/model";
import { ProvenanceNode } from "../tree/provenance-node";

/** Returns the URI of the document it opened. */
export async function openSource(node: ProvenanceNode | Provenance | undefined, which: "role" | "binding"): Promise<string | undefined> {
  const p = node instanceof ProvenanceNode ? node.provenance : node;
  if (!p) return undefined;
  const obj: RoleObject | BindingObject = which === "role" ? p.role : p.binding;
  const ns = obj.kind === "Role" || obj.kind === "RoleBinding" ? obj.metadata.namespace || p.bindingNamespace : "";
  if (obj.source) {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(obj.source.file));
    const span =
      which === "role" && obj.kind.endsWith("Role") ? (obj.source.valueSpan(["rules", p.ruleIndex]) ?? obj.source.span) : obj.source.span;
    const editor = await vscode.window.showTextDocument(doc, { preview: true });
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
  await vscode.window.showTextDocument(doc, { preview: true });
  return uri.toString();
}
