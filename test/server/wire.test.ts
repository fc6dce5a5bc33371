// The server's encoder (server/wire.ts): every message it writes is the same JSON value JSON.stringify
// gives, in ASCII; diagnostics are encoded once per object.
import { strict as assert } from "node:assert";
import { Diagnostic, DiagnosticSeverity } from "vscode-languageserver";
import { asciiJson, encodeMessage } from "../../server/wire";

/** A publishDiagnostics message as it reads on the wire. */
interface Published {
  params: { version: number; diagnostics: { message: string }[] };
}

function diagnostic(message: string, line = 0): Diagnostic {
  return {
    range: { start: { line, character: 2 }, end: { line, character: 9 } },
    severity: DiagnosticSeverity.Warning,
    code: "wildcard",
    source: "kube-rbac",
    message,
    codeDescription: { href: "file:///ext/docs/checks/wildcard.md" },
  };
}

const publish = (params: object) => ({ jsonrpc: "2.0", method: "textDocument/publishDiagnostics", params });

function roundTrip(msg: object): void {
  const bytes = encodeMessage(msg as never);
  for (const b of bytes) assert.ok(b < 0x80, "ASCII only");
  assert.deepEqual(JSON.parse(bytes.toString("utf8")), JSON.parse(JSON.stringify(msg)));
}

describe("server wire encoding", () => {
  it("writes diagnostics as the JSON.stringify value, in ASCII (non-ASCII text escaped)", () => {
    const texts = [
      "plain",
      "grants — too much",
      'quote " backslash \\ newline \n tab \t',
      "emoji 😀 (a surrogate pair)",
      "\u007f\u0080\u2028\u2029",
      "",
    ];
    roundTrip(publish({ uri: "file:///w/röles.yaml", version: 3, diagnostics: texts.map((t, i) => diagnostic(t, i)) }));
    roundTrip(publish({ uri: "file:///w/a.yaml", diagnostics: [diagnostic("no version")] }));
    roundTrip(publish({ uri: "file:///w/a.yaml", version: null, diagnostics: [] }));
    roundTrip(
      publish({
        uri: "file:///w/a.yaml",
        version: 1,
        diagnostics: [{ ...diagnostic("x"), data: { fixes: [1, "é"] }, relatedInformation: [] }],
      }),
    );
  });

  it("writes any other message as JSON.stringify does, in ASCII too", () => {
    roundTrip({ jsonrpc: "2.0", id: 4, result: { contents: { kind: "markdown", value: "Allows **get** — on pods" } } });
    roundTrip({ jsonrpc: "2.0", method: "window/logMessage", params: { type: 3, message: "checked" } });
    // Unexpected fields in a publish: the plain path, nothing dropped.
    roundTrip({ ...publish({ uri: "file:///w/a.yaml", diagnostics: [diagnostic("x")], extra: true }) });
    roundTrip({ ...publish({ uri: "file:///w/a.yaml", diagnostics: [diagnostic("x")] }), id: 1 });
  });

  it("encodes a diagnostic object once, and a new object anew", () => {
    const kept = diagnostic("kept");
    const first = encodeMessage(publish({ uri: "file:///w/a.yaml", version: 1, diagnostics: [kept, diagnostic("one")] })).toString();
    // The same object is taken from the cache: changing it afterwards (which the validator never does) shows that.
    (kept as { message: string }).message = "changed";
    const second = JSON.parse(
      encodeMessage(publish({ uri: "file:///w/a.yaml", version: 2, diagnostics: [kept, diagnostic("two")] })).toString(),
    ) as Published;
    assert.equal(second.params.diagnostics[0].message, "kept");
    assert.equal(second.params.diagnostics[1].message, "two");
    assert.equal(second.params.version, 2);
    assert.equal((JSON.parse(first) as Published).params.diagnostics[1].message, "one");
  });

  it("escapes exactly the characters outside ASCII", () => {
    assert.equal(asciiJson("a—b\u007f"), '"a\\u2014b\\u007f"');
    assert.equal(JSON.parse(asciiJson("😀")), "😀");
  });
});
