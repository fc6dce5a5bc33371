// Hostile input for the core parser and checks (property-based, seeded from the corpus): nothing throws,
// every finding points inside the text, each input is done within a generous bound, and the valid
// documents of a file keep exactly their diagnostics when broken documents sit next to them.
// Runs: KUBE_RBAC_FUZZ_RUNS (default a CI-sized count; `npm run test:fuzz` gives this property 80,000,
// 120,000 inputs over all the fuzz properties).
import { strict as assert } from "node:assert";
import { performance } from "node:perf_hooks";
import * as fc from "fast-check";
import { builtInCatalog } from "../../core/catalog";
import { ALL_CHECKS, checkDocument, checkFile } from "../../core/checks";
import { EMPTY_WORKSPACE } from "../../core/checks/context";
import { Finding } from "../../core/model";
import { ParsedDocument, parseManifests, positionAt } from "../../core/parse";
import { figure } from "../cluster/live-support";
import { corpusSeeds, FUZZ_RUNS, fuzzParameters, hostileText, mutatedManifest, PER_INPUT_MS, tenMegabytes } from "../support/fuzz";

const ctx = { catalog: builtInCatalog(), workspace: EMPTY_WORKSPACE };
const CODES = new Set([...ALL_CHECKS.map((c) => c.code), "yaml-syntax"]);

/** Everything an editor would ask of one file: parse, check, positions of every finding, each document's AST. */
function exercise(text: string, engine: "fast" | "yaml" = "fast"): { findings: Finding[]; ms: number } {
  const t0 = performance.now();
  const parsed = parseManifests(text, "fuzz.yaml", { engine });
  const findings = checkFile(parsed, ctx);
  for (const f of findings) {
    assert.ok(
      f.span.start >= 0 && f.span.start <= f.span.end && f.span.end <= text.length,
      `span ${JSON.stringify(f.span)} outside 0..${text.length} (${f.code})`,
    );
    assert.ok(CODES.has(f.code), `unknown code ${f.code}`);
    assert.ok(typeof f.message === "string" && f.message.length > 0, `empty message (${f.code})`);
    const p = positionAt(parsed.lineStarts, f.span.end);
    assert.ok(p.line >= 0 && p.line < parsed.lineStarts.length && p.character >= 0);
  }
  for (const d of parsed.documents) assert.ok(d.yaml.contents !== undefined || d.yaml.errors.length >= 0);
  return { findings, ms: performance.now() - t0 };
}

describe("reliability: hostile input to the parser and checks", function () {
  this.timeout(0);
  const times: number[] = [];
  after(() => {
    if (times.length === 0) return;
    const sorted = [...times].sort((a, b) => a - b);
    const q = (x: number) => sorted[Math.min(sorted.length - 1, Math.floor(x * sorted.length))].toFixed(1);
    figure("parse+check per hostile input", `${times.length} inputs, median ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${q(1)} ms`);
  });

  it(`never throws, reports in range, within ${PER_INPUT_MS} ms per input (${FUZZ_RUNS} inputs)`, () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const { ms } = exercise(text);
        times.push(ms);
        assert.ok(ms < PER_INPUT_MS, `${Math.round(ms)} ms for one input of ${text.length} characters`);
      }),
      fuzzParameters(FUZZ_RUNS),
    );
  });

  it(`the reference engine ("yaml") copes with the same inputs (${Math.ceil(FUZZ_RUNS / 10)} inputs)`, () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const { ms } = exercise(text, "yaml");
        assert.ok(ms < PER_INPUT_MS * 2, `${Math.round(ms)} ms for one input of ${text.length} characters`);
      }),
      fuzzParameters(Math.ceil(FUZZ_RUNS / 10)),
    );
  });

  it(`the valid documents of a file keep their diagnostics next to broken ones (${Math.ceil(FUZZ_RUNS / 5)} files)`, () => {
    const seeds = corpusSeeds().filter(
      (s) =>
        !/\{\{|\{%/.test(s) &&
        parseManifests(s, "v.yaml").findings.length === 0 &&
        parseManifests(s, "v.yaml").documents.length > 0 &&
        !/^(%|\.\.\.)/m.test(s),
    );
    // Findings per document, spans relative to where the valid part starts in the file.
    const perDoc = (text: string, from: number, docs: (all: readonly ParsedDocument[]) => readonly ParsedDocument[]) => {
      const parsed = parseManifests(text, "f.yaml");
      return docs(parsed.documents).map((d) =>
        checkDocument(parsed, d.index, ctx).map((f) => ({
          code: f.code,
          severity: f.severity,
          message: f.message,
          start: f.span.start - from,
          end: f.span.end - from,
        })),
      );
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        mutatedManifest.filter((b) => !/\{\{|\{%/.test(b)),
        fc.boolean(),
        (i, broken, before) => {
          const valid = seeds[i % seeds.length];
          const expected = perDoc(valid, 0, (all) => all);
          const n = expected.length;
          // A broken document ends where the next `---` line starts: YAML forbids that line inside content.
          // Directive lines right above a `---` belong to the document below it, so the broken one is
          // closed with `...` first: its own directives stay its own.
          if (before) {
            const prefix = broken + "\n...\n---\n";
            assert.deepEqual(
              perDoc(prefix + valid, prefix.length, (all) => all.slice(all.length - n)),
              expected,
            );
          } else {
            assert.deepEqual(
              perDoc(valid + "\n---\n" + broken, 0, (all) => all.slice(0, n)),
              expected,
            );
          }
        },
      ),
      fuzzParameters(Math.ceil(FUZZ_RUNS / 5)),
    );
  });

  it("a 10 MB file: checked in bounded time and memory", () => {
    const text = tenMegabytes();
    const heap0 = process.memoryUsage().heapUsed;
    const { findings, ms } = exercise(text);
    const heapMb = (process.memoryUsage().heapUsed - heap0) / 1e6;
    figure(
      "10 MB file (corpus documents)",
      `${(text.length / 1e6).toFixed(1)} M characters, ${findings.length} findings, ${Math.round(ms)} ms, heap +${Math.round(heapMb)} MB`,
    );
    assert.ok(findings.length > 0);
    // Bounds that only a runaway would break (measured: see docs/reliability.md).
    assert.ok(ms < 120_000, `${Math.round(ms)} ms`);
    assert.ok(heapMb < 2_000, `${Math.round(heapMb)} MB`);
  });

  it("regression found by the full run: a stray `}` right after `---` is the broken document's error, not the valid one's", () => {
    const valid = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: a\n";
    const text = `${valid}\n---\n}# x\napiVersion: v1\n...\n`;
    const parsed = parseManifests(text, "f.yaml");
    assert.equal(parsed.documents.length, 2);
    assert.deepEqual(parsed.documents[0].errors, []);
    assert.deepEqual(
      parsed.documents[1].errors.map((e) => [e.code, e.span.start]),
      [["yaml-syntax", text.indexOf("}")]],
    );
  });

  it("regression found by the full run: in a file with directives, an unclosed quote does not swallow the next document", () => {
    const valid = "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: r\n  namespace: n\nrules: []\n";
    const text = `%TAG ! tag:x,2000:\r\n'# Source\r\napiVersion: v1\r\n---\n${valid}`;
    const parsed = parseManifests(text, "f.yaml");
    assert.equal(parsed.documents.length, 2);
    assert.ok(parsed.documents[0].errors.length > 0);
    assert.deepEqual(parsed.documents[1].errors, []);
    assert.deepEqual(parsed.documents[1].value, parseManifests(valid, "g.yaml").documents[0].value);
    // Directives stay with the document after them, even after `...` and comments.
    const docs = parseManifests("a: 1\n...\n# c\n%YAML 1.2\n---\nb: 2\n", "h.yaml").documents;
    assert.deepEqual(
      docs.map((d) => [d.value, d.errors.length]),
      [
        [{ a: 1 }, 0],
        [{ b: 2 }, 0],
      ],
    );
  });

  it("regressions found by the fuzzer: error spans inside the text; no quadratic suggestion for a huge name", () => {
    // The yaml package reports an unterminated quote one character past the end of the input.
    assert.deepEqual(
      exercise('"').findings.map((f) => [f.code, f.span]),
      [["yaml-syntax", { start: 0, end: 1 }]],
    );
    assert.deepEqual(
      exercise("[a").findings.map((f) => f.span.end <= 2),
      [true],
    );
    // ... nor past the end of its document (the editor parses documents separately): the `\n` before `---`.
    assert.deepEqual(
      exercise('"a: b\r\n---\r\nkind: x\r\n')
        .findings.filter((f) => f.code === "yaml-syntax")
        .map((f) => f.span),
      [{ start: 6, end: 7 }],
    );
    // A 100,000-character resource name was compared with every catalog resource by a full edit-distance table (seconds).
    const huge =
      "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: x}\nrules:\n- apiGroups: ['']\n  resources: [" +
      "p".repeat(100_000) +
      "]\n  verbs: [get]\n";
    const r = exercise(huge);
    assert.deepEqual(
      r.findings.map((f) => f.code),
      ["unknown-resource"],
    );
    assert.ok(r.ms < PER_INPUT_MS, `${Math.round(r.ms)} ms`);
    // 1,500 nested block sequences: the yaml package ran out of stack at a depth that depended on the
    // caller's stack, so the editor and the command line reported different spans. Now a fixed limit.
    const deep =
      "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: x}\nrules:\n" +
      Array.from({ length: 1500 }, (_, i) => " ".repeat(i) + "- ").join("\n") +
      "x";
    const nested = (n: number): Finding[] => (n === 0 ? exercise(deep).findings : nested(n - 1));
    const shallow = exercise(deep).findings;
    assert.deepEqual(
      shallow.map((f) => [f.code, f.message]),
      [["yaml-syntax", "This document nests more than 400 levels deep and was not read."]],
    );
    assert.deepEqual(nested(3000), shallow);
  });

  it("alias bombs and deep nesting: a finding, not a crash or a blow-up", () => {
    const laughs = [
      "apiVersion: rbac.authorization.k8s.io/v1",
      "kind: ClusterRole",
      "metadata: {name: lol}",
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ];
    for (const [p, c] of [
      ["a", "b"],
      ["b", "c"],
      ["c", "d"],
      ["d", "e"],
      ["e", "f"],
      ["f", "g"],
      ["g", "h"],
      ["h", "i"],
    ])
      laughs.push(`${c}: &${c} [${Array(9).fill(`*${p}`).join(",")}]`);
    laughs.push("rules:\n- apiGroups: ['']\n  resources: *i\n  verbs: *i\n");
    const bomb = exercise(laughs.join("\n"));
    assert.deepEqual(
      bomb.findings.map((f) => f.code),
      ["yaml-syntax"],
    );
    assert.match(bomb.findings[0].message, /alias/i);
    for (const text of ["[".repeat(50_000) + "]".repeat(50_000), "{a: ".repeat(20_000) + "1" + "}".repeat(20_000)]) {
      const deep = exercise(text);
      assert.ok(
        deep.findings.some((f) => f.code === "yaml-syntax"),
        JSON.stringify(deep.findings.slice(0, 2)),
      );
    }
  });
});
