// Charts rendered by the language server with the real helm (and a kustomization built with the real
// kustomize): on open, on save and on changes made on disk (workspace/didChangeWatchedFiles), debounced, only in a trusted workspace; findings on the template lines
// they came from, once each; failures (broken template, missing helper, timeout, missing helm, missing
// base) as one diagnostic with the tool's message on the right line.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { Diagnostic, DidChangeWatchedFilesNotification, FileChangeType } from "vscode-languageserver";
import { RenderedObjectsRequest, WorkspaceTrustNotification } from "../../protocol/index";
import { ConfigChartOptions } from "../../render/config-chart-options";
import { RenderScheduler } from "../../server/render-scheduler";
import { Settings } from "../../server/settings";
import { REPO_ROOT } from "../support/corpus";
import { copyTree, NO_TOOL, tools } from "../support/tools";
import { serverPerTest, TestClient } from "./lsp-client";

const DEMO = path.join(REPO_ROOT, "test", "fixtures", "charts", "demo");
const KUSTOMIZE = path.join(REPO_ROOT, "test", "fixtures", "kustomize", "demo");

/** The demo chart's files under `demo/`, with the given lines replaced (file → 1-based line → text). */
function chartFiles(edits: Record<string, Record<number, string>> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const rel = path.relative(DEMO, p).split(path.sep).join("/");
        const lines = fs.readFileSync(p, "utf8").split("\n");
        for (const [n, text] of Object.entries(edits[rel] ?? {})) lines[Number(n) - 1] = text;
        out[`demo/${rel}`] = lines.join("\n");
      }
    }
  };
  walk(DEMO);
  return out;
}

function settings(render: object = {}, helm = tools().helm): unknown {
  return { helm: { path: helm }, kustomize: { path: tools().kustomize }, render: { debounceMs: 0, ...render }, logLevel: "debug" };
}

/** Waits for diagnostics of `uri` that satisfy `ok` (published after now or already there). */
async function diagnosticsUntil(client: TestClient, uri: string, ok: (d: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
  const now = client.published.get(uri)?.diagnostics;
  if (now && ok(now)) return now;
  for (;;) {
    const d = await client.nextDiagnostics(uri);
    if (ok(d)) return d;
  }
}

/** "line:column code" (1-based), in line order. */
const located = (d: Diagnostic[]) =>
  [...d]
    .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character)
    .map((x) => `${x.range.start.line + 1}:${x.range.start.character + 1} ${String(x.code)}`);
const rendered = (d: Diagnostic[]) => d.some((x) => /\(rendered with /.test(x.message));

describe("server: charts and kustomizations rendered", function () {
  this.timeout(120000);
  const servers = serverPerTest();

  it("renders on open: each render's findings at their template lines, once each, with the in-place ones", async () => {
    const client = await servers.start({ files: chartFiles(), settings: settings(), trusted: true });
    const doc = await client.open("demo/templates/role.yaml", fs.readFileSync(path.join(DEMO, "templates", "role.yaml"), "utf8"), true);
    const diags = await diagnosticsUntil(client, doc.uri, rendered);
    // As `kube-rbac check demo/` reports them (test/cli/chart-render.test.ts).
    assert.deepEqual(located(diags), ["9:5 unknown-resource", "9:5 unknown-resource", "12:1 templated-file", "12:3 secrets-read"]);
    const messages = diags.map((d) => d.message).join("\n");
    assert.match(messages, /"pod" is not a resource of .* \(rendered with values\.yaml\)/);
    assert.match(messages, /"deployment" is not a resource of .* \(rendered with ci\/wide-values\.yaml\)/);
  });

  it("renders again on save: a value fixed in values.yaml clears its finding in the template", async () => {
    const client = await servers.start({ files: chartFiles(), settings: settings(), trusted: true });
    const role = await client.open("demo/templates/role.yaml", fs.readFileSync(path.join(DEMO, "templates", "role.yaml"), "utf8"), true);
    await diagnosticsUntil(client, role.uri, (d) => d.some((x) => /"pod"/.test(x.message)));
    const values = await client.open("demo/values.yaml", fs.readFileSync(path.join(DEMO, "values.yaml"), "utf8"), true);
    await values.setText(values.text.replace("resource: pod", "resource: pods"));
    await values.save();
    const after = await diagnosticsUntil(client, role.uri, (d) => rendered(d) && !d.some((x) => /"pod"/.test(x.message)));
    assert.deepEqual(located(after), ["9:5 unknown-resource", "12:1 templated-file", "12:3 secrets-read"]);
  });

  it("an untrusted workspace: no render, the template in place and one note; trust granted renders it", async () => {
    const client = await servers.start({ files: chartFiles(), settings: settings(), trusted: false });
    const doc = await client.open("demo/templates/role.yaml", fs.readFileSync(path.join(DEMO, "templates", "role.yaml"), "utf8"), true);
    const diags = await doc.diagnostics();
    assert.deepEqual(located(diags), ["1:1 render-off", "12:1 templated-file"]);
    assert.match(
      diags.find((d) => d.code === "render-off")!.message,
      /^The chart is not rendered \(helm does not run in an untrusted workspace\)/,
    );
    const asked = await client.connection.sendRequest(RenderedObjectsRequest, {});
    assert.deepEqual(asked.objects, []);
    assert.match(asked.failures[0].message, /not trusted/);
    assert.ok(!client.logs.some((l) => /kube-rbac: rendered /.test(l)), "helm never ran");
    await client.connection.sendNotification(WorkspaceTrustNotification, { trusted: true });
    const after = await diagnosticsUntil(client, doc.uri, rendered);
    assert.ok(!after.some((d) => d.code === "render-off"));
  });

  it("a broken template: one diagnostic with helm's message on its line; the template still checked in place", async () => {
    const client = await servers.start({
      files: chartFiles({ "templates/role.yaml": { 3: "kind: Role{{ if }}" } }),
      settings: settings(),
      trusted: true,
    });
    const doc = await client.open(
      "demo/templates/role.yaml",
      chartFiles({ "templates/role.yaml": { 3: "kind: Role{{ if }}" } })["demo/templates/role.yaml"],
      true,
    );
    const diags = await diagnosticsUntil(client, doc.uri, (d) => d.some((x) => x.code === "render-failed"));
    assert.deepEqual(located(diags), ["3:1 render-failed", "12:1 templated-file"]);
    assert.match(
      diags.find((d) => d.code === "render-failed")!.message,
      /parse error at \(demo\/templates\/role\.yaml:3\): missing value for if$/,
    );
  });

  it("a missing helper: the failure is published on the template helm names, open or not", async () => {
    const files = chartFiles({ "templates/rolebinding.yaml": { 5: '  name: {{ include "demo.missing" . }}' } });
    const client = await servers.start({ files, settings: settings(), trusted: true });
    await client.open("demo/templates/role.yaml", files["demo/templates/role.yaml"], true);
    const binding = client.uri("demo/templates/rolebinding.yaml");
    const diags = await diagnosticsUntil(client, binding, (d) => d.length > 0);
    assert.deepEqual(located(diags), ["5:1 render-failed"]);
    assert.match(
      diags[0].message,
      /^helm could not render the chart with values\.yaml; with ci\/wide-values\.yaml: .*no template "demo\.missing"/s,
    );
  });

  it("a render that takes too long, and a missing helm: one warning on Chart.yaml that says so", async () => {
    let client = await servers.start({ files: chartFiles(), settings: settings({ timeoutMs: 1 }), trusted: true });
    await client.open("demo/templates/role.yaml", chartFiles()["demo/templates/role.yaml"], true);
    const chart = client.uri("demo/Chart.yaml");
    const slow = await diagnosticsUntil(client, chart, (d) => d.length > 0);
    assert.deepEqual(located(slow), ["1:1 render-failed"]);
    assert.match(slow[0].message, /did not finish within 0\.001 s and was stopped/);
    await servers.stop();
    client = await servers.start({ files: chartFiles(), settings: settings({}, NO_TOOL), trusted: true });
    await client.open("demo/templates/role.yaml", chartFiles()["demo/templates/role.yaml"], true);
    const missing = await diagnosticsUntil(client, client.uri("demo/Chart.yaml"), (d) => d.length > 0);
    assert.deepEqual(located(missing), ["1:1 render-failed"]);
    assert.equal(
      missing[0].message,
      `helm was not found at ${NO_TOOL} (kubeRbac.helm.path): the chart is not rendered, its templates are checked in place only (without values)`,
    );
  });

  it("the rendered objects, marked with their templates, for the what-if overlay", async () => {
    const client = await servers.start({ files: chartFiles(), settings: settings(), trusted: true });
    const r = await client.connection.sendRequest(RenderedObjectsRequest, {});
    assert.deepEqual(
      r.objects.map((o) => [o.object.kind, o.object.metadata.name, path.basename(o.file ?? ""), o.kind]),
      [
        ["Role", "release-name-demo", "role.yaml", "chart"],
        ["RoleBinding", "release-name-demo", "rolebinding.yaml", "chart"],
      ],
    );
    assert.deepEqual(r.projects, [client.uri("demo")]);
  });

  it("renders on changes made on disk: a values file, a helper; a deleted chart drops its findings", async () => {
    const client = await servers.start({ files: chartFiles(), settings: settings(), trusted: true });
    const c = client;
    const role = c.uri("demo/templates/role.yaml");
    const onDisk = async (rel: string, text: string | undefined, uri = c.uri(rel)) => {
      const full = path.join(c.folder, rel);
      if (text === undefined) fs.rmSync(full, { recursive: true, force: true });
      else fs.writeFileSync(full, text);
      await c.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
        changes: [{ uri, type: text === undefined ? FileChangeType.Deleted : FileChangeType.Changed }],
      });
    };
    // Nothing is open: a change on disk alone renders the chart, and a closed template gets its findings.
    const values = fs.readFileSync(path.join(DEMO, "values.yaml"), "utf8");
    await onDisk("demo/values.yaml", values.replace("extraRules: []", "extraRules: [] # checked out"));
    const first = await diagnosticsUntil(c, role, (d) => d.some((x) => /"pod"/.test(x.message)));
    assert.deepEqual(located(first), ["9:5 unknown-resource", "9:5 unknown-resource", "12:3 secrets-read"]);
    await onDisk("demo/values.yaml", values.replace("resource: pod", "resource: pods"));
    const fixed = await diagnosticsUntil(c, role, (d) => !d.some((x) => /"pod"/.test(x.message)));
    assert.deepEqual(located(fixed), ["9:5 unknown-resource", "12:3 secrets-read"]);
    // A helper broken by another tool: one failure, on the helper's line that helm names.
    const helpers = fs.readFileSync(path.join(DEMO, "templates", "_helpers.tpl"), "utf8");
    await onDisk("demo/templates/_helpers.tpl", helpers.replace("{{- end }}", ""));
    const broken = await diagnosticsUntil(c, c.uri("demo/templates/_helpers.tpl"), (d) => d.length > 0);
    assert.deepEqual(located(broken), ["4:1 render-failed"]);
    assert.match(broken[0].message, /_helpers\.tpl:4\): unexpected EOF$/);
    assert.deepEqual(await diagnosticsUntil(c, role, (d) => d.length === 0), []);
    await onDisk("demo/templates/_helpers.tpl", helpers);
    await diagnosticsUntil(c, role, (d) => d.length === 2);
    assert.deepEqual(await diagnosticsUntil(c, c.uri("demo/templates/_helpers.tpl"), (d) => d.length === 0), []);
    // The chart's folder deleted (a checkout of a branch without it): its rendered findings go.
    await onDisk("demo", undefined, c.uri("demo"));
    assert.deepEqual(await diagnosticsUntil(c, role, (d) => d.length === 0), []);
    const asked = await c.connection.sendRequest(RenderedObjectsRequest, {});
    assert.deepEqual([asked.objects, asked.projects, asked.failures], [[], [], []]);
  });

  it("watches a rendered chart's folders: a change on disk that no client event tells renders it again", async () => {
    const client = await servers.start({ files: chartFiles(), settings: settings(), trusted: true });
    const role = await client.open("demo/templates/role.yaml", chartFiles()["demo/templates/role.yaml"], true);
    await diagnosticsUntil(client, role.uri, (d) => d.some((x) => /"pod"/.test(x.message)));
    const values = path.join(client.folder, "demo", "values.yaml");
    fs.writeFileSync(values, fs.readFileSync(values, "utf8").replace("resource: pod", "resource: pods"));
    const after = await diagnosticsUntil(client, role.uri, (d) => rendered(d) && !d.some((x) => /"pod"/.test(x.message)));
    assert.deepEqual(located(after), ["9:5 unknown-resource", "12:1 templated-file", "12:3 secrets-read"]);
  });

  it("builds on changes made on disk: a typo in a patch at its line; a deleted kustomization file drops it", async () => {
    const files: Record<string, string> = {};
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true }))
        if (e.isDirectory()) walk(path.join(dir, e.name));
        else files[`k/${path.relative(KUSTOMIZE, path.join(dir, e.name))}`] = fs.readFileSync(path.join(dir, e.name), "utf8");
    };
    walk(KUSTOMIZE);
    const client = await servers.start({ files, settings: settings(), trusted: true });
    const c = client;
    const patch = "k/overlays/prod/role-patch.yaml";
    const changed = async (rel: string, type: FileChangeType) =>
      c.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: c.uri(rel), type }] });
    fs.writeFileSync(
      path.join(c.folder, patch),
      files[patch].replace('verbs: ["get", "list", "watch"]', 'verbs: ["get", "lsit", "watch"]'),
    );
    await changed(patch, FileChangeType.Changed);
    const typo = await diagnosticsUntil(c, c.uri(patch), (d) => d.length > 0);
    assert.deepEqual(located(typo), ["11:21 unknown-verb"]);
    fs.rmSync(path.join(c.folder, "k/overlays/prod/kustomization.yaml"));
    await changed("k/overlays/prod/kustomization.yaml", FileChangeType.Deleted);
    assert.deepEqual(await diagnosticsUntil(c, c.uri(patch), (d) => d.length === 0), []);
  });

  it("a kustomization with a missing base: one warning on its kustomization file", async () => {
    const files: Record<string, string> = {};
    for (const rel of ["overlays/prod/kustomization.yaml", "overlays/prod/binding-patch.yaml", "overlays/prod/role-patch.yaml"])
      files[`k/${rel}`] = fs.readFileSync(path.join(KUSTOMIZE, rel), "utf8");
    const client = await servers.start({ files, settings: settings(), trusted: true });
    await client.open("k/overlays/prod/binding-patch.yaml", files["k/overlays/prod/binding-patch.yaml"], true);
    const diags = await diagnosticsUntil(client, client.uri("k/overlays/prod/kustomization.yaml"), (d) => d.length > 0);
    assert.deepEqual(located(diags), ["1:1 render-failed"]);
    assert.match(diags[0].message, /^kustomize could not build .*overlays\/prod: .*base/s);
  });
});

describe("server: render scheduling", function () {
  this.timeout(60000);

  it("opens and saves within the debounce render once; a touch during a render renders once more after it; an open of a rendered chart none", async () => {
    const { dir, root } = copyTree(DEMO);
    try {
      const pending = new Set<() => void>();
      const logs: string[] = [];
      const renders = new RenderScheduler({
        settings: () => ({ ...Settings.defaults.render, helmPath: tools().helm }),
        chartOptions: new ConfigChartOptions(),
        log: (m) => logs.push(m),
        timers: { set: (f) => (pending.add(f), f), clear: (t) => pending.delete(t as () => void) },
      });
      renders.setFolders([root]);
      renders.setTrusted(true);
      const template = path.join(dir, "templates", "role.yaml");
      for (let i = 0; i < 3; i++) renders.touched(template);
      assert.equal(pending.size, 1, "one render waits");
      const fire = () => {
        const [f] = pending;
        pending.delete(f);
        f();
      };
      fire();
      await renders.idle();
      assert.equal(logs.filter((l) => l.startsWith("kube-rbac: rendered")).length, 1);
      assert.equal(renders.findingsIn(template)?.findings.length, 3);
      // Opening another file of a rendered chart renders nothing: only a save does.
      renders.touched(path.join(dir, "templates", "rolebinding.yaml"), true);
      assert.equal(pending.size, 0, "an open of a rendered chart's file");
      // Touched while rendering: the running render is stopped, and one more runs after it.
      renders.touched(template);
      fire();
      renders.touched(template);
      fire();
      await renders.idle();
      assert.equal(logs.filter((l) => l.startsWith("kube-rbac: rendered")).length, 2);
      renders.setTrusted(false);
      renders.touched(template);
      assert.equal(pending.size, 0, "nothing is scheduled in an untrusted workspace");
      renders.dispose();
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
