// Hostile documents through the language server (real handshake, in-memory streams): each generated text
// replaces the document; the diagnostics published for that version must be exactly those of
// `kube-rbac check` on the same text, and hover, completion, symbols, definition and code actions at
// random positions must answer (a value or null), never an error, with no unhandled rejection.
// The fast-typing case (hundreds of incremental edits, stale results dropped) is test/server/typing-session.test.ts.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import * as fc from "fast-check";
import { Diagnostic } from "vscode-languageserver-protocol";
import { checkPaths, JsonDiagnostic } from "../../cli/commands/check";
import { figure } from "../cluster/live-support";
import { positionOf, TestClient } from "../server/lsp-client";
import { FUZZ_RUNS, fuzzParameters, hostileText, PER_INPUT_MS } from "../support/fuzz";

const SEVERITY = { error: 1, warning: 2, information: 3, hint: 4 } as const;
const fromCli = (d: JsonDiagnostic) => ({ code: d.code, severity: SEVERITY[d.severity], range: d.range, message: d.message });
const fromEditor = (d: Diagnostic) => ({ code: d.code, severity: d.severity, range: d.range, message: d.message });

/** The server's share of the fuzz budget: an LSP round trip and a CLI check per input. */
const RUNS = Math.max(50, Math.ceil(FUZZ_RUNS / 10));

describe("reliability: hostile documents through the language server", function () {
  this.timeout(0);
  let client: TestClient;
  let dir: string;
  const rejections: unknown[] = [];
  const onRejection = (e: unknown) => rejections.push(e);
  before(async () => {
    process.on("unhandledRejection", onRejection);
    client = await TestClient.start();
    await client.scanned;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-fuzz-lsp-"));
  });
  after(async () => {
    process.off("unhandledRejection", onRejection);
    await client?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`publishes the CLI's diagnostics and answers every request (${RUNS} documents)`, async () => {
    const file = path.join(dir, "fuzz.yaml");
    const uri = pathToFileURL(file).toString();
    let version = 1;
    await client.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version, text: "" } });
    let max = 0;
    const t0 = performance.now();
    await fc.assert(
      fc.asyncProperty(
        hostileText,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), { minLength: 1, maxLength: 3 }),
        async (raw, spots) => {
          // The CLI reads the text back from a UTF-8 file, where a lone surrogate becomes U+FFFD; an editor's
          // buffer, decoded from a file, holds the same.
          const text = wellFormed(raw);
          version++;
          const started = performance.now();
          await client.connection.sendNotification("textDocument/didChange", {
            textDocument: { uri, version },
            contentChanges: [{ text }],
          });
          const got = (await client.diagnosticsFor(uri, version)).map(fromEditor);
          for (const r of spots) {
            const position = positionOf(text, Math.floor(r * (text.length + 1)));
            const at = { textDocument: { uri }, position };
            await client.connection.sendRequest("textDocument/hover", at);
            await client.connection.sendRequest("textDocument/completion", at);
            await client.connection.sendRequest("textDocument/definition", at);
            await client.connection.sendRequest("textDocument/codeAction", {
              textDocument: { uri },
              range: { start: position, end: position },
              context: { diagnostics: [] },
            });
          }
          await client.connection.sendRequest("textDocument/documentSymbol", { textDocument: { uri } });
          const ms = performance.now() - started;
          max = Math.max(max, ms);
          assert.ok(ms < PER_INPUT_MS * 2, `${Math.round(ms)} ms for one document of ${text.length} characters`);
          fs.writeFileSync(file, text);
          assert.deepEqual(got, checkPaths([file]).map(fromCli));
        },
      ),
      fuzzParameters(RUNS),
    );
    assert.deepEqual(rejections, []);
    // Still serving after all of it.
    await client.connection.sendNotification("textDocument/didChange", {
      textDocument: { uri, version: ++version },
      contentChanges: [{ text: "kind: Role\n" }],
    });
    assert.deepEqual(
      (await client.diagnosticsFor(uri, version)).map((d) => d.code),
      ["unsupported-api-version"],
    );
    figure(
      "language server, hostile documents",
      `${RUNS} documents, ${Math.round(performance.now() - t0)} ms in all, slowest ${Math.round(max)} ms (change -> diagnostics -> 4-13 requests)`,
    );
  });
});

function wellFormed(s: string): string {
  return s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
}
