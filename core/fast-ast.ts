// The `yaml` package's AST of one document, built from js-yaml's parse events instead of the `yaml`
// package's own parser: two to three times faster, with the same nodes and the same ranges
// for what the checks read (node kinds, `flow`, scalar values and quoting, and the first two offsets of
// every range). Only for documents js-yaml reads without error and without anchors or tags (the fast
// path of core/parse.ts); anything this builder does not recognise gives undefined, and the caller
// uses the `yaml` package. test/core/fast-ast.test.ts compares both, node by node, over the corpus and
// over generated documents.

import { CORE_SCHEMA, load as loadYaml } from "js-yaml";
import { Document, Node, Pair, Scalar, YAMLMap, YAMLSeq } from "yaml";

type Range = [number, number, number];

/** A node being read: where js-yaml opened it, and its children so far (none yet for most: scalars). */
class Frame {
  children: Node[] | undefined = undefined;
  /** How its first child closed (position, kind, result): a node can close twice, see below. */
  firstAt = -1;
  firstKind: string | null = null;
  firstResult: unknown = undefined;

  constructor(readonly open: number) {}

  add(node: Node, at: number, kind: string | null, result: unknown): void {
    if (this.children) {
      this.children.push(node);
      return;
    }
    this.children = [node];
    this.firstAt = at;
    this.firstKind = kind;
    this.firstResult = result;
  }
}

const NO_CHILDREN: readonly Node[] = [];

/** What js-yaml's listener is handed: the loader's state (internal, but stable across js-yaml 3 and 4). */
export interface LoaderState {
  readonly position: number;
  readonly kind: string | null;
  readonly result: unknown;
}

class Unsupported extends Error {}

const TAG_RE = /(^|[\s[{,:-])!/;

/**
 * js-yaml's parse events of one document, as a listener records them while the document is loaded for
 * its value: an "open" is one entry (its position, bit-inverted, so negative), a "close" three (its
 * position, the kind, the result). With them the AST is built without reading the text a second time.
 * (They stay with the document until its AST is built, so they are kept small: an open's kind and result
 * are never read.)
 */
export type ParseEvents = unknown[];

/** A js-yaml listener that records the events into `events`. */
export function recordEvents(events: ParseEvents): (event: "open" | "close", state: LoaderState) => void {
  return (event, state) => void (event === "open" ? events.push(~state.position) : events.push(state.position, state.kind, state.result));
}

/**
 * The AST of `src` (one document, possibly starting with `---`), its ranges shifted by `offset`, from the
 * parse `events` recorded when `src` was loaded (or from a new parse). Undefined when the document holds
 * something this builder leaves to the `yaml` package.
 */
export function fastDocument(src: string, offset: number, events?: ParseEvents): Document.Parsed | undefined {
  // js-yaml drops a leading byte order mark (positions would shift) and the `yaml` package skips one
  // anywhere; tabs, tags, lone carriage returns and U+2028/U+2029 (line breaks to JavaScript's regular
  // expressions, not to YAML) are also left to the `yaml` package.
  if (/[\ufeff\u2028\u2029]/.test(src) || TAG_RE.test(src) || src.includes("\t") || /\r(?!\n)/.test(src) || /^(---\S|%)/m.test(src))
    return undefined;
  if (!events) {
    events = [];
    try {
      loadYaml(src, { schema: CORE_SCHEMA, listener: recordEvents(events) });
    } catch {
      return undefined;
    }
  }
  const stack: Frame[] = [new Frame(0)];
  try {
    for (let i = 0; i < events.length;) {
      const at = events[i] as number;
      if (at < 0) {
        stack.push(new Frame(~at));
        i += 1;
        continue;
      }
      const kind = events[i + 1] as string | null;
      const result = events[i + 2];
      i += 3;
      const frame = stack.pop();
      if (!frame || stack.length === 0) throw new Unsupported();
      // A node js-yaml first read as a possible mapping key, then kept as the node itself, closes
      // twice: once as the key, once as the node.
      const kids = frame.children;
      const same =
        kids !== undefined && kids.length === 1 && frame.firstAt === at && frame.firstKind === kind && Object.is(frame.firstResult, result);
      const node = same ? kids[0] : nodeOf(src, frame, at, kind, result);
      stack[stack.length - 1].add(node, at, kind, result);
    }
  } catch {
    return undefined;
  }
  const roots = stack[0].children ?? NO_CHILDREN;
  if (stack.length !== 1 || roots.length > 1) return undefined;
  // An empty document is left to the `yaml` package (where it puts the empty node depends on spaces and
  // comments after the `---`); it costs nothing to parse.
  if (roots.length === 0 || isEmpty(roots[0])) return undefined;
  const doc = new Document(null) as unknown as Document.Parsed;
  doc.contents = roots[0] as Document.Parsed["contents"];
  shiftAll(doc.contents, offset);
  return doc;
}

/*
 * The nodes are the `yaml` package's (its classes, its fields), made without its constructors: they tag
 * each node with Object.defineProperty, a slow runtime call that took a third of the time to build an
 * AST. The tag the package's type guards read (`isScalar`, `isMap`, … through the registered symbol
 * "yaml.node.type") sits instead on a prototype that every node of a kind shares, between the node and
 * its class's prototype; `instanceof`, `clone` and `toString` work as on the package's own nodes
 * (test/core/fast-ast.test.ts).
 */
const NODE_TYPE = Symbol.for("yaml.node.type");
const tagged = (base: object, type: string): object => Object.create(base, { [NODE_TYPE]: { value: Symbol.for(type) } }) as object;
const SCALAR_PROTO = tagged(Scalar.prototype, "yaml.scalar");
const MAP_PROTO = tagged(YAMLMap.prototype, "yaml.map");
const SEQ_PROTO = tagged(YAMLSeq.prototype, "yaml.seq");
const PAIR_PROTO = tagged(Pair.prototype, "yaml.pair");

function newNode<T>(proto: object): T {
  return Object.create(proto) as T;
}

function newScalar(value: unknown): Scalar {
  const s = newNode<Scalar>(SCALAR_PROTO);
  s.value = value;
  return s;
}

function newPair(key: Node, value: Node): Pair {
  const p = newNode<Pair<Node, Node>>(PAIR_PROTO);
  p.key = key;
  p.value = value;
  return p;
}

function isEmpty(n: Node): boolean {
  return n instanceof Scalar && n.value === null && n.range![0] === n.range![1];
}

function nodeOf(src: string, frame: Frame, position: number, kind: string | null, result: unknown): Node {
  // js-yaml reads the text with a line break appended when it has none.
  const end = Math.min(position, src.length);
  switch (kind) {
    case "scalar": {
      const start = contentStart(src, frame.open);
      const s = newScalar(result);
      const first = src[start];
      if (first === "|" || first === ">") {
        s.type = first === "|" ? Scalar.BLOCK_LITERAL : Scalar.BLOCK_FOLDED;
        const e = blockScalarEnd(src, start, end);
        s.range = [start, e, e];
      } else {
        s.type = first === '"' ? Scalar.QUOTE_DOUBLE : first === "'" ? Scalar.QUOTE_SINGLE : Scalar.PLAIN;
        // js-yaml may stop after the spaces that follow a plain scalar.
        let e = end;
        if (s.type === Scalar.PLAIN) while (e > start && (src[e - 1] === " " || src[e - 1] === "\n" || src[e - 1] === "\r")) e--;
        s.range = [start, e, lineEnd(src, e)];
      }
      return s;
    }
    case "mapping": {
      const start = contentStart(src, frame.open);
      const m = newNode<YAMLMap>(MAP_PROTO);
      m.items = [];
      const kids = frame.children ?? NO_CHILDREN;
      const keys = ownKeyCount(result as object);
      if (kids.length % 2 !== 0 || kids.length / 2 !== keys) throw new Unsupported();
      for (let i = 0; i < kids.length; i += 2) {
        if (!(kids[i] instanceof Scalar)) throw new Unsupported();
        m.items.push(newPair(kids[i], kids[i + 1]));
      }
      m.flow = src[start] === "{";
      m.range = collectionRange(src, start, end, m.flow, kids[kids.length - 1]);
      return m;
    }
    case "sequence": {
      const start = contentStart(src, frame.open);
      const q = newNode<YAMLSeq>(SEQ_PROTO);
      const kids = frame.children ?? NO_CHILDREN;
      if (kids.length !== (result as unknown[]).length) throw new Unsupported();
      // The frame's array becomes the items (the frame is done with).
      q.items = frame.children ?? [];
      q.flow = src[start] === "[";
      q.range = collectionRange(src, start, end, q.flow, kids[kids.length - 1]);
      return q;
    }
    default: {
      // No value (`verbs:`): the `yaml` package puts an empty scalar where the value would start on
      // that line, after any spaces.
      if (result !== null || frame.children !== undefined) throw new Unsupported();
      let at = Math.min(frame.open, src.length);
      while (src[at] === " ") at++;
      const s = newScalar(null);
      s.type = Scalar.PLAIN;
      s.range = [at, at, at];
      return s;
    }
  }
}

/** Object.keys(o).length without the array. */
function ownKeyCount(o: object): number {
  let n = 0;
  for (const k in o) if (Object.prototype.hasOwnProperty.call(o, k)) n++;
  return n;
}

function collectionRange(src: string, start: number, end: number, flow: boolean, last: Node | undefined): Range {
  if (flow) return [start, end, lineEnd(src, end)];
  // A block collection ends where its last item's node ends (comment and line break included).
  if (!last?.range) throw new Unsupported();
  // The `yaml` package takes comment lines that follow the last item into the collection (or into
  // that item) unless they are indented less than the collection: such a collection is left to it.
  // A last item with no value takes in every comment that follows.
  const after = src.slice(last.range[2], end);
  if (after.includes("#")) {
    if (last.range[0] === last.range[1]) throw new Unsupported();
    const column = start - (src.lastIndexOf("\n", start - 1) + 1);
    for (const line of after.split("\n")) {
      const indent = line.length - line.trimStart().length;
      if (line.trimStart().startsWith("#") && indent >= column) throw new Unsupported();
    }
  }
  return [start, last.range[2], last.range[2]];
}

/** From where js-yaml opened a node: past spaces, line breaks and comments, to its first character. */
function contentStart(src: string, from: number): number {
  let i = from;
  for (;;) {
    const c = src[i];
    if (c === " " || c === "\n" || c === "\r") i++;
    else if (c === "#" && (i === 0 || /\s/.test(src[i - 1]))) {
      const nl = src.indexOf("\n", i);
      i = nl < 0 ? src.length : nl + 1;
    } else if (c === "-" && src.startsWith("---", i) && (i === 0 || src[i - 1] === "\n") && /^---(\s|$)/.test(src.slice(i, i + 4))) i += 3;
    else return i;
  }
}

/** After a node: past spaces and a comment, and past the line break. */
function lineEnd(src: string, end: number): number {
  let i = end;
  while (src[i] === " ") i++;
  if (src[i] === "#") {
    const nl = src.indexOf("\n", i);
    i = nl < 0 ? src.length : nl;
  }
  if (src[i] === "\r" && src[i + 1] === "\n") return i + 2;
  if (src[i] === "\n") return i + 1;
  return i;
}

/** A block scalar ends after its last line with content: trailing blank lines are not part of it. */
function blockScalarEnd(src: string, start: number, end: number): number {
  const header = /^[|>][^\n]*/.exec(src.slice(start, end))?.[0] ?? "";
  if (header.includes("+") || header.includes("#")) throw new Unsupported(); // kept trailing lines, a comment: left to the `yaml` package
  // A scalar with no content line yet has no indentation: the `yaml` package may take a `#` line after
  // it as its content where js-yaml reads a comment. Left to the `yaml` package.
  if (src.slice(start + header.length, end).trim() === "" && /^\s*#/.test(src.slice(end))) throw new Unsupported();
  let last = end - 1;
  while (last > start && /\s/.test(src[last])) last--;
  const nl = src.indexOf("\n", last);
  return nl < 0 || nl >= end ? end : nl + 1;
}

/** Shifts every range by `offset`, in place (each range array belongs to its node alone). */
function shiftAll(node: unknown, offset: number): void {
  if (offset === 0 || !node) return;
  const n = node as Node;
  const r = n.range;
  if (r) {
    r[0] += offset;
    r[1] += offset;
    r[2] += offset;
  }
  if (n instanceof YAMLMap)
    for (const p of n.items) {
      shiftAll(p.key, offset);
      shiftAll(p.value, offset);
    }
  else if (n instanceof YAMLSeq) for (const it of n.items) shiftAll(it, offset);
}
