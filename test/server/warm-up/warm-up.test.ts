// The start-up warm-up (server/warm-up/warm-up.ts): it runs the checks on generated documents, leaves no trace
// (no diagnostics, nothing in the workspace), and never keeps a document from being checked.
import { strict as assert } from "node:assert";
import { NotificationMessage } from "vscode-languageserver";
import { checkFile } from "../../../core/checks/index";
import { builtInCatalog } from "../../../core/catalog";
import { EMPTY_WORKSPACE } from "../../../core/checks/context";
import { parseManifests } from "../../../core/parse";
import samplesText from "../../../server/warm-up/samples-text";
import { readSamples } from "../../../server/warm-up/samples";
import { DOCUMENTS_PER_FILE, publishedUriDecoder, sampleFile, WARM_UP_DOCUMENTS, WARM_UP_FILES } from "../../../server/warm-up/warm-up";
import { encodeMessage } from "../../../server/wire";
import { TestClient } from "../lsp-client";

describe("server: warm-up", () => {
  it("runs the checks it warms up: its sample has many kinds of findings and no parse errors", () => {
    const parsed = parseManifests(sampleFile(0, 16), "sample.yaml");
    assert.deepEqual(parsed.findings, []);
    assert.equal(parsed.objects.length, 16);
    const codes = new Set(checkFile(parsed, { catalog: builtInCatalog(), workspace: EMPTY_WORKSPACE }).map((f) => f.code));
    assert.ok(codes.size >= 12, [...codes].join(" "));
  });

  it("draws rules from every API group of the built-in catalog and parses cleanly throughout", () => {
    const parsed = parseManifests(sampleFile(0, WARM_UP_DOCUMENTS), "sample.yaml");
    assert.deepEqual(parsed.findings, []);
    const named = new Set(
      parsed.objects.flatMap((o) => (o.kind === "Role" || o.kind === "ClusterRole" ? o.rules.flatMap((r) => r.apiGroups) : [])),
    );
    assert.deepEqual(
      builtInCatalog()
        .groups()
        .filter((g) => !named.has(g)),
      [],
    );
  });

  it("sends every fixture of samples.yaml, and catalog roles of both kinds, in each of its files", () => {
    assert.equal(WARM_UP_FILES * DOCUMENTS_PER_FILE, WARM_UP_DOCUMENTS);
    const escape = (s: string) => s.replace(/[.*+?^$()[\]{}|\\/]/g, "\\$&");
    const fixtures = [...readSamples(samplesText)].map(([name, text]) => ({
      name,
      pattern: new RegExp(
        `\n${text
          .split(/\$\{[\w-]+\}/)
          .map(escape)
          .join("[^\\n]*")}`,
      ),
    }));
    for (let f = 0; f < WARM_UP_FILES; f++) {
      const file = sampleFile(f * DOCUMENTS_PER_FILE, DOCUMENTS_PER_FILE);
      for (const { name, pattern } of fixtures) assert.match(file, pattern, `sample ${name} in file ${f}`);
      assert.match(file, /\nkind: ClusterRole\nmetadata:\n {2}name: catalog-\d+\nrules:\n/, `file ${f}`);
      assert.match(file, /\nkind: Role\nmetadata:\n {2}name: catalog-\d+\n {2}namespace: team-\d\nrules:\n/, `file ${f}`);
    }
  });

  it("warms up after start, leaves no trace, and checks a document opened meanwhile", async function () {
    this.timeout(120_000);
    const client = await TestClient.start({ warmUp: true, settings: { logLevel: "debug" } });
    try {
      const doc = await client.open(
        "opened.yaml",
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r, namespace: a}\nrules:\n- apiGroups: [""]\n  resources: [pod]\n  verbs: [get]\n',
      );
      const diagnostics = await doc.diagnostics();
      assert.deepEqual(
        diagnostics.map((d) => d.code),
        ["unknown-resource"],
      );
      // (The test's own timeout bounds the wait.)
      const warmed = await client.logged(/warmed up on \d+ generated documents/);
      // The opened document was checked before the warm-up was done: it stepped aside.
      const checked = client.logs.findIndex((l) => l.includes("checked") && l.includes("opened.yaml"));
      assert.ok(checked >= 0 && checked < warmed, client.logs.join("\n"));
      assert.deepEqual(
        [...client.published.keys()].map((u) => u.split("/").pop()),
        ["opened.yaml"],
      );
      assert.deepEqual((await client.workspaceSymbols("reader-")).length, 0);
    } finally {
      await client.stop();
    }
  });

  it("reads the uri of the second server's diagnostics without their bodies, and other messages whole", async () => {
    const publish = encodeMessage({
      jsonrpc: "2.0",
      method: "textDocument/publishDiagnostics",
      params: {
        uri: 'kube-rbac-warm-up:/a "b".yaml',
        diagnostics: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'é ,"diagnostics":[' }],
      },
    } as NotificationMessage);
    assert.deepEqual(await publishedUriDecoder.decode(publish, { charset: "utf-8" }), {
      jsonrpc: "2.0",
      method: "textDocument/publishDiagnostics",
      params: { uri: 'kube-rbac-warm-up:/a "b".yaml', diagnostics: [] },
    });
    const log = { jsonrpc: "2.0", method: "window/logMessage", params: { type: 1, message: "é" } };
    assert.deepEqual(await publishedUriDecoder.decode(Buffer.from(JSON.stringify(log)), { charset: "utf-8" }), log);
  });
});
