// Activation and the language features of an opened manifest, through the real editor commands.
import * as assert from "node:assert/strict";
import * as path from "node:path";
import * as vscode from "vscode";
import { api, EXTENSION_ID, position, waitForDiagnostics } from "./helpers";

function workspaceFile(name: string): vscode.Uri {
  const root = vscode.workspace.workspaceFolders?.[0];
  if (!root) throw new Error("the tests need a workspace folder (a copy of examples/workspace)");
  return vscode.Uri.file(path.join(root.uri.fsPath, name));
}

describe("language features", () => {
  let doc: vscode.TextDocument;

  before(async () => {
    await api();
    doc = await vscode.workspace.openTextDocument(workspaceFile("team-a.yaml"));
    await vscode.window.showTextDocument(doc);
  });

  it("activates on YAML and runs in the real editor", async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    assert.equal(ext.isActive, true);
    // The development folder, or the package installed from the .vsix (run-code-server.mjs --installed).
    const expected = process.env.KUBE_RBAC_TEST_EXTENSION_PATH;
    if (expected !== undefined) assert.equal(path.resolve(ext.extensionPath), path.resolve(expected));
    assert.match(vscode.version, /^1\.\d+\.\d+/);
    const a = await api();
    assert.equal(a.lsp.client.isRunning(), true);
  });

  it("reports diagnostics for the opened file", async () => {
    const diags = await waitForDiagnostics(
      doc.uri,
      (d) => d.some((x) => x.source === "kube-rbac" || /core|pod/.test(x.message)),
      "kube-rbac diagnostics on team-a.yaml",
    );
    const onCore = diags.filter((d) => doc.getText(d.range) === '"core"');
    assert.equal(onCore.length, 1, `a diagnostic on "core"; got ${diags.map((d) => `${doc.getText(d.range)}: ${d.message}`).join(" | ")}`);
    assert.match(onCore[0]!.message, /No API group is called "core"/);
    assert.ok(
      diags.some((d) => /secrets/i.test(d.message)),
      "the risky secrets rule is reported too",
    );
  });

  it("completes verbs through vscode.executeCompletionItemProvider", async () => {
    const pos = position(doc, '["get", "list", "watch"]', 2);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>("vscode.executeCompletionItemProvider", doc.uri, pos);
    const labels = list.items.map((i) => (typeof i.label === "string" ? i.label : i.label.label));
    for (const v of ["create", "delete", "escalate"])
      assert.ok(labels.includes(v), `completion offers ${v}; got ${labels.slice(0, 30).join(", ")}`);
    // Verbs already in the list are not offered again.
    for (const v of ["list", "watch"]) assert.ok(!labels.includes(v), `completion leaves out ${v}`);
  });

  it("explains a rule on hover through vscode.executeHoverProvider", async () => {
    const pos = position(doc, "kind: Role", 7);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", doc.uri, pos);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === "string" ? c : "value" in c ? c.value : ""))).join("\n");
    assert.ok(text.length > 0, "a hover");
    assert.match(text, /developer|team-a|pods/);
  });

  it("applies a quick fix and the diagnostic goes away", async () => {
    const diags = vscode.languages.getDiagnostics(doc.uri);
    const target = diags.find((d) => doc.getText(d.range) === '"core"');
    assert.ok(target, `a diagnostic exactly on "core"; got ${diags.map((d) => JSON.stringify(doc.getText(d.range))).join(", ")}`);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      "vscode.executeCodeActionProvider",
      doc.uri,
      target.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => a.edit && !/^(Suppress|Disable)/.test(a.title));
    assert.ok(fix, `a quick fix for "core"; got ${actions.map((a) => a.title).join(" | ")}`);
    assert.equal(await vscode.workspace.applyEdit(fix.edit!), true);
    assert.ok(!doc.getText().includes('["core"]'), `the fix "${fix.title}" replaced "core"`);
    await waitForDiagnostics(
      doc.uri,
      (d) => !d.some((x) => /No API group is called "core"/.test(x.message)),
      'the diagnostic on "core" to disappear',
    );
    await vscode.commands.executeCommand("workbench.action.files.revert");
  });
});
