import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import { ParsedFile, parseManifests, positionAt } from "../../../core/parse";
import { chunkStarts, ChunkedFile, ChunkedParser } from "../../../core/service/chunked-parse";
import { corpusFiles } from "../../support/corpus";

const plain = (objects: readonly { source?: unknown }[]) => objects.map(({ source: _s, ...rest }) => rest);
const spans = (objects: readonly { source?: { span: unknown; docIndex: number; valueSpan(p: (string | number)[]): unknown } }[]) =>
  objects.map((o) => [o.source?.span, o.source?.docIndex, o.source?.valueSpan(["metadata", "name"])]);

/** The chunked parse of `text` says what a whole-file parse says; returns the whole-file parse. */
function assertAsWhole(chunked: ChunkedFile, text: string): ParsedFile {
  const whole = parseManifests(text, "f");
  assert.deepEqual(plain(chunked.objects), plain(whole.objects), text);
  assert.deepEqual(spans(chunked.objects), spans(whole.objects), text);
  assert.deepEqual(
    chunked.findings.map((x) => [x.code, x.span]),
    whole.findings.map((x) => [x.code, x.span]),
    text,
  );
  assert.deepEqual(chunked.lineStarts, whole.lineStarts, text);
  assert.equal(chunked.templated, whole.templated, text);
  assert.equal(chunked.chunks.map((c) => c.text).join(""), text);
  return whole;
}

describe("core/service/chunked-parse", () => {
  it("splits at document markers only at line starts", () => {
    assert.deepEqual(chunkStarts("a: 1\n---\nb: 2\n--- # c\nc: 3\n  ---\nx: '---'\n"), [0, 5, 14]);
    assert.deepEqual(chunkStarts("%YAML 1.2\n---\na: 1\n---\nb: 2\n"), [0]);
  });

  it("agrees with a whole-file parse on every corpus file (objects, spans, document indexes, findings)", () => {
    const parser = new ChunkedParser();
    for (const f of corpusFiles()) {
      const text = fs.readFileSync(f, "utf8");
      const whole = parseManifests(text, f);
      const chunked = parser.parse(text, f);
      assert.deepEqual(plain(chunked.objects), plain(whole.objects), f);
      assert.deepEqual(spans(chunked.objects), spans(whole.objects), f);
      assert.deepEqual(
        chunked.findings.map((x) => [x.code, x.span]),
        whole.findings.map((x) => [x.code, x.span]),
        f,
      );
      assert.deepEqual(chunked.lineStarts, whole.lineStarts, f);
    }
  });

  it("re-parses only the chunk an edit touched and shifts the others", () => {
    const doc = (n: number) => `---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r${n}}\nrules: []\n`;
    const text = [0, 1, 2].map(doc).join("");
    const parser = new ChunkedParser();
    const first = parser.parse(text, "f");
    const edited = text.replace("name: r0", "name: role0");
    const second = parser.parse(edited, "f");
    assert.equal(second.chunks.length, 3);
    assert.ok(second.chunks[0].parsed !== first.chunks[0].parsed);
    assert.ok(second.chunks[1].parsed === first.chunks[1].parsed);
    assert.ok(second.chunks[2].parsed === first.chunks[2].parsed);
    const r2 = second.objects[2];
    const span = r2.source!.valueSpan(["metadata", "name"])!;
    assert.equal(edited.slice(span.start, span.end), "r2");
    assert.equal(r2.source!.docIndex, 2);
  });

  it("agrees with a whole-file parse after edits that add, remove and move document markers", () => {
    const doc = (n: number) => `---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r${n}}\nrules: []\n`;
    let text = `# head\n${[0, 1, 2, 3].map(doc).join("")}`;
    const parser = new ChunkedParser();
    parser.parse(text, "f");
    const edits: ((t: string) => string)[] = [
      (t) => t.replace("name: r1", "name: renamed"),
      (t) =>
        t.replace(
          "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r2}",
          "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r2}",
        ),
      (t) => t.replace("rules: []\n", "rules: []\n---\nkind: Role\n"),
      (t) => t + "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: tail, namespace: x}\n",
      (t) => t.slice(0, t.length - 20),
      (t) => "%YAML 1.2\n" + t,
      (t) => t.slice("%YAML 1.2\n".length),
      (t) => t.replace("# head\n", ""),
      (t) => t.replace(/---\n/g, "--- \n"),
      () => "",
      (t) => t + doc(9),
      (t) => t.replace(/\n/g, "\r\n"),
      (t) => `${t}# {{ a template expression over two chunks\n---\n# }}\n`,
    ];
    for (const edit of edits) {
      text = edit(text);
      const chunked = parser.parse(text, "f");
      const whole = assertAsWhole(chunked, text);
      for (let o = 0; o <= text.length; o++) assert.deepEqual(chunked.positionAt(o), positionAt(whole.lineStarts, o), `${text} @${o}`);
      for (let l = 0; l <= whole.lineStarts.length; l++) assert.equal(chunked.lineStart(l), whole.lineStarts[l], `${text} line ${l}`);
    }
  });

  it("takes the unchanged start and end of the text from the editor's changes, and agrees with a whole-file parse", () => {
    const doc = (n: number) => `---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r${n}}\nrules: []\n`;
    const pieces = ["---\n", "\n", "--- ", "x", "kind: Role\n", "metadata: {name: z}\n", "'", "{{ a }}", "  - get\n", "\r\n", ""];
    let seed = 7;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    for (let round = 0; round < 10; round++) {
      let text = Array.from({ length: 12 }, (_, n) => doc(n)).join("");
      const parser = new ChunkedParser();
      // The same history without the editor's changes: chunks found by comparing texts.
      const comparing = new ChunkedParser();
      let base = text;
      parser.parse(text, "f");
      comparing.parse(text, "f");
      let unchanged = { base, prefix: Infinity, suffix: Infinity };
      for (let step = 0; step < 40; step++) {
        // One to three edits between parses, as typing does while a check runs.
        for (let k = 1 + random(3); k > 0; k--) {
          const a = random(text.length + 1);
          const b = Math.min(text.length, a + random(30));
          const next = text.slice(0, a) + pieces[random(pieces.length)] + text.slice(b);
          // A lone CR is a line break to the chunker but not to the whole-file line count (a known difference).
          if (/\r(?!\n)/.test(next)) continue;
          unchanged = { base, prefix: Math.min(unchanged.prefix, a), suffix: Math.min(unchanged.suffix, text.length - b) };
          text = next;
        }
        const chunked = parser.parse(text, "f", unchanged);
        const byComparing = comparing.parse(text, "f");
        assertAsWhole(chunked, text);
        // The same chunks as comparing texts finds (no chunk split differently).
        assert.deepEqual(
          chunked.chunks.map((c) => [c.start, c.text.length]),
          byComparing.chunks.map((c) => [c.start, c.text.length]),
          text,
        );
        base = text;
        unchanged = { base, prefix: Infinity, suffix: Infinity };
      }
    }
  });

  it("re-parses only the chunks the editor's changes touched, and ignores changes relative to another text", () => {
    const doc = (n: number) => `---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r${n}}\nrules: []\n`;
    const text = [0, 1, 2, 3].map(doc).join("");
    const parser = new ChunkedParser();
    const first = parser.parse(text, "f");
    const at = text.indexOf("r2}");
    const edited = `${text.slice(0, at)}role2${text.slice(at + 2)}`;
    const second = parser.parse(edited, "f", { base: text, prefix: at, suffix: text.length - (at + 2) });
    assert.deepEqual(
      second.chunks.map((c, i) => c.parsed === first.chunks[i].parsed),
      [true, true, false, true],
    );
    // Changes said to be relative to a text that is not the previous one are not believed: the texts are compared.
    const third = parser.parse(text, "f", { base: "another text", prefix: Infinity, suffix: Infinity });
    assert.equal(third.objects[2].metadata.name, "r2");
  });
  it("reads a line inserted before a first document with no marker as part of that document", () => {
    const text = "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: a, namespace: x}\nrules: []\n---\nkind: Role\n";
    for (const inserted of ["x: 1\n", "    :\n", "# a comment\n", "---\n"]) {
      const edited = inserted + text;
      for (const unchanged of [undefined, { base: text, prefix: 0, suffix: text.length }]) {
        const parser = new ChunkedParser();
        parser.parse(text, "f");
        const chunked = parser.parse(edited, "f", unchanged);
        assertAsWhole(chunked, edited);
        assert.deepEqual(
          chunked.wholeFile().documents.map((d) => [d.span.start, d.span.end]),
          parseManifests(edited, "f").documents.map((d) => [d.span.start, d.span.end]),
          inserted,
        );
      }
    }
  });
});
