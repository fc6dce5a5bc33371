// The workspace's RBAC manifests (open documents first, so unsaved edits count), for the what-if overlay,
// read as the check pipeline reads them (the reader chosen per file).
import * as vscode from "vscode";
import { RbacObject } from "../core/model";
import { CheckService } from "../core/service/check-service";

export async function workspaceObjects(maxFiles = 5000): Promise<{ objects: RbacObject[]; files: number }> {
  const uris = await vscode.workspace.findFiles("**/*.{yaml,yml}", "**/{node_modules,.git}/**", maxFiles);
  const open = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d]));
  const objects: RbacObject[] = [];
  let files = 0;
  const reader = new CheckService();
  for (const uri of uris) {
    const doc = open.get(uri.toString());
    const text = doc ? doc.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    const parsed = reader.parse(text, uri.toString());
    // Read once: nothing of the file is kept for a next read.
    reader.forgetFile(uri.toString());
    if (parsed.templated || parsed.objects.length === 0) continue;
    files++;
    objects.push(...parsed.objects);
  }
  return { objects, files };
}
