// A chart rendered with the real helm: findings that only values reveal, placed on their template lines
// and labelled with their render; queries over the rendered chart; and bad input (broken templates,
// missing helpers, required and fail, a render that takes too long, no helm) with clear messages.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { renderChart } from "../../render/helm";
import { REPO_ROOT } from "../support/corpus";
import { cliWith, copyTree, Diagnostic, located, NO_TOOL, tools } from "../support/tools";

const DEMO = path.join(REPO_ROOT, "test", "fixtures", "charts", "demo");
const none = { helm: NO_TOOL, kustomize: NO_TOOL };

async function check(chart: string, bins = tools(), ...flags: string[]): Promise<{ diags: Diagnostic[]; err: string }> {
  const r = await cliWith(bins, "check", chart, "-o", "json", ...flags);
  return { diags: JSON.parse(r.out) as Diagnostic[], err: r.err };
}

/** A copy of the demo chart with one template line replaced; the callback gets the chart's folder. */
async function withEdit(file: string, line: number, text: string, fn: (chart: string) => Promise<void>): Promise<void> {
  const { dir, root } = copyTree(DEMO);
  try {
    const p = path.join(dir, "templates", file);
    const lines = fs.readFileSync(p, "utf8").split("\n");
    lines[line - 1] = text;
    fs.writeFileSync(p, lines.join("\n"));
    await fn(dir);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

describe("cli: charts rendered with helm", function () {
  this.timeout(120000);

  it("findings of each render go to their template line and name their render (values.yaml, ci/*-values.yaml)", async () => {
    const { diags } = await check(DEMO);
    assert.deepEqual(located(diags, DEMO), [
      "templates/role.yaml:9:5 unknown-resource",
      "templates/role.yaml:9:5 unknown-resource",
      "templates/role.yaml:12:1 templated-file",
      "templates/role.yaml:12:3 secrets-read",
    ]);
    assert.match(diags[0].message, /^"pod" is not a resource of .* \(rendered with values\.yaml\)$/);
    assert.match(diags[1].message, /^"deployment" is not a resource of .* \(rendered with ci\/wide-values\.yaml\)$/);
    assert.match(diags[3].message, /in namespace default: .* \(rendered with ci\/wide-values\.yaml\)$/);
  });

  it("--values and --set change the render", async () => {
    const { diags } = await check(DEMO, tools(), "--set", "rbac.resource=pods");
    assert.deepEqual(
      diags.map((d) => d.message.replace(/^.*\(rendered with /, "")),
      [
        "ci/wide-values.yaml)",
        "Not checked until rendered: the rules from `{{- toYaml . | nindent 2 }}` (line 12). The rest of this document is checked, except the values written with `{{ … }}` (unknown until rendered).",
        "ci/wide-values.yaml)",
      ],
    );
  });

  it("the repository's .kube-rbac.yaml gives a chart its values files, release name and namespace", async () => {
    const { dir, root } = copyTree(DEMO);
    try {
      fs.writeFileSync(path.join(dir, "prod-values.yaml"), "rbac:\n  resource: pods\n");
      fs.writeFileSync(
        path.join(root, ".kube-rbac.yaml"),
        "charts:\n  demo:\n    values: [prod-values.yaml]\n    releaseName: shop\n    namespace: prod\n",
      );
      const { diags } = await check(dir);
      assert.deepEqual(located(diags, dir), [
        "templates/role.yaml:9:5 unknown-resource",
        "templates/role.yaml:12:1 templated-file",
        "templates/role.yaml:12:3 secrets-read",
      ]);
      assert.match(diags[0].message, /"deployment" .*\(rendered with ci\/wide-values\.yaml\)$/);
      assert.match(diags[2].message, /in namespace prod: /);
      const ask = await cliWith(tools(), "can-i", "list", "pods", "-n", "prod", "--as", "system:serviceaccount:prod:shop-demo", "-f", dir);
      assert.equal(ask.out, "yes\n");
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it("without helm: the templates in place, and a warning that the chart was not rendered", async () => {
    const { diags, err } = await check(DEMO, none);
    assert.deepEqual(located(diags, DEMO), ["templates/role.yaml:12:1 templated-file"]);
    assert.match(err, /demo: helm was not found, so the chart is checked in place only \(its templates, without values\)\n/);
  });

  it("-f CHART/ answers for the rendered chart, with --set; without helm it says what is missing", async () => {
    const ask = (...flags: string[]) =>
      cliWith(
        tools(),
        "can-i",
        "list",
        "pods",
        "-n",
        "default",
        "--as",
        "system:serviceaccount:default:release-name-demo",
        "-f",
        DEMO,
        ...flags,
      );
    assert.equal((await ask()).out, "no\n");
    assert.equal((await ask("--set", "rbac.resource=pods")).out, "yes\n");
    const missing = await cliWith(none, "who-can", "list", "pods", "-n", "default", "-f", DEMO);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /demo is a Helm chart: rendering it needs helm on PATH \(or KUBE_RBAC_HELM=\/path\/to\/helm\)/);
  });

  it("a missing helper: one warning, on the template line helm names, for both renders", () =>
    withEdit("rolebinding.yaml", 5, '  name: {{ include "demo.missing" . }}', async (chart) => {
      const failed = (await check(chart)).diags.filter((d) => d.code === "render-failed");
      assert.deepEqual(located(failed, chart), ["templates/rolebinding.yaml:5:1 render-failed"]);
      assert.match(
        failed[0].message,
        /^helm could not render the chart with values\.yaml; with ci\/wide-values\.yaml: .*no template "demo\.missing"/s,
      );
    }));

  it("required and fail: helm's own message, at the template line", async () => {
    await withEdit("role.yaml", 6, '  namespace: {{ required "rbac.namespace is required" .Values.rbac.namespace }}', async (chart) => {
      const failed = (await check(chart)).diags.filter((d) => d.code === "render-failed");
      assert.deepEqual(located(failed, chart), ["templates/role.yaml:6:1 render-failed"]);
      assert.match(failed[0].message, /execution error at \(demo\/templates\/role\.yaml:6:16\): rbac\.namespace is required$/);
    });
    await withEdit("rolebinding.yaml", 1, '{{- if .Values.rbac.create }}{{ fail "rbac.create is not supported here" }}', async (chart) => {
      const failed = (await check(chart)).diags.filter((d) => d.code === "render-failed");
      assert.deepEqual(located(failed, chart), ["templates/rolebinding.yaml:1:1 render-failed"]);
      assert.match(failed[0].message, /rbac\.create is not supported here$/);
    });
  });

  it("a broken template: helm's parse error at its line; the other templates are still checked in place", () =>
    withEdit("role.yaml", 3, "kind: Role{{ if }}", async (chart) => {
      const { diags } = await check(chart);
      assert.deepEqual(located(diags, chart), ["templates/role.yaml:3:1 render-failed", "templates/role.yaml:12:1 templated-file"]);
      assert.match(diags[0].message, /parse error at \(demo\/templates\/role\.yaml:3\): missing value for if$/);
    }));

  it("a render that takes too long is stopped with a clear message", () => {
    const run = renderChart(tools().helm, DEMO, {}, 1);
    assert.deepEqual([run.ok, run.error], [false, `${path.basename(tools().helm)} did not finish within 0.001 s and was stopped`]);
  });
});
