// A real chart (metrics-server, from the corpus) rendered with the real helm in the editor: a mistake that
// only the rendered chart shows is reported on its template line; hover and completion work in the
// template; a quick fix on a rendered finding edits a template's literal; the chart is rendered again
// when a template changes on disk, and its findings go when it is deleted; and the Effective Permissions
// view's what-if overlay holds the chart's rendered objects, and Who can…? answers over them.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import { api, position, setSetting, waitForDiagnostics, waitForState } from "./helpers";

const REPO = path.resolve(__dirname, "..", "..", "..", "..");
const CHART = path.join(REPO, "..", "shared", "corpus", "charts", "metrics-server");

/** The pinned helm and kustomize that `npm run build:tools` builds into .cache/tools (the chart tests need them). */
function tools(): { helm: string; kustomize: string } {
  const dir = path.join(REPO, ".cache", "tools");
  const find = (name: string) => {
    const file = fs.existsSync(dir) ? fs.readdirSync(dir).find((f) => f.startsWith(`${name}-v`)) : undefined;
    if (!file) throw new Error(`no ${name} in ${dir}: run npm run build:tools`);
    return path.join(dir, file);
  };
  return { helm: find("helm"), kustomize: find("kustomize") };
}

const code = (d: vscode.Diagnostic) => String(typeof d.code === "object" ? d.code.value : d.code);

describe("Helm charts rendered in the editor", function () {
  this.timeout(120_000);
  let chart: string | undefined;
  let binding: vscode.TextDocument;

  before(async () => {
    const a = await api();
    const bins = tools();
    await setSetting("helm.path", bins.helm);
    await setSetting("kustomize.path", bins.kustomize);
    // A copy of the corpus chart in the test workspace, with a roleRef to a ClusterRole the chart does not make.
    const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const dir = (chart = path.join(root, "rendered", "metrics-server"));
    fs.cpSync(CHART, dir, { recursive: true });
    const file = path.join(dir, "templates", "clusterrolebinding.yaml");
    const text = fs.readFileSync(file, "utf8");
    fs.writeFileSync(
      file,
      text.replace(
        '  name: system:{{ template "metrics-server.fullname" . }}',
        '  name: {{ template "metrics-server.fullname" . }}-reader',
      ),
    );
    binding = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(binding);
    await waitForState(a, (s) => s.kind === "ready", "the example snapshot");
  });

  after(async () => {
    const a = await api();
    if (a.model.whatIf) await a.model.setWhatIf(false);
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
    await setSetting("helm.path", undefined);
    await setSetting("kustomize.path", undefined);
    if (chart) fs.rmSync(path.dirname(chart), { recursive: true, force: true });
  });

  it("reports the roleRef that only the rendered chart shows, on its template line", async () => {
    const diags = await waitForDiagnostics(
      binding.uri,
      (d) => d.some((x) => code(x) === "role-not-found"),
      "role-not-found from the render",
    );
    const found = diags.find((x) => code(x) === "role-not-found")!;
    assert.equal(found.range.start.line, 10);
    assert.equal(binding.lineAt(10).text, '  name: {{ template "metrics-server.fullname" . }}-reader');
    assert.match(
      found.message,
      /^No ClusterRole "release-name-metrics-server-reader" exists in the workspace: .* \(rendered with values\.yaml\)$/,
    );
    // Once: the in-place check cannot tell the name, and no other render repeats it.
    assert.equal(diags.filter((x) => code(x) === "role-not-found").length, 1);
  });

  it("hovers and completes in a template of the chart", async () => {
    const role = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(chart!, "templates", "clusterrole.yaml")));
    await vscode.window.showTextDocument(role);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      "vscode.executeHoverProvider",
      role.uri,
      position(role, "- nodes/metrics", 3),
    );
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === "string" ? c : "value" in c ? c.value : ""))).join("\n");
    assert.match(text, /nodes\/metrics/);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      "vscode.executeCompletionItemProvider",
      role.uri,
      position(role, "- watch", 2),
    );
    const labels = list.items.map((i) => (typeof i.label === "string" ? i.label : i.label.label));
    for (const v of ["create", "patch", "delete"])
      assert.ok(labels.includes(v), `completion offers ${v}; got ${labels.slice(0, 20).join(", ")}`);
  });

  it("renders again on save: another roleRef's finding, then none once fixed", async () => {
    const saveLine = async (text: string) => {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(binding.uri, binding.lineAt(10).range, text);
      assert.ok(await vscode.workspace.applyEdit(edit));
      assert.ok(await binding.save());
    };
    await saveLine('  name: {{ template "metrics-server.fullname" . }}-viewer');
    await waitForDiagnostics(
      binding.uri,
      (d) => d.some((x) => code(x) === "role-not-found" && x.message.includes('"release-name-metrics-server-viewer"')),
      "role-not-found for the saved roleRef",
    );
    await saveLine('  name: system:{{ template "metrics-server.fullname" . }}');
    await waitForDiagnostics(binding.uri, (d) => !d.some((x) => code(x) === "role-not-found"), "role-not-found gone after the save");
  });

  it("the tree's what-if overlays the chart's rendered objects, and diffs what the chart adds", async () => {
    const a = await api();
    assert.equal(await vscode.commands.executeCommand("kubeRbac.toggleWhatIf"), true);
    const s = await waitForState(a, (x) => x.kind === "ready" && x.whatIf !== undefined, "what-if on");
    assert.ok(s.kind === "ready" && s.whatIf);
    // The other suites' charts may be there too (and fail to render): this one rendered.
    assert.ok(s.whatIf.projects >= 1, `rendered projects: ${s.whatIf.projects}`);
    assert.ok(!s.whatIf.failures.some((f) => f.includes("metrics-server")), s.whatIf.failures.join("\n"));
    const role = s.index.clusterRole("system:release-name-metrics-server");
    assert.ok(role, "the chart's ClusterRole is in the overlay");
    assert.equal(path.basename(vscode.Uri.parse(role.source!.file).fsPath), "clusterrole.yaml");
    assert.equal(s.liveIndex.clusterRole("system:release-name-metrics-server"), undefined, "and not in the snapshot");
    const note = a.tree.getChildren().find((n) => n.treeItem().label === `What-if: ${s.whatIf!.objects} workspace objects overlaid`);
    assert.ok(note, "the what-if note");
    assert.match(note.treeItem().tooltip as string, /^From \d+ files and 1 rendered charts or kustomizations\. /);
    const diff = await vscode.commands.executeCommand<{ added: { scope: string; resource: string; verb: string }[]; removed: unknown[] }>(
      "kubeRbac.whatIfDiff",
      { kind: "ServiceAccount", name: "release-name-metrics-server", namespace: "default" },
    );
    assert.deepEqual(diff.removed, []);
    const added = new Set(diff.added.map((d) => `${d.scope || "cluster"} ${d.resource} ${d.verb}`));
    for (const p of ["cluster nodes/metrics get", "cluster pods list", "cluster nodes watch"])
      assert.ok(added.has(p), `adds ${p}; got ${[...added].join(", ")}`);
    assert.equal(await vscode.commands.executeCommand("kubeRbac.toggleWhatIf"), false);
  });

  it("Who can…? answers over the chart as what-if source: a subject only the chart's binding grants", async () => {
    const a = await api();
    type Answer = { subjects: { kind: string; name: string; namespace?: string }[]; text: string };
    const ask = async () => {
      const r = await vscode.commands.executeCommand<Answer>("kubeRbac.whoCan", { verb: "get", resource: "nodes/metrics" }, "markdown");
      return { names: r.subjects.map((x) => `${x.kind} ${x.namespace ? `${x.namespace}/` : ""}${x.name}`), text: r.text };
    };
    const sa = "ServiceAccount default/release-name-metrics-server";
    const live = await ask();
    assert.ok(!live.names.includes(sa), `without what-if: ${live.names.join(", ")}`);
    assert.equal(await vscode.commands.executeCommand("kubeRbac.toggleWhatIf"), true);
    await waitForState(a, (x) => x.kind === "ready" && x.whatIf !== undefined, "what-if on");
    const overlaid = await ask();
    assert.ok(overlaid.names.includes(sa), `with the chart: ${overlaid.names.join(", ")}`);
    assert.match(overlaid.text, /\+ workspace \(what-if, with \d+ rendered charts? or kustomizations?/);
    assert.match(
      overlaid.text,
      /^- ServiceAccount default\/release-name-metrics-server — .* — ClusterRoleBinding system:release-name-metrics-server → ClusterRole system:release-name-metrics-server → rules\[0\]$/m,
    );
    assert.equal(await vscode.commands.executeCommand("kubeRbac.toggleWhatIf"), false);
  });

  it("Can I apply this file? on a template applies the rendered chart", async () => {
    const results = await vscode.commands.executeCommand<{ object: string; allowed: boolean }[]>("kubeRbac.canApplyFile", {
      uri: binding.uri.toString(),
      user: "root",
      groups: ["system:masters"],
    });
    const objects = results.map((r) => r.object);
    for (const o of ["ClusterRole system:release-name-metrics-server", "ClusterRoleBinding system:release-name-metrics-server"])
      assert.ok(objects.includes(o), `applies ${o}; got ${objects.join(", ")}`);
    assert.ok(results.every((r) => r.allowed));
    assert.match((await api()).results.report!.verdict, /as rendered: rendered\/metrics-server/);
  });

  it("a quick fix on a rendered finding edits the literal in the template", async () => {
    // The demo chart, its Role named from values.yaml, its binding's roleRef a literal typo.
    const dir = path.join(path.dirname(chart!), "literal");
    fs.cpSync(path.join(REPO, "test", "fixtures", "charts", "demo"), dir, { recursive: true });
    const edit = (rel: string, from: string, to: string) => {
      const file = path.join(dir, rel);
      fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(from, to));
    };
    edit("values.yaml", "rbac:\n", "rbac:\n  roleName: app-reader\n");
    edit("templates/role.yaml", '  name: {{ include "demo.fullname" . }}', "  name: {{ .Values.rbac.roleName }}");
    edit("templates/rolebinding.yaml", 'Role\n  name: {{ include "demo.fullname" . }}', "Role\n  name: app-readr");
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(dir, "templates", "rolebinding.yaml")));
    await vscode.window.showTextDocument(doc);
    const diags = await waitForDiagnostics(doc.uri, (d) => d.some((x) => code(x) === "role-not-found"), "role-not-found in the demo chart");
    const found = diags.find((x) => code(x) === "role-not-found")!;
    assert.equal(found.range.start.line, 9);
    assert.match(found.message, /\(rendered with values\.yaml\)$/);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>("vscode.executeCodeActionProvider", doc.uri, found.range);
    const fix = actions.find((a) => a.title === "Use Role app-reader");
    assert.ok(fix?.edit, `actions: ${actions.map((a) => a.title).join(", ")}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(doc.lineAt(9).text, "  name: app-reader");
    assert.ok(await doc.save());
    await waitForDiagnostics(doc.uri, (d) => !d.some((x) => code(x) === "role-not-found"), "role-not-found gone after the fix");
  });

  it("renders on a template added on disk (never opened), and drops a deleted chart's findings", async () => {
    // Another tool (a checkout) adds a template: the Problems view gets the render's finding in it.
    const added = vscode.Uri.file(path.join(chart!, "templates", "auditor-binding.yaml"));
    const text = fs
      .readFileSync(path.join(CHART, "templates", "clusterrolebinding.yaml"), "utf8")
      .replace('{{ printf "system:%s" (include "metrics-server.fullname" .) }}', '{{ include "metrics-server.fullname" . }}-auditor')
      .replace('  name: system:{{ template "metrics-server.fullname" . }}', '  name: {{ template "metrics-server.fullname" . }}-auditor');
    fs.writeFileSync(added.fsPath, text);
    const diags = await waitForDiagnostics(
      added,
      (d) => d.some((x) => code(x) === "role-not-found" && x.message.includes('"release-name-metrics-server-auditor"')),
      "role-not-found in the template added on disk",
    );
    assert.equal(diags.find((x) => code(x) === "role-not-found")!.range.start.line, 10);
    // The chart's folder deleted: its rendered findings leave the Problems view.
    fs.rmSync(chart!, { recursive: true, force: true });
    await waitForDiagnostics(added, (d) => d.length === 0, "no diagnostics once the chart is deleted");
  });
});
