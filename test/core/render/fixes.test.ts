// Which quick fixes of a rendered finding move to the template line it was placed on, and where.
import { strict as assert } from "node:assert";
import type { Fix } from "../../../core/checks/context";
import { Finding } from "../../../core/model";
import { placedFixes } from "../../../core/render/fixes";

const RENDERED = "roleRef:\n  name: app-readr\n";
const AT = RENDERED.indexOf("app-readr");

function finding(fixes: Fix[]): Finding {
  const span = { start: AT, end: AT + "app-readr".length };
  return { code: "role-not-found", severity: "warning", message: "m", file: "rendered", span, data: { fixes } };
}

const USE: Fix = { title: "Use Role app-reader", edits: [{ span: { start: AT, end: AT + 9 }, newText: "app-reader" }] };
const SUPPRESS: Fix = { title: "Suppress", edits: [{ span: { start: AT + 9, end: AT + 9 }, newText: " # kube-rbac-disable-line" }] };

/** The moved fixes' edits as "start-end newText" in `template`, the finding placed on `value` there. */
function moved(template: string, value: string, written = () => true, fixes = [USE, SUPPRESS]): string[] {
  const start = template.indexOf(value);
  const placed = { file: "t", span: { start, end: start + value.length }, onLine: true };
  return placedFixes(finding(fixes), RENDERED, placed, template, written).flatMap((f) =>
    f.edits.map((e) => `${e.span.start}-${e.span.end} ${e.newText}`),
  );
}

describe("core: quick fixes of rendered findings on template lines", () => {
  it("moves an edit of a literal value to the template; never an insertion", () => {
    const template = "{{- if .Values.on }}\nroleRef:\n  name: app-readr\n{{- end }}\n";
    const at = template.indexOf("app-readr");
    assert.deepEqual(moved(template, "app-readr"), [`${at}-${at + 9} app-reader`]);
  });

  it("offers none where an action prints the value, is open on the line, or the value is not the line's alone", () => {
    assert.deepEqual(moved('roleRef:\n  name: {{ "app-readr" }}\n', "app-readr"), []);
    assert.deepEqual(moved("roleRef:\n  name: {{ .Values.x | default\n  app-readr }}\n", "app-readr"), []);
    assert.deepEqual(moved("roleRef:\n  name: app-readr {{ .Values.y }} app-readr\n", "app-readr"), []);
    assert.deepEqual(moved("roleRef:\n  name: {{ .Values.n }}\n", "{{ .Values.n }}"), []);
  });

  it("offers none when the new text is not written in the project, or the finding is not on its line", () => {
    assert.deepEqual(
      moved("roleRef:\n  name: app-readr\n", "app-readr", () => false),
      [],
    );
    const template = "roleRef:\n  name: app-readr\n";
    const placed = { file: "t", span: { start: template.indexOf("app-readr"), end: template.indexOf("app-readr") + 9 }, onLine: false };
    assert.deepEqual(
      placedFixes(finding([USE]), RENDERED, placed, template, () => true),
      [],
    );
  });
});
