// A template's variants read chunk by chunk (core/service/template-variants.ts): after every edit its
// findings are those of the template read whole (`kube-rbac check`'s reading: parsed whole, masked anew),
// and an edit checks again only the documents it changed.
import { strict as assert } from "node:assert";
import { builtInCatalog } from "../../../core/catalog";
import { checkFileLevel, CheckContext } from "../../../core/checks";
import { Finding } from "../../../core/model";
import { parseManifests } from "../../../core/parse";
import { ChunkedFile } from "../../../core/service/chunked-parse";
import { FileLevelIndex } from "../../../core/service/file-level";
import { TemplateReader } from "../../../core/service/template-reader";
import { WorkspaceModel } from "../../../core/service/workspace";
import { isGoTemplate } from "../../../core/template";
import { bindingToDup, templatedRole as role } from "../../support/manifests";
import { editRandomLine, rng } from "../../support/random-world";

const FILE = "file:///chart/templates/rbac.yaml";

const BINDING = bindingToDup(`  {{- toYaml .Values.subjects | nindent 2 }}
`);

/** A conditional with an `else` (two variants), a suppression comment just before a marker, a duplicate across documents. */
const FLOW = `{apiVersion: rbac.authorization.k8s.io/v1, kind: Role, metadata: {name: f, namespace: ns}, rules: [{apiGroups: [""], resources: [pods]}]}`;
const template = (verb: string) =>
  [
    role("dup", verb),
    BINDING,
    `{{- if .Values.cluster }}\n${role("c", "gxt", "ClusterRole")}{{- else }}\n${role("c", "delete")}{{- end }}\n`,
    `${role("dup", "list")}# kube-rbac-disable-next-line missing-verbs\n`,
  ].join("---\n") + `--- ${FLOW}\n--- ${FLOW.replace("name: f", "name: g")}\n`;

/** Lines random templates are made of: RBAC fields, template actions, markers, suppression comments, YAML errors. */
const LINES = [
  "---",
  "--- # c",
  "# kube-rbac-disable-next-line",
  "# kube-rbac-disable-next-line missing-verbs",
  "apiVersion: rbac.authorization.k8s.io/v1",
  "kind: Role",
  "kind: ClusterRole",
  "kind: RoleBinding",
  'kind: {{ .Values.k | ternary "Role" "ClusterRole" }}',
  "metadata:",
  "  name: dup",
  "  name: {{ .Release.Name }}-x",
  "  namespace: ns",
  "  labels:",
  "    app: {{ .Release.Name }}",
  '    {{- include "l" . | nindent 4 }}',
  "rules:",
  '  - apiGroups: [""]',
  '    resources: ["pods"]',
  '    resources: ["podz"]',
  '    verbs: ["get"]',
  '    verbs: ["gxt", "*"]',
  "  {{- toYaml .Values.rules | nindent 2 }}",
  "subjects:",
  "  - kind: ServiceAccount",
  "    name: sa",
  "roleRef:",
  "  apiGroup: rbac.authorization.k8s.io",
  "  kind: Role",
  "  name: dup",
  "{{- if .Values.a }}",
  "{{- else }}",
  "{{- end }}",
  `--- ${FLOW}`,
  "  bad: [unclosed",
  "",
];

const plain = (fs: readonly Finding[]) =>
  fs.map((f) => ({ code: f.code, severity: f.severity, message: f.message, span: f.span, fixes: JSON.stringify(f.data?.fixes ?? []) }));

function read(reader: TemplateReader, text: string): ChunkedFile {
  const steps = reader.parseSteps(text, FILE);
  for (let r = steps.next(); ; r = steps.next()) if (r.done) return r.value;
}

describe("core/service/template-variants: a template's variants read chunk by chunk", () => {
  const ctx: CheckContext = { catalog: builtInCatalog(), workspace: new WorkspaceModel() };

  it("finds what the template read whole finds, after every edit, and checks again only the changed documents", () => {
    const reader = new TemplateReader();
    const index = new FileLevelIndex();
    const check = (text: string) => {
      const found = index.findings(read(reader, text), ctx);
      assert.deepEqual(plain(found), plain(checkFileLevel(parseManifests(text, FILE), ctx)));
      return found;
    };
    const first = check(template("get"));
    assert.deepEqual(
      [...new Set(first.map((f) => f.code))].sort(),
      ["cluster-scoped-namespace", "duplicate-object", "missing-verbs", "templated-file", "unknown-verb"],
      "the ClusterRole branch's namespace and verb, the duplicate, the unsuppressed flow role, the note on the templated subjects",
    );
    assert.equal(first.filter((f) => f.code === "missing-verbs").length, 1, "the comment before the marker suppresses the first");
    const checked = index.variants.checked;
    // Same length: the other documents keep their offsets. "gxt" is no verb the API server knows.
    const edited = check(template("gxt"));
    assert.equal(index.variants.checked, checked + 1, "only the changed document of the first variant");
    assert.ok(edited.some((f) => f.code === "unknown-verb" && f.span.start < 200));
    const edits = [
      (t: string) => `# a first line\n${t}`,
      (t: string) => t.replace("# kube-rbac-disable-next-line missing-verbs\n", ""),
      (t: string) => t.replace("{{- else }}\n", "{{- else if .Values.x }}\n" + role("e", "lst") + "{{- else }}\n"),
      (t: string) => t.replace("{{- end }}\n", ""),
      (t: string) => t + `---\n${role("dup", "get")}`,
    ];
    let text = template("gxt");
    for (const edit of edits) check((text = edit(text)));
  });
  it("finds what the template read whole finds, edit after edit, on random templates", () => {
    const random = rng(7);
    const reader = new TemplateReader();
    const index = new FileLevelIndex();
    const lines: string[] = [];
    let compared = 0;
    for (let round = 0; round < 150; round++) {
      editRandomLine(random, lines, LINES);
      const text = lines.join("\n") + "\n";
      if (!isGoTemplate(text)) continue;
      const found = index.findings(read(reader, text), ctx);
      assert.deepEqual(plain(found), plain(checkFileLevel(parseManifests(text, FILE), ctx)), text);
      compared++;
    }
    assert.ok(compared > 100, `${compared} texts compared`);
  });
});
