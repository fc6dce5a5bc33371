// The language server on Helm templates and kustomize patches: diagnostics as `kube-rbac check` gives
// them, hover, completion, symbols and definitions inside a template; a patch's missing parts not reported.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { checkPaths } from "../../cli/commands/check";
import { REPO_ROOT } from "../support/corpus";
import { NO_TOOL } from "../support/tools";
import { TestClient } from "./lsp-client";

// (`|` marks carets: this template pipes nothing.)
const TEMPLATE = `{{- if .Values.rbac.create }}
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: {{ include "demo.fullname" . }}
  namespace: {{ .Release.Namespace }}
rules:
  - apiGroups: [""]
    resources: ["pod", "{{ .Values.extra }}"]
    verbs: ["get", "li|"]
{{- if .Values.write }}
  - apiGroups: ["apps"]
    resources: ["deployments"]
    verbs: ["update"]
{{- else }}
  - apiGroups: ["core"]
    resources: ["configmaps"]
    verbs: ["get"]
{{- end }}
{{- end }}
`;

const KUSTOMIZE = path.join(REPO_ROOT, "test", "fixtures", "kustomize", "demo");

describe("server: Helm templates and kustomize patches", function () {
  this.timeout(60000);
  let client: TestClient;
  before(async () => {
    const files: Record<string, string> = {};
    for (const rel of ["overlays/prod/kustomization.yaml", "overlays/prod/binding-patch.yaml", "base/role.yaml"])
      files[`k/${rel}`] = fs.readFileSync(path.join(KUSTOMIZE, rel), "utf8");
    client = await TestClient.start({ files });
  });
  after(() => client.stop());

  it("diagnostics in a template: every branch, nothing on unknown values, as the command line reports them", async () => {
    const text = TEMPLATE.replace("li|", "list");
    const doc = await client.open("chart/templates/role.yaml", text);
    const diags = await doc.diagnostics();
    assert.deepEqual(
      diags.map((d) => [d.code, d.range.start.line + 1, d.range.start.character + 1]),
      [
        ["unknown-resource", 9, 17],
        ["invalid-api-group", 16, 17],
      ],
    );
    const file = path.join(client.folder, "chart", "templates", "role.yaml");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    const prev = { helm: process.env.KUBE_RBAC_HELM, kustomize: process.env.KUBE_RBAC_KUSTOMIZE };
    process.env.KUBE_RBAC_HELM = process.env.KUBE_RBAC_KUSTOMIZE = NO_TOOL;
    try {
      assert.deepEqual(
        checkPaths([file]).map((d) => [d.code, d.range.start.line + 1, d.range.start.character + 1, d.message]),
        diags.map((d) => [d.code, d.range.start.line + 1, d.range.start.character + 1, d.message]),
      );
    } finally {
      for (const [k, v] of Object.entries({ KUBE_RBAC_HELM: prev.helm, KUBE_RBAC_KUSTOMIZE: prev.kustomize }))
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    }
  });

  it("completion, hover and symbols in a template", async () => {
    const doc = await client.open("chart/templates/edit.yaml", TEMPLATE);
    assert.ok((await doc.labels(0)).includes("list"));
    const withVerb = await client.open(
      "chart/templates/hover.yaml",
      TEMPLATE.replace('"li|"', '"list"').replace('  - apiGroups: ["apps"]', '  - api|Groups: ["apps"]'),
    );
    const hover = ((await withVerb.hover(0))!.contents as { value: string }).value;
    assert.equal(hover, "Allows update on deployments in API group apps in namespace {{…}}.");
    const syms = await withVerb.symbols();
    assert.deepEqual(
      syms.map((s) => s.children!.map((c) => c.name)),
      [["get, list on pod, {{…}}", "update on deployments"]],
    );
  });

  it("a file listed as a patch: what it leaves out is not missing", async () => {
    const patch = await client.open(
      "k/overlays/prod/binding-patch.yaml",
      fs.readFileSync(path.join(KUSTOMIZE, "overlays/prod/binding-patch.yaml"), "utf8"),
    );
    assert.deepEqual(await patch.diagnostics(), []);
    const elsewhere = await client.open("k/base/binding-copy.yaml", patch.text);
    assert.deepEqual(
      (await elsewhere.diagnostics()).map((d) => d.code),
      ["missing-role-ref"],
    );
  });
});
