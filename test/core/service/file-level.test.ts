import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import { checkFileLevel, CheckContext, EMPTY_WORKSPACE } from "../../../core/checks/index";
import { parseManifests } from "../../../core/parse";
import { ChunkedParser } from "../../../core/service/chunked-parse";
import { FileLevelIndex } from "../../../core/service/file-level";
import { corpusFiles } from "../../support/corpus";

const ctx: CheckContext = { workspace: EMPTY_WORKSPACE };
const plain = (fs: readonly { code: string; severity: string; message: string; span: { start: number; end: number }; data?: unknown }[]) =>
  fs.map((f) => ({ code: f.code, severity: f.severity, message: f.message, span: { start: f.span.start, end: f.span.end }, data: f.data }));
const role = (name: string, ns = "a") =>
  `---\napiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nrules: []\n`;

describe("core/service/file-level", () => {
  it("gives checkFileLevel's findings after every edit (duplicates appearing, moving, renamed away, suppressed)", () => {
    const parser = new ChunkedParser();
    const index = new FileLevelIndex();
    const texts = [
      role("r1") + role("r2") + role("r1"),
      role("r0") + role("r1") + role("r2") + role("r1"), // a document before: indexes move
      role("r0") + role("r1") + role("r2") + role("r1") + role("r1") + role("r2", "b"),
      role("r0") + role("r9") + role("r2") + role("r1") + role("r1") + role("r2", "b"), // the first r1 renamed: the next one becomes first
      role("r0") +
        role("r9") +
        role("r2") +
        role("r1") +
        role("r1").replace("  name:", "  # kube-rbac-disable-next-line duplicate-object\n  name:"),
      role("r0") + role("r9") + "---\na: [\n" + role("r1") + role("r1"), // a YAML error
      "%YAML 1.2\n" + role("r1") + role("r1"), // one chunk
      role("r1") + "---\n{{ .Values.x }}\n" + role("r1"), // templated
      role("r1") + role("r1"),
      "",
    ];
    for (const text of texts) {
      const file = parser.parse(text, "f");
      for (const c of [
        ctx,
        { ...ctx, settings: { severity: { "duplicate-object": "off" as const } } },
        { ...ctx, settings: { severity: { "duplicate-object": "error" as const } } },
      ]) {
        assert.deepEqual(plain(index.findings(file, c)), plain(checkFileLevel(parseManifests(text, "f"), c)), text);
      }
    }
  });

  it("agrees with checkFileLevel on every corpus file", () => {
    const parser = new ChunkedParser();
    for (const f of corpusFiles()) {
      const text = fs.readFileSync(f, "utf8");
      const index = new FileLevelIndex();
      assert.deepEqual(plain(index.findings(parser.parse(text, f), ctx)), plain(checkFileLevel(parseManifests(text, f), ctx)), f);
    }
  });
});
