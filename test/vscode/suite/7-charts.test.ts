// A Helm chart template in the real editor: diagnostics at the template's own lines, hover and completion
// inside it (the template is read in place; no helm needed).
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import { api, position, setSetting, waitForDiagnostics } from "./helpers";

/** A template of the core tests' fixtures (test/fixtures/templates), from the repository this suite runs in. */
const TEMPLATE = fs.readFileSync(path.resolve(__dirname, "..", "..", "..", "..", "test", "fixtures", "templates", "scalars.yaml"), "utf8");

describe("Helm chart templates", () => {
  let doc: vscode.TextDocument;

  before(async () => {
    await api();
    // In place only, whatever helm the machine has (8-chart-render.test.ts renders charts).
    await setSetting("render.enabled", false);
    const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const dir = path.join(root, "charts", "demo", "templates");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(root, "charts", "demo", "Chart.yaml"), "apiVersion: v2\nname: demo\nversion: 0.1.0\n");
    fs.writeFileSync(path.join(dir, "role.yaml"), TEMPLATE);
    doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(dir, "role.yaml")));
    await vscode.window.showTextDocument(doc);
  });

  after(() => setSetting("render.enabled", undefined));

  it("reports the singular resource at its template line, and nothing on templated values", async () => {
    const code = (d: vscode.Diagnostic) => (typeof d.code === "object" ? d.code.value : d.code);
    const diags = await waitForDiagnostics(
      doc.uri,
      (d) => d.some((x) => code(x) === "unknown-resource"),
      "unknown-resource in the template",
    );
    assert.deepEqual(
      diags.map((d) => [code(d), d.range.start.line, d.range.start.character, doc.getText(d.range)]),
      [["unknown-resource", 9, 16, '"pod"']],
    );
  });

  it("hovers a rule of the template in plain English", async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", doc.uri, position(doc, "verbs:", 2));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === "string" ? c : "value" in c ? c.value : ""))).join("\n");
    assert.match(text, /^Allows get and \{\{…\}\} on \{\{…\}\} in namespace \{\{…\}\}\. "pod" is not a resource of the core group/m);
  });

  it("completes verbs inside the template", async () => {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      "vscode.executeCompletionItemProvider",
      doc.uri,
      position(doc, '["get", "{{ .Values.verb }}"]', 1),
    );
    const labels = list.items.map((i) => (typeof i.label === "string" ? i.label : i.label.label));
    for (const v of ["list", "watch", "create"])
      assert.ok(labels.includes(v), `completion offers ${v}; got ${labels.slice(0, 20).join(", ")}`);
  });
});
