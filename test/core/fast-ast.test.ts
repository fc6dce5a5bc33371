// core/fast-ast.ts builds the `yaml` package's AST from js-yaml's parse events. Whatever it builds must
// be what the `yaml` package builds, for everything the checks read: node kinds, `flow`, scalar values
// and quoting, and the first two offsets of every range. Compared node by node over every corpus
// document and over generated hostile text; the builder may decline (undefined), never differ.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import { isDeepStrictEqual } from "node:util";
import * as fc from "fast-check";
import { CORE_SCHEMA, load } from "js-yaml";
import { isMap, isPair, isScalar, isSeq, Node, Pair, parseAllDocuments, Scalar, visit, YAMLMap, YAMLSeq } from "yaml";
import { fastDocument, ParseEvents, recordEvents } from "../../core/fast-ast";
import { corpusFiles } from "../support/corpus";
import { FUZZ_RUNS, fuzzParameters, hostileText } from "../support/fuzz";

/** The documents of a text as core/parse.ts cuts them on its fast path: at each `---` line. */
function segments(text: string): { src: string; offset: number }[] {
  const out: { src: string; offset: number }[] = [];
  let offset = 0;
  for (const src of text.split(/^(?=---(?:[ \t]|\r?\n|$))/m)) {
    if (/^[ \t]*[^\s#]/m.test(src) || src.startsWith("---")) out.push({ src, offset });
    offset += src.length;
  }
  return out;
}

/** Documents of the fast path: js-yaml reads them, and they hold no anchor. */
function fastPathSegments(text: string): { src: string; offset: number }[] {
  return segments(text).filter(({ src }) => {
    if (/(^|[\s[{,:-])&[^\s,\]}]/.test(src) || /^%/m.test(src) || /^\.\.\.(?=[ \t]|\r?\n|$)/m.test(src)) return false;
    try {
      load(src, { schema: CORE_SCHEMA });
      return true;
    } catch {
      return false;
    }
  });
}

function reference(src: string, offset: number) {
  const doc = parseAllDocuments(src)[0];
  if (!doc || !("contents" in doc)) return undefined;
  visit(doc, {
    Node(_k, n) {
      if (n.range) n.range = [n.range[0] + offset, n.range[1] + offset, n.range[2] + offset];
    },
  });
  return doc;
}

function sameValue(a: unknown, b: unknown): boolean {
  return Object.is(a, b) || (typeof a === "number" && typeof b === "number" && Number.isNaN(a) && Number.isNaN(b));
}

/** The first difference between two ASTs, as a path and a description; undefined when they agree. */
function difference(a: unknown, b: unknown, at: string, valuesMayDiffer = false): string | undefined {
  const kind = (n: unknown) =>
    n === null || n === undefined ? String(n) : isScalar(n) ? "scalar" : isMap(n) ? "map" : isSeq(n) ? "seq" : "other";
  if (kind(a) !== kind(b)) return `${at}: ${kind(a)} vs ${kind(b)}`;
  if (a === null || a === undefined) return undefined;
  const ra = (a as Node).range!;
  const rb = (b as Node).range!;
  if (ra[0] !== rb[0] || ra[1] !== rb[1]) return `${at}: range ${ra[0]}-${ra[1]} vs ${rb[0]}-${rb[1]}`;
  if (isScalar(a) && isScalar(b)) {
    if (a.type !== b.type) return `${at}: style ${a.type} vs ${b.type}`;
    return sameValue(a.value, b.value) || valuesMayDiffer ? undefined : `${at}: value ${String(a.value)} vs ${String(b.value)}`;
  }
  const ca = a as { items: unknown[]; flow?: boolean };
  const cb = b as { items: unknown[]; flow?: boolean };
  if (Boolean(ca.flow) !== Boolean(cb.flow)) return `${at}: flow ${ca.flow} vs ${cb.flow}`;
  if (ca.items.length !== cb.items.length) return `${at}: ${ca.items.length} vs ${cb.items.length} items`;
  for (let i = 0; i < ca.items.length; i++) {
    const x = ca.items[i];
    const y = cb.items[i];
    const d =
      isPair(x) && isPair(y)
        ? (difference(x.key, y.key, `${at}.key[${i}]`, valuesMayDiffer) ??
          difference(x.value, y.value, `${at}.${String((x.key as { value?: unknown }).value)}`, valuesMayDiffer))
        : difference(x, y, `${at}[${i}]`, valuesMayDiffer);
    if (d) return d;
  }
  return undefined;
}

/** Compares every fast-path document of `text`; returns how many were built and how many declined. */
function compareAll(text: string, name: string): { built: number; declined: number } {
  let built = 0;
  let declined = 0;
  for (const { src, offset } of fastPathSegments(text)) {
    // As core/parse.ts does: the events recorded while the document is loaded for its value.
    const events: ParseEvents = [];
    load(src, { schema: CORE_SCHEMA, listener: recordEvents(events) });
    const fast = fastDocument(src, offset, events);
    // The same as from a parse of its own.
    const own = fastDocument(src, offset);
    assert.equal(fast === undefined, own === undefined, `${name} at ${offset}`);
    if (fast && own) assert.equal(difference(fast.contents, own.contents, "root", false), undefined, `${name} at ${offset}`);
    if (!fast) {
      declined++;
      continue;
    }
    built++;
    const ref = reference(src, offset);
    // Scalar values are js-yaml's, as the fast path's plain values are. Where the two parsers read a
    // scalar differently (`1e400`: a string for js-yaml, Infinity for the `yaml` package) the document's
    // plain values differ too, and only nodes and ranges are compared.
    const valuesMayDiffer = !isDeepStrictEqual(load(src, { schema: CORE_SCHEMA }) ?? null, ref?.toJS() ?? null);
    const d = difference(fast.contents, ref?.contents ?? null, "root", valuesMayDiffer);
    assert.equal(d, undefined, `${name} at ${offset}: ${d}\n${src.slice(0, 300)}`);
  }
  return { built, declined };
}

describe("core/fast-ast: the yaml AST from js-yaml's events", () => {
  it("equals the yaml package's AST on every corpus document it builds, and builds most of them", () => {
    let built = 0;
    let declined = 0;
    for (const sub of ["", "bad", "templated", "large"]) {
      for (const f of corpusFiles(sub)) {
        const r = compareAll(fs.readFileSync(f, "utf8"), f);
        built += r.built;
        declined += r.declined;
      }
    }
    assert.ok(built > 500, `${built} documents built`);
    assert.ok(declined / (built + declined) < 0.1, `declined ${declined} of ${built + declined}`);
  });

  it("covers the shapes checks point into", () => {
    const cases = [
      'kind: Role\nrules:\n- verbs: [get, "list"]\n  x:\n  y: |\n    abc\n\n# c\nz: 1   \n',
      "---\n# only a comment\n",
      "---\n",
      "--- ",
      "---\u2028",
      "--- # c\nkind: Role\nmetadata:\n  name: 'r'\nrules: []\n",
      "a:\n  b: 1 # c\n  d:   \n  e: [x] # y\n# z\nf:\n- x\n- y: 1\n\n\n",
      "a:\n  b:\n  - x\n# at a lower indent\nd: 1\n",
      "a:\n  b:\n  - x\n  # at the same indent\nd: 1\n",
      "rules:\n- verbs:\n  - get   \n  - list\n",
      "k: >-\n  folded\n  text\n\n\nnext: {a: 1, b: [2, 3]}\n",
      "kind: Role\r\nrules:\r\n- verbs: [get]\r\n  resources:\r\n  - pods\r\n",
      "spec:",
      "a: 1.5\nb: 0x1f\nc: ~\nd: true\ne: 'it''s'\nf: \"\\u00e9\"\n",
      "[a, b, {c: d}]\n",
      // Found by the full run: an empty last value takes in the comments after it; a block scalar as
      // the whole document (js-yaml first tries it as a mapping key).
      " imagePullSecrets:\r\n#   - name: my-registry-secret\r\n",
      " |\n    a {\n      # c\n    }\n\n",
      "\r\n\ufeff# a byte order mark after the first line\nkind: Role\n",
    ];
    let built = 0;
    for (const text of cases) built += compareAll(text, JSON.stringify(text)).built;
    // Declined by design (8): empty documents and U+2028 (4), comment lines after a collection's last item at its
    // indentation (2), an empty last value followed by comments, a byte order mark.
    assert.ok(built >= cases.length - 8, `${built} of ${cases.length} built`);
  });

  it("leaves a block scalar with no content line and a comment line after it to the yaml package (found by the generated run)", () => {
    // The `yaml` package reads the `#` line as the scalar's content, js-yaml as a comment.
    // compareAll asserts that whatever is built equals the yaml package's AST.
    assert.deepEqual(compareAll("                   |\n#", "empty block scalar"), { built: 0, declined: 1 });
    for (const text of ["key: |\n\n  # c\n", "a: >-\n# c\nb: 1\n", "a: |\n  text\n# c\nb: 1\n"]) compareAll(text, JSON.stringify(text));
  });

  it("builds the yaml package's own nodes: its type guards, classes, clone and output work on them", () => {
    const src =
      "kind: Role\nmetadata: {name: r, labels: {a: 'b'}}\nrules:\n- apiGroups: [\"\"]\n  resources: [pods]\n  verbs:\n  - get\n  - list\n";
    const events: ParseEvents = [];
    load(src, { schema: CORE_SCHEMA, listener: recordEvents(events) });
    const fast = fastDocument(src, 0, events)!;
    const ref = parseAllDocuments(src)[0] as unknown as { contents: unknown; toString(): string };
    const guards = (n: unknown) => [
      isScalar(n),
      isMap(n),
      isSeq(n),
      isPair(n),
      n instanceof Scalar,
      n instanceof YAMLMap,
      n instanceof YAMLSeq,
      n instanceof Pair,
    ];
    const nodesOf = (root: unknown) => {
      const out: unknown[] = [];
      visit(root as Node, { Node: (_k, n) => void out.push(n), Pair: (_k, p) => void out.push(p) });
      return out;
    };
    const mine = nodesOf(fast.contents);
    const theirs = nodesOf(ref.contents);
    assert.equal(mine.length, theirs.length);
    assert.ok(mine.length > 20);
    mine.forEach((n, i) => assert.deepEqual(guards(n), guards(theirs[i]), `node ${i}`));
    assert.equal(fast.toString(), ref.toString());
    const copy = (fast.contents as Node).clone();
    assert.ok(isMap(copy) && copy instanceof YAMLMap);
    assert.equal(difference(copy, fast.contents, "copy"), undefined);
    // The tag is not an own property: a node's own keys are the fields the package's constructors set.
    assert.deepEqual(Object.getOwnPropertySymbols(mine[1] as object), []);
  });

  it(`equals the yaml package's AST on generated hostile text (${FUZZ_RUNS} inputs)`, () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        compareAll(text, "generated");
      }),
      fuzzParameters(FUZZ_RUNS),
    );
  });
});
