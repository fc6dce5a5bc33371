import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import { parseManifests, positionAt } from "../../../core/parse";
import { chunkStarts, ChunkedParser } from "../../../core/service/chunked-parse";
import { corpusFiles } from "../../support/corpus";

const plain = (objects: readonly { source?: unknown }[]) => objects.map(({ source: _s, ...rest }) => rest);
const spans = (objects: readonly { source?: { span: unknown; docIndex: number; valueSpan(p: (string | number)[]): unknown } }[]) =>
  objects.map((o) => [o.source?.span, o.source?.docIndex, o.source?.valueSpan(["metadata", "name"])]);

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
      assert.deepEqual(chunked.findings.map((x) => [x.code, x.span]), whole.findings.map((x) => [x.code, x.span]), f);
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
      (t) => t.replace("---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r2}", "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r2}"),
      (t) => t.replace("rules: []\n", "rules: []\n---\nkind: Role\n"),
      (t) => t + "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: tail, namespace: x}\n",
      (t) => t.slice(0, t.length - 20),
      (t) => "%YAML 1.2\n" + t,
      (t) => t.slice("%YAML 1.2\n".length),
      (t) => t.replace("# head\n", ""),
      (t) => t.replace(/---\n/g, "--- \n"),
      (t) => "",
      (t) => t + doc(9),
      (t) => t.replace(/\n/g, "\r\n"),
      (t) => `${t}# {{ a template expression over two chunks\n---\n# }}\n`,
    ];
    for (const edit of edits) {
      text = edit(text);
      const chunked = parser.parse(text, "f");
      const whole = parseManifests(text, "f");
      assert.deepEqual(plain(chunked.objects), plain(whole.objects), text);
      assert.deepEqual(spans(chunked.objects), spans(whole.objects), text);
      assert.deepEqual(chunked.findings.map((x) => [x.code, x.span]), whole.findings.map((x) => [x.code, x.span]), text);
      assert.deepEqual(chunked.lineStarts, whole.lineStarts, text);
      assert.equal(chunked.templated, whole.templated, text);
      for (let o = 0; o <= text.length; o++) assert.deepEqual(chunked.positionAt(o), positionAt(whole.lineStarts, o), `${text} @${o}`);
      for (let l = 0; l <= whole.lineStarts.length; l++) assert.equal(chunked.lineStart(l), whole.lineStarts[l], `${text} line ${l}`);
      assert.equal(chunked.chunks.map((c) => c.text).join(""), text);
    }
  });
});
