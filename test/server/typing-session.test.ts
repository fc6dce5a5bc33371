// A typing session replayed quickly: hundreds of incremental edits at random places of a real corpus file,
// sent without waiting for diagnostics (checks in progress get cancelled, stale results dropped, chunks
// re-split as `---` lines come and go). The diagnostics finally published must be those of a fresh check
// of the final text.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { Diagnostic } from "vscode-languageserver-protocol";
import { checkPaths, JsonDiagnostic } from "../../cli/commands/check";
import { readCorpus } from "../support/corpus";
import { positionOf, TestClient } from "./lsp-client";

const SEVERITY = { error: 1, warning: 2, information: 3, hint: 4 } as const;
const fromCli = (d: JsonDiagnostic) => ({ code: d.code, severity: SEVERITY[d.severity], range: d.range, message: d.message });
const fromEditor = (d: Diagnostic) => ({ code: d.code, severity: d.severity, range: d.range, message: d.message });

/** A small deterministic generator (LCG), so a failure can be replayed. */
function random(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

const INSERTS = [
  "a",
  "s",
  " ",
  "\n",
  "---\n",
  "- ",
  ": ",
  "verbs: [get]\n",
  "  ",
  "*",
  "{{ .Values.x }}",
  "kind: Role\n",
  "#",
  '"',
  "\n---\n",
];

describe("server: a fast typing session", function () {
  // A correctness test: 300 edits of a large file, each re-checked, take several seconds on a busy machine
  // (the typing speed itself is measured by the benchmark).
  this.timeout(90_000);
  let client: TestClient;
  let dir: string;
  before(async () => {
    client = await TestClient.start();
    await client.scanned;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-typing-"));
  });
  after(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const [name, seed] of [
    ["kubernetes__dashboard__aio_deploy_recommended.yaml", 7],
    ["kubernetes__kubernetes__plugin_pkg_auth_authorizer_rbac_bootstrappolicy_testdata_controller-roles.yaml", 42],
  ] as const) {
    it(`ends with the diagnostics of a fresh check after 300 edits (${name.slice(0, 40)}…)`, async () => {
      const file = path.join(dir, name);
      const uri = pathToFileURL(file).toString();
      let text = readCorpus(name);
      let version = 1;
      await client.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version, text } });
      const rnd = random(seed);
      for (let i = 0; i < 300; i++) {
        const at = rnd(text.length + 1);
        let end = at;
        let insert = "";
        if (rnd(3) === 0) end = Math.min(text.length, at + 1 + rnd(20));
        else insert = INSERTS[rnd(INSERTS.length)];
        // Document markers are only markers at the start of a line.
        if (insert.startsWith("---") && at > 0 && text[at - 1] !== "\n") insert = `\n${insert}`;
        const range = { start: positionOf(text, at), end: positionOf(text, end) };
        text = text.slice(0, at) + insert + text.slice(end);
        version++;
        void client.connection.sendNotification("textDocument/didChange", {
          textDocument: { uri, version },
          contentChanges: [{ range, text: insert }],
        });
      }
      await client.settled();
      fs.writeFileSync(file, text);
      const expected = checkPaths([file]).map(fromCli);
      const got = (await client.diagnosticsFor(uri, version)).map(fromEditor);
      assert.ok(expected.length > 0);
      assert.deepEqual(got, expected);
      await client.connection.sendNotification("textDocument/didClose", { textDocument: { uri } });
    });
  }
});
