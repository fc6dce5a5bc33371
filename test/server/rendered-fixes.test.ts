// Quick fixes on findings that only the rendered chart shows (core/render/fixes.ts), through the language
// server with the real helm: a roleRef typo written literally in a template gets the plain file's fix
// (the chart's role name, written in the chart), and applying it clears the finding on save; a roleRef that a
// template action prints, and a name that only a helper makes, get none (a fix never edits an action).
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { Diagnostic } from "vscode-languageserver";
import { REPO_ROOT } from "../support/corpus";
import { tools } from "../support/tools";
import { applyEdits, serverPerTest, TestClient } from "./lsp-client";

const DEMO = path.join(REPO_ROOT, "test", "fixtures", "charts", "demo");

/** The demo chart under `demo/`, its Role named from values.yaml (`app-reader`), with the binding's roleRef line given. */
function chart(roleRefLine: string): Record<string, string> {
  const read = (rel: string) => fs.readFileSync(path.join(DEMO, rel), "utf8");
  return {
    "demo/Chart.yaml": read("Chart.yaml"),
    "demo/values.yaml": read("values.yaml").replace("rbac:\n", "rbac:\n  roleName: app-reader\n"),
    "demo/templates/_helpers.tpl": read("templates/_helpers.tpl"),
    "demo/templates/role.yaml": read("templates/role.yaml").replace(
      '  name: {{ include "demo.fullname" . }}',
      "  name: {{ .Values.rbac.roleName }}",
    ),
    "demo/templates/rolebinding.yaml": read("templates/rolebinding.yaml")
      .split("\n")
      .map((l, i) => (i === 9 ? roleRefLine : l))
      .join("\n"),
  };
}

const settings = { helm: { path: tools().helm }, render: { debounceMs: 0 } };
const rendered = (d: Diagnostic) => d.code === "role-not-found" && /\(rendered with values\.yaml\)$/.test(d.message);

async function roleNotFound(client: TestClient, files: Record<string, string>) {
  const binding = await client.open("demo/templates/rolebinding.yaml", files["demo/templates/rolebinding.yaml"], true);
  for (;;) {
    const found = (await client.nextDiagnostics(binding.uri)).find(rendered);
    if (found) return { binding, found };
  }
}

describe("server: quick fixes on rendered findings", function () {
  this.timeout(120000);
  const servers = serverPerTest();

  it("a literal roleRef typo in a template: the chart's role name, applied and cleared on save", async () => {
    const files = chart("  name: app-readr");
    const client = await servers.start({ files, settings, trusted: true });
    const { binding, found } = await roleNotFound(client, files);
    assert.deepEqual(found.range, { start: { line: 9, character: 8 }, end: { line: 9, character: 17 } });
    assert.match(found.message, /^No Role "app-readr" in namespace default exists in the workspace: .* Did you mean Role "app-reader"\?/);
    const actions = await binding.codeActions(found.range, [found]);
    const fix = actions.find((a) => a.title === "Use Role app-reader");
    assert.ok(fix, `actions: ${actions.map((a) => a.title).join(", ")}`);
    assert.equal(fix.isPreferred, true);
    const edits = fix.edit!.changes![binding.uri];
    assert.deepEqual(edits, [{ range: found.range, newText: "app-reader" }]);
    await binding.setText(applyEdits(binding.text, edits));
    assert.equal(binding.text.split("\n")[9], "  name: app-reader");
    fs.writeFileSync(path.join(client.folder, "demo/templates/rolebinding.yaml"), binding.text);
    await binding.save();
    for (;;) if (!(await client.nextDiagnostics(binding.uri)).some((d) => d.code === "role-not-found")) break;
  });

  it("no fix where the value is a template action's, nor to a name only a helper makes", async () => {
    for (const line of ['  name: {{ include "demo.fullname" . }}x', "  name: release-name-dem"]) {
      const files = chart(line);
      files["demo/templates/role.yaml"] = fs.readFileSync(path.join(DEMO, "templates/role.yaml"), "utf8");
      const client = await servers.start({ files, settings, trusted: true });
      const { binding, found } = await roleNotFound(client, files);
      assert.match(found.message, /Did you mean Role "release-name-demo"\?/);
      const titles = (await binding.codeActions(found.range, [found])).map((a) => a.title);
      assert.deepEqual(titles, ["Disable role-not-found in settings"], line);
      await servers.stop();
    }
  });
});
