// Masking a template part by part, with the parts kept between maskings (core/template/mask-memo.ts),
// gives what masking it whole gives: on every template of the corpus and of the fixtures, alone and
// concatenated, and after edits that add, change and remove parts, conditionals and printing lines.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { isGoTemplate, maskTemplate } from "../../../core/template";
import { MaskMemo } from "../../../core/template/mask-memo";
import { CORPUS_DIR, REPO_ROOT } from "../../support/corpus";
import { editRandomLine, rng } from "../../support/random-world";

function yamlFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? yamlFiles(path.join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [path.join(dir, e.name)] : []))
    .sort();
}

const templates = [
  ...yamlFiles(path.join(CORPUS_DIR, "templated")),
  ...yamlFiles(path.join(CORPUS_DIR, "charts")).filter((f) => f.includes(`${path.sep}templates${path.sep}`)),
  ...yamlFiles(path.join(REPO_ROOT, "test", "fixtures", "templates")),
]
  .map((f) => fs.readFileSync(f, "utf8"))
  .filter(isGoTemplate);

const ROLE = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: {{ include "x.fullname" . }}
rules:
  - apiGroups: [""]
    resources: ["pods"]
    verbs: ["get"]
`;

/** Lines random templates are made of: markers, blocks, else branches, ternaries, comments and actions that span lines. */
const LINES = [
  "---",
  "--- # next",
  "apiVersion: rbac.authorization.k8s.io/v1",
  'kind: {{ .Values.kind | ternary "Role" "ClusterRole" }}',
  "kind: Role",
  "metadata:",
  '  name: {{ include "x.fullname" . }}-r',
  "  labels:",
  '    {{- include "x.labels" . | nindent 4 }}',
  "rules:",
  '  - apiGroups: [""]',
  '    resources: ["pods"]',
  '    verbs: ["get"]',
  "  {{- toYaml .Values.rules | nindent 2 }}",
  "{{- if .Values.a }}",
  "{{- else if .Values.b }}",
  "{{- else }}",
  "{{- end }}",
  "{{- range .Values.items }}",
  "{{- with .Values.x }}",
  "{{/* a comment",
  "*/}}",
  "{{/* }} */}}",
  "  name: {{ .Values.name",
  "  }}",
  "{{- $x := .Values.y }}",
  "  - {{ .Values.item }}",
  "",
];

describe("core/template/mask-memo: a template masked part by part", () => {
  it("the corpus holds templates to compare on", () => {
    assert.ok(templates.length >= 20, `${templates.length} templates`);
  });

  it("masks every template as maskTemplate does, each with a memo of its own and with one memo for all", () => {
    const shared = new MaskMemo();
    for (const text of templates) {
      const expected = maskTemplate(text);
      assert.deepEqual(new MaskMemo().mask(text), expected);
      assert.deepEqual(shared.mask(text), expected);
    }
  });

  it("masks the templates concatenated, and every edit of them, as maskTemplate does", () => {
    const memo = new MaskMemo();
    let text = templates.join("\n---\n");
    const edits: ((t: string) => string)[] = [
      (t) => `# a comment first\n${t}`,
      (t) => t.replace("\n---\n", `\n---\n{{- if .Values.a }}\n${ROLE}{{- else }}\n${ROLE.replace("pods", "secrets")}{{- end }}\n---\n`),
      (t) => t.replace(/\n---\n/g, (m, at: number) => (at % 3 === 0 ? `\n---\n{{ toYaml .Values.extra | nindent 0 }}\n---\n` : m)),
      (t) => t.replace(/\{\{- end \}\}\n/, ""),
      (t) => t.slice(0, t.length >> 1),
      (t) => t + `\n---\n{{- range .Values.roles }}\n---\n${ROLE}{{- end }}\n`,
      (t) => t.replace(/\n---\n/, "\n"),
    ];
    assert.deepEqual(memo.mask(text), maskTemplate(text));
    for (const edit of edits) {
      text = edit(text);
      assert.deepEqual(memo.mask(text), maskTemplate(text));
    }
  });

  it("masks random templates, edit after edit, as maskTemplate does (blocks, comments and actions across markers)", () => {
    const random = rng(16);
    const memo = new MaskMemo();
    const lines: string[] = [];
    for (let round = 0; round < 400; round++) {
      // Each round inserts, replaces or removes a line, so most parts are kept and some change.
      editRandomLine(random, lines, LINES);
      const text = lines.join("\n") + "\n";
      if (!isGoTemplate(text)) continue;
      assert.deepEqual(memo.mask(text), maskTemplate(text), text);
    }
    assert.ok(memo.reused > memo.masked, `${memo.reused} parts kept, ${memo.masked} masked`);
  });

  it("masks again only the part an edit changed", () => {
    const text = [ROLE, ROLE.replace("get", "list"), `{{- if .Values.b }}\n${ROLE}{{- else }}\n${ROLE}{{- end }}\n`].join("---\n");
    const memo = new MaskMemo();
    memo.mask(text);
    assert.deepEqual([memo.masked, memo.reused], [3, 0]);
    const edited = text.replace("list", "watch");
    assert.deepEqual(memo.mask(edited), maskTemplate(edited));
    assert.deepEqual([memo.masked, memo.reused], [4, 2]);
  });

  it("reads a block open across a document marker as one part", () => {
    const text = `{{- if .Values.rbac }}\n${ROLE}---\n${ROLE}{{- end }}\n---\n${ROLE}`;
    const memo = new MaskMemo();
    assert.deepEqual(memo.mask(text), maskTemplate(text));
    assert.equal(memo.masked, 2);
  });
});
