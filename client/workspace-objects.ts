// The workspace's RBAC manifests (open documents first, so unsaved edits count), for the what-if overlay,
// read as the check pipeline reads them (the reader chosen per file); and the objects of its Helm charts
// and kustomizations as the language server rendered them (kubeRbac/renderedObjects), each marked with
// the file it was written in. A plain file that a rendered project already holds is not counted twice.
import * as vscode from "vscode";
import { RbacObject } from "../core/model";
import { CheckService } from "../core/service/check-service";
import type { RenderedObjectsResult } from "../protocol/index";

export interface WorkspaceObjects {
  readonly objects: RbacObject[];
  /** Plain manifest files read. */
  readonly files: number;
  /** Charts and kustomizations rendered. */
  readonly projects: number;
  /** Charts and kustomizations left out, with why. */
  readonly failures: readonly string[];
}

export async function workspaceObjects(
  rendered: () => Promise<RenderedObjectsResult | undefined> = () => Promise.resolve(undefined),
  maxFiles = 5000,
): Promise<WorkspaceObjects> {
  const fromProjects = await rendered().catch(() => undefined);
  const projectFiles = new Set((fromProjects?.objects ?? []).flatMap((o) => (o.file ? [o.file] : [])));
  const uris = await vscode.workspace.findFiles("**/*.{yaml,yml}", "**/{node_modules,.git}/**", maxFiles);
  const open = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d]));
  const objects: RbacObject[] = [];
  let files = 0;
  const reader = new CheckService();
  for (const uri of uris) {
    if (projectFiles.has(uri.toString())) continue;
    const doc = open.get(uri.toString());
    const text = doc ? doc.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    const parsed = reader.parse(text, uri.toString());
    // Read once: nothing of the file is kept for a next read.
    reader.forgetFile(uri.toString());
    if (parsed.templated || parsed.objects.length === 0) continue;
    files++;
    objects.push(...parsed.objects);
  }
  for (const o of fromProjects?.objects ?? []) objects.push(o.object);
  return {
    objects,
    files,
    projects: fromProjects?.projects.length ?? 0,
    failures: (fromProjects?.failures ?? []).map((f) => f.message),
  };
}
