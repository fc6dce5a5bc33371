// The repository configuration (`.kube-rbac.yaml`) in the real editor: the same file `kube-rbac check`
// reads sets the diagnostics of the manifests below it, the editor's settings apply on top, a saved change
// re-checks, and the file's own problems are shown on it.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import { api, waitForDiagnostics } from "./helpers";

/** A Role with a wildcard warning (line 7) and a missing-verbs error (line 8), shared with the other configuration tests. */
const ROLE = fs.readFileSync(path.join(__dirname, "..", "..", "..", "..", "test", "fixtures", "config", "role.yaml"), "utf8");

const SEVERITY = ["error", "warning", "information", "hint"];
/** A diagnostic's code (an object with the docs page's address when the check has one). */
const codeOf = (d: vscode.Diagnostic) => String(typeof d.code === "object" ? d.code.value : d.code);
const summary = (diags: readonly vscode.Diagnostic[]) =>
  diags.filter((d) => d.source === "kube-rbac").map((d) => `${codeOf(d)}@${d.range.start.line + 1}:${SEVERITY[d.severity]}`);
const same = (want: string[]) => (d: readonly vscode.Diagnostic[]) => JSON.stringify(summary(d)) === JSON.stringify(want);

describe("repository configuration", () => {
  let dir: string;
  let config: string;
  let manifest: vscode.Uri;

  before(async () => {
    await api();
    const root = vscode.workspace.workspaceFolders?.[0];
    if (!root) throw new Error("the tests need a workspace folder");
    // A folder of its own: no check has looked for a configuration there before.
    dir = path.join(root.uri.fsPath, "configured");
    fs.mkdirSync(dir, { recursive: true });
    config = path.join(dir, ".kube-rbac.yaml");
    fs.writeFileSync(config, "severity:\n  wildcard: error\ndisabledChecks: [missing-verbs]\n");
    fs.writeFileSync(path.join(dir, "role.yaml"), ROLE);
    manifest = vscode.Uri.file(path.join(dir, "role.yaml"));
  });

  after(async () => {
    await vscode.workspace.getConfiguration("kubeRbac").update("severity", undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
  });

  it("reads the same .kube-rbac.yaml as kube-rbac check", async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(manifest));
    await waitForDiagnostics(manifest, same(["wildcard@7:error"]), "wildcard as an error, missing-verbs off");
  });

  it("applies the editor's settings on top of it", async () => {
    await vscode.workspace.getConfiguration("kubeRbac").update("severity", { wildcard: "hint" }, vscode.ConfigurationTarget.Global);
    await waitForDiagnostics(manifest, same(["wildcard@7:hint"]), "the setting's hint over the file's error");
    await vscode.workspace.getConfiguration("kubeRbac").update("severity", undefined, vscode.ConfigurationTarget.Global);
    await waitForDiagnostics(manifest, same(["wildcard@7:error"]), "the file's error again");
  });

  it("re-checks when the file changes, and shows its problems on it with their lines", async () => {
    fs.writeFileSync(config, "severity:\n  wildcard: information\n  missing-verb: off\n");
    await waitForDiagnostics(manifest, same(["wildcard@7:information", "missing-verbs@8:error"]), "the changed configuration");
    const configUri = vscode.Uri.file(config);
    const problems = await waitForDiagnostics(configUri, (d) => d.length > 0, "the configuration's problem");
    assert.deepEqual(
      problems.map((d) => [d.source, d.range.start.line, d.range.start.character, d.message]),
      [["kube-rbac config", 2, 2, 'unknown check code "missing-verb" (did you mean "missing-verbs"?)']],
    );
  });
});
