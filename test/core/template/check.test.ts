// Helm templates read in place: one fixture per template construct (test/fixtures/templates), each
// finding asserted at its template line and column, and nothing reported on an unknown value.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { positionAt } from "../../../core/parse";
import { isGoTemplate, maskTemplate, UNKNOWN } from "../../../core/template";
import { REPO_ROOT } from "../../support/corpus";
import { check } from "../checks/helpers";

const DIR = path.join(REPO_ROOT, "test", "fixtures", "templates");
const read = (name: string) => fs.readFileSync(path.join(DIR, name), "utf8");

/** "line:column code" of every finding (1-based, as editors show them). */
function found(text: string): string[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return check(text).map((f) => {
    const p = positionAt(starts, f.span.start);
    return `${p.line + 1}:${p.character + 1} ${f.code}`;
  });
}

describe("core/template: Helm templates checked in place", () => {
  it("a template needs one whole action: a stray {{ with no }} is plain YAML, as the parser reads it", () => {
    assert.equal(isGoTemplate("{{# Source: x.yaml\nkind: ServiceAccount\n"), false);
    assert.equal(isGoTemplate("name: {{ .Release.Name }}\n"), true);
    assert.equal(isGoTemplate("a: {% if x %}b{% endif %} {{ c }}\n"), false);
  });

  it("a {{ }} inside a scalar makes it unknown; known entries beside it are checked", () => {
    // "pod" is checked (its group is known); "lst" is not (the group is templated: custom verbs may exist there).
    assert.deepEqual(found(read("scalars.yaml")), ["10:17 unknown-resource"]);
  });

  it("every branch of a conditional is read once, at its own lines, with no duplicate key", () => {
    assert.deepEqual(found(read("conditionals.yaml")), [
      "11:17 invalid-api-group",
      "16:17 unknown-resource",
      "21:13 unknown-verb",
      "24:17 secrets-read",
    ]);
  });

  it("range, with and multi-line comments leave the YAML intact", () => {
    assert.deepEqual(found(read("loops.yaml")), ["20:11 invalid-subject-kind"]);
  });

  it("include/toYaml lines: labels stay a map, rules from toYaml are noted once per document, the rest checked", () => {
    const text = read("to-yaml.yaml");
    assert.deepEqual(found(text), ["16:1 templated-file", "19:17 unknown-resource", "27:1 templated-file"]);
    const notes = check(text).filter((f) => f.code === "templated-file");
    assert.deepEqual(
      notes.map((f) => [f.severity, f.message]),
      [
        [
          "information",
          "Not checked until rendered: the rules from `{{- toYaml . | nindent 2 }}` (line 16). The rest of this document is checked, except the values written with `{{ … }}` (unknown until rendered).",
        ],
        [
          "information",
          "Not checked until rendered: the rules from `{{- toYaml .Values.rbac.rules | nindent 2 }}` (line 27). The rest of this document is checked, except the values written with `{{ … }}` (unknown until rendered).",
        ],
      ],
    );
  });

  it("bindings: a ServiceAccount subject with no namespace is found though its name is templated; both ternary words are read", () => {
    const findings = check(read("bindings.yaml"));
    assert.deepEqual(found(read("bindings.yaml")), ["15:11 missing-subject-namespace", "28:11 missing-subject-namespace"]);
    assert.match(findings[0].message, /ServiceAccount subject "\{\{…\}\}-second" has no namespace/);
  });

  it("content after a leading action keeps its template position", () => {
    const text = `{{- if .Values.rbac.create -}}apiVersion: rbac.authorization.k8s.io/v2\nkind: Role\nmetadata:\n  name: x\nrules: []\n`;
    const f = check(text);
    assert.deepEqual(
      f.map((x) => [x.code, text.slice(x.span.start, x.span.end)]),
      [["unsupported-api-version", "rbac.authorization.k8s.io/v2"]],
    );
  });

  it("masking keeps every offset: same length, same line breaks, actions gone", () => {
    for (const name of fs.readdirSync(DIR)) {
      const text = read(name);
      for (const v of maskTemplate(text)) {
        assert.equal(v.text.length, text.length, name);
        assert.deepEqual(
          [...v.text.matchAll(/\n/g)].map((m) => m.index),
          [...text.matchAll(/\n/g)].map((m) => m.index),
          name,
        );
        assert.ok(!v.text.includes("{{"), name);
      }
    }
    const [first] = maskTemplate(`metadata:\n  name: {{ .Release.Name }}-x\n`);
    assert.equal(first.text, `metadata:\n  name: ${UNKNOWN.repeat(19)}-x\n`);
    assert.deepEqual(first.unknowns, [{ start: 18, end: 37 }]);
  });

  it("a document that does not read as YAML around its actions gets one note and no other finding", () => {
    const text = `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: x\nrules:\n  - apiGroups: [""]\n   resources: [pod]\n  {{ .Values.x }}\n`;
    const f = check(text);
    assert.deepEqual(
      f.map((x) => [x.code, x.severity]),
      [["templated-file", "information"]],
    );
    assert.match(f[0].message, /could not be read as YAML around its template actions \(line 7: .*\), so it is not checked in place/);
  });

  it("a branch that moves a document boundary: the documents around it are read once, each branch at its lines", () => {
    const role = (name: string, resource: string, verb: string) =>
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: ${name}\nrules:\n- apiGroups: [""]\n  resources: ["${resource}"]\n  verbs: ["${verb}"]\n`;
    const text = [
      role("before", "pods", "lsit"),
      "---\n{{- if .Values.split }}\n",
      role("one", "pod", "get"),
      "---\n",
      role("two", "pods", "get"),
      "{{- else }}\n",
      role("whole", "secrets", "gte"),
      "{{- end }}\n---\n",
      role("after", "deployment", "get"),
    ].join("");
    // The first variant has one document more than the second: "before" and "after" are shared, read once.
    assert.deepEqual(found(text), ["8:11 unknown-verb", "17:15 unknown-resource", "36:11 unknown-verb", "45:15 unknown-resource"]);
  });
});
