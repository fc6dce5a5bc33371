// Helpers for the in-editor tests: the extension's API, waiting for events (never sleeping), and
// walking the permissions tree through its provider the way the view does.
import * as fs from "node:fs";
import * as vscode from "vscode";
import type { ExtensionApi } from "../../../client/api";
import type { ModelState } from "../../../client/cluster/model-state";
import type { PermNode } from "../../../client/tree/node";

export const EXTENSION_ID = "kube-rbac.kube-rbac";

export async function api(): Promise<ExtensionApi> {
  const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not installed`);
  const extApi = ext.isActive ? ext.exports : await ext.activate();
  await extApi.ready;
  return extApi;
}

/** Resolves with the first value of `event` satisfying `pred` (or the current value if it already does). */
export function waitFor<T>(
  event: vscode.Event<T>,
  pred: (v: T) => boolean,
  what: string,
  timeoutMs = 45_000,
  current?: () => T | undefined,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const now = current?.();
    if (now !== undefined && pred(now)) return resolve(now);
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    const sub = event((v) => {
      if (pred(v)) {
        clearTimeout(timer);
        sub.dispose();
        resolve(v);
      }
    });
  });
}

export function waitForState(a: ExtensionApi, pred: (s: ModelState) => boolean, what: string, timeoutMs?: number): Promise<ModelState> {
  return waitFor(a.model.onDidChange, pred, what, timeoutMs, () => a.model.state);
}

export function waitForDiagnostics(
  uri: vscode.Uri,
  pred: (d: readonly vscode.Diagnostic[]) => boolean,
  what: string,
): Promise<readonly vscode.Diagnostic[]> {
  return waitFor(
    vscode.languages.onDidChangeDiagnostics,
    (e) => e.uris.some((u) => u.toString() === uri.toString()) && pred(vscode.languages.getDiagnostics(uri)),
    what,
    45_000,
    () => (pred(vscode.languages.getDiagnostics(uri)) ? { uris: [uri] } : undefined),
  ).then(() => vscode.languages.getDiagnostics(uri));
}

export function label(n: PermNode): string {
  const l = n.treeItem().label;
  return typeof l === "string" ? l : (l?.label ?? "");
}

/** Follows a path of labels from the roots (exact match; "*" matches any). */
export function walk(a: ExtensionApi, ...labels: string[]): PermNode {
  let nodes = a.tree.getChildren();
  let found: PermNode | undefined;
  for (const l of labels) {
    found = nodes.find((n) => l === "*" || label(n) === l);
    if (!found) throw new Error(`no tree node "${l}" among: ${nodes.map(label).join(", ")}`);
    nodes = a.tree.getChildren(found);
  }
  if (!found) throw new Error("empty path");
  return found;
}

export function childLabels(a: ExtensionApi, n?: PermNode): string[] {
  return a.tree.getChildren(n).map(label);
}

export function position(doc: vscode.TextDocument, needle: string, offsetInNeedle = 0): vscode.Position {
  const i = doc.getText().indexOf(needle);
  if (i < 0) throw new Error(`"${needle}" not in ${doc.uri.toString()}`);
  return doc.positionAt(i + offsetInNeedle);
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration("kubeRbac").update(key, value, vscode.ConfigurationTarget.Global);
}

/**
 * Credentials the suite hands to the extension. The runner (test/vscode/run-code-server.mjs) searches
 * the editor's logs and output channels for each of them after the suite, and fails if one is there.
 */
export function recordSecrets(...values: (string | undefined)[]): void {
  const file = process.env.KUBE_RBAC_TEST_SECRETS;
  if (!file) return;
  for (const v of values) if (v && v.length >= 8) fs.appendFileSync(file, `${JSON.stringify(v)}\n`);
}

/** A kubeconfig user's secrets as they could leak: token, key data (base64 and each line of its PEM). */
export function userSecrets(user: Record<string, unknown>, dir: string): string[] {
  const out: string[] = [];
  const token = user.token;
  if (typeof token === "string") out.push(token);
  let pem: string | undefined;
  const keyData = user["client-key-data"];
  if (typeof keyData === "string") {
    out.push(keyData);
    pem = Buffer.from(keyData, "base64").toString("utf8");
  } else if (typeof user["client-key"] === "string") {
    const keyFile = user["client-key"];
    pem = fs.readFileSync(keyFile.startsWith("/") ? keyFile : `${dir}/${keyFile}`, "utf8");
  }
  for (const line of pem?.split(/\r?\n/) ?? []) if (line.length >= 40 && !line.startsWith("-----")) out.push(line);
  return out;
}
