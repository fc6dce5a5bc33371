import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import { builtInCatalog } from "../../../core/catalog";
import { customResourcesOf, withCustomResources } from "../../../core/catalog/crds";
import { checkFile, workspaceView } from "../../../core/checks/index";
import { Finding, isRole, RoleObject } from "../../../core/model";
import { parseManifests } from "../../../core/parse";
import { CheckService, checkTexts, ManifestReader, orderedFindings } from "../../../core/service/check-service";
import { ChunkedParser } from "../../../core/service/chunked-parse";
import { WorkspaceModel } from "../../../core/service/workspace";
import { corpusFiles } from "../../support/corpus";

const plain = (list: readonly Finding[]) =>
  list.map((f) => ({ code: f.code, severity: f.severity, message: f.message, span: { start: f.span.start, end: f.span.end } }));

/** The whole-file reference: every file parsed at once and checked by checkFile, one workspace for all. */
function wholeFile(files: readonly { file: string; text: string }[]): Finding[][] {
  const parsed = files.map((f) => parseManifests(f.text, f.file));
  const roles: RoleObject[] = [];
  const serviceAccounts: { namespace: string; name: string }[] = [];
  for (const p of parsed) {
    for (const o of p.objects) if (isRole(o)) roles.push(o);
    for (const o of p.others)
      if (o.kind === "ServiceAccount") serviceAccounts.push({ namespace: o.metadata.namespace, name: o.metadata.name });
  }
  // The files' CustomResourceDefinitions extend the catalog, as checkTexts does.
  const catalog = withCustomResources(
    builtInCatalog(),
    parsed.flatMap((p) => p.documents.flatMap((d) => customResourcesOf(d.value))),
  );
  const ctx = { catalog, workspace: workspaceView(roles, serviceAccounts, false) };
  return parsed.map((p) => checkFile(p, ctx));
}

const role = (name: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: ${name}, namespace: x}\nrules: []\n`;

describe("core/service/check-service", () => {
  it("checks files chunk by chunk exactly as checkFile checks them whole (every corpus file, one workspace)", () => {
    const paths = [...corpusFiles(), ...corpusFiles("bad"), ...corpusFiles("templated")];
    const files = paths.map((file) => ({ file, text: fs.readFileSync(file, "utf8") }));
    const expected = wholeFile(files);
    const got = checkTexts(files, builtInCatalog());
    assert.equal(got.length, files.length);
    got.forEach((g, i) => assert.deepEqual(plain(g.findings), plain(expected[i]), files[i].file));
    assert.ok(got.some((g) => g.findings.some((f) => f.code === "missing-verbs")));
  });

  it("honours a suppression comment naming no code just before a document marker, as the whole-file check does", () => {
    const flow = `{apiVersion: rbac.authorization.k8s.io/v1, kind: Role, metadata: {name: b, namespace: x}, rules: [{apiGroups: [""], resources: [pods]}]}`;
    for (const comment of [
      "# kube-rbac-disable-next-line",
      "# kube-rbac-disable-next-line missing-verbs",
      "# kube-rbac-disable-next-line other",
    ]) {
      const text = `${role("a")}${comment}\n--- ${flow}\n`;
      const [got] = checkTexts([{ file: "f.yaml", text }], builtInCatalog());
      assert.deepEqual(plain(got.findings), plain(wholeFile([{ file: "f.yaml", text }])[0]), comment);
      assert.deepEqual(
        got.findings.map((f) => f.code),
        comment.endsWith("other") ? ["missing-verbs"] : [],
        comment,
      );
    }
  });

  it("reads each file with the reader chosen for it, and forgets it through that reader", () => {
    const read: string[] = [];
    const forgot: string[] = [];
    const yaml = new ChunkedParser();
    // Another source kind: here, a reader that prepends a role to what it reads.
    const custom: ManifestReader = {
      *parseSteps(text, file, unchanged) {
        read.push(file);
        return yield* yaml.parseSteps(
          role("from-reader").replace("rules: []", 'rules: [{apiGroups: [""], resources: [pods]}]') + "---\n" + text,
          file,
          unchanged,
        );
      },
      forget: (file) => forgot.push(file),
    };
    const service = new CheckService((file) => (file.endsWith(".tpl") ? custom : undefined));
    const plainFile = service.parse(role("plain"), "a.yaml");
    const custom1 = service.parse(role("templated"), "b.tpl");
    assert.deepEqual(read, ["b.tpl"]);
    assert.deepEqual(
      plainFile.objects.map((o) => o.metadata.name),
      ["plain"],
    );
    assert.deepEqual(
      custom1.objects.map((o) => o.metadata.name),
      ["from-reader", "templated"],
    );
    const workspace = new WorkspaceModel();
    const findings = orderedFindings(service.check(custom1, { catalog: builtInCatalog(), workspace, version: "" }));
    // The checks ran on what the reader gave: the rule it added has no verbs.
    assert.deepEqual(
      findings.map((f) => [f.code, f.file]),
      [["missing-verbs", "b.tpl"]],
    );
    service.forgetFile("b.tpl");
    service.forgetFile("a.yaml");
    assert.deepEqual(forgot, ["b.tpl"]);
  });
});
