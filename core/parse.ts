// Multi-document YAML (or JSON) -> RBAC objects that remember where every field is.
//
// Never throws: YAML errors become findings, documents that are not RBAC are ignored (ServiceAccounts
// and Namespaces are kept aside), `kind: List` / `*List` items are unpacked. Spans are computed
// lazily from the YAML AST, so a large file costs nothing until a check asks where a field is.
// That AST comes from js-yaml's parse events where it can (core/fast-ast.ts), else from the `yaml` package.

import { CORE_SCHEMA, load as loadYaml } from "js-yaml";
import { Document, isAlias, isMap, isPair, isScalar, isSeq, Node, parseAllDocuments, visit } from "yaml";
import { fastDocument, ParseEvents, recordEvents } from "./fast-ast";
import { isListKind, looksLikeRbac, namedFromPlain, rbacFromPlain } from "./defaulting";
import { FieldPath, Finding, NamedObject, RbacObject, SourceRef, Span } from "./model";

/** Aliases expanded per document before we call it a "billion laughs" attack. */
const MAX_ALIAS_COUNT = 1000;

export interface ParsedDocument {
  readonly index: number;
  /** Span of the document's content in the file. */
  readonly span: Span;
  /** The YAML AST, for checks that look at the text itself (unknown fields, wrong types). */
  readonly yaml: Document.Parsed;
  /** The plain value of the document (undefined when it could not be converted). */
  readonly value: unknown;
  /** The RBAC objects it holds (one, or several for a List), with their path prefix in `yaml`. */
  readonly objects: readonly { object: RbacObject; prefix: FieldPath }[];
  readonly others: readonly NamedObject[];
  /** YAML errors of this document (already in ParsedFile.findings too). */
  readonly errors: readonly Finding[];
}

export interface ParsedFile {
  readonly file: string;
  readonly text: string;
  readonly documents: readonly ParsedDocument[];
  readonly objects: readonly RbacObject[];
  readonly others: readonly NamedObject[];
  readonly findings: readonly Finding[];
  /** True when the text holds template directives (`{{ … }}`): Helm, Jinja, Go templates. */
  readonly templated: boolean;
  /** Offsets of line starts, for mapping spans to positions. */
  readonly lineStarts: readonly number[];
}

export interface ParseOptions {
  /** Keep spans (the YAML AST stays referenced). Default true; loaders of big dumps turn it off. */
  readonly spans?: boolean;
  /** "yaml" reads everything with the `yaml` package (the reference the fast path is tested against). */
  readonly engine?: "fast" | "yaml";
}

const TEMPLATE_RE = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/;

/**
 * Two parsers, one result. The `yaml` package keeps exact positions but is slow (about 1 MB/s);
 * js-yaml reads values an order of magnitude faster. Each document is read with js-yaml, and its
 * `yaml` AST is only built when a check or a feature asks where something is. Documents js-yaml
 * refuses (syntax errors, duplicate keys, unknown tags), documents with anchors (alias bombs are
 * bounded by the `yaml` package), and documents with directives or `...` markers take the slow path,
 * so errors are always reported by the `yaml` package with its positions. The `yaml` engine reads the
 * whole text as one stream instead (where an unclosed quote can swallow the next `---`).
 */
export function parseManifests(text: string, file: string, options: ParseOptions = {}): ParsedFile {
  const keepSpans = options.spans !== false;
  const findings: Finding[] = [];
  const documents: ParsedDocument[] = [];
  const objects: RbacObject[] = [];
  const others: NamedObject[] = [];
  const segs = options.engine === "yaml" ? undefined : segments(text);
  const pieces: Piece[] = segs ? segs.flatMap((seg) => readSegment(text, seg, file)) : slowPieces(text, 0, text.length, file);

  pieces.forEach((piece, index) => {
    const errors = piece.errors;
    findings.push(...errors);
    const value = piece.value;
    const docObjects: { object: RbacObject; prefix: FieldPath }[] = [];
    const docOthers: NamedObject[] = [];
    const add = (v: unknown, prefix: FieldPath, itemIndex?: number) => {
      const source = keepSpans ? new Source(file, index, piece, prefix, itemIndex) : undefined;
      if (looksLikeRbac(v)) {
        const object = rbacFromPlain(v, source);
        docObjects.push({ object, prefix });
        objects.push(object);
      } else {
        const named = namedFromPlain(v, source);
        if (named) {
          docOthers.push(named);
          others.push(named);
        }
      }
    };
    if (isListKind(value)) value.items.forEach((item, i) => add(item, ["items", i], i));
    else add(value, []);
    documents.push(new Doc(index, piece, value, docObjects, docOthers));
  });

  return { file, text, documents, objects, others, findings, templated: TEMPLATE_RE.test(text), lineStarts: lineStartsOf(text) };
}

/** A ParsedDocument whose AST is built when first read. (A class: an object literal with a getter defines it anew for every document.) */
class Doc implements ParsedDocument {
  readonly span: Span;
  readonly errors: readonly Finding[];

  constructor(
    readonly index: number,
    private readonly piece: Piece,
    readonly value: unknown,
    readonly objects: readonly { object: RbacObject; prefix: FieldPath }[],
    readonly others: readonly NamedObject[],
  ) {
    this.span = piece.span;
    this.errors = piece.errors;
  }

  get yaml(): Document.Parsed {
    return this.piece.yaml();
  }
}

/** One YAML document as read: its value, its errors, and its AST on demand. */
interface Piece {
  readonly span: Span;
  readonly value: unknown;
  readonly errors: Finding[];
  yaml(): Document.Parsed;
}

interface Segment {
  readonly start: number;
  readonly end: number;
}

const MARKER_RE = /^---(?=[ \t]|\r?\n|$)/gm;
const CONTENT_RE = /^[ \t]*[^\s#]/m;

/**
 * Document boundaries: a `---` at the start of a line always starts a document (YAML forbids that
 * line inside content, and kubectl splits a stream there before parsing, whatever comes before). The
 * directives (`%YAML`, `%TAG`) just above a `---` belong to its document. The text before the first
 * document is a document only if it holds content. `...` end markers stay inside their document.
 */
function segments(text: string): Segment[] {
  const starts: number[] = [];
  for (const m of text.matchAll(MARKER_RE)) starts.push(withDirectives(text, m.index, starts[starts.length - 1] ?? 0));
  const out: Segment[] = [];
  const first = starts[0] ?? text.length;
  if (CONTENT_RE.test(text.slice(0, first))) out.push({ start: 0, end: first });
  starts.forEach((s, i) => out.push({ start: s, end: starts[i + 1] ?? text.length }));
  return out;
}

/** Where the document of the `---` at `marker` starts: at the first of the directive lines right above it (comments and blank lines between them allowed). */
function withDirectives(text: string, marker: number, floor: number): number {
  let start = marker;
  let at = marker;
  while (at > floor) {
    // (lastIndexOf takes a negative start as 0: at 1, it would find the line break at 0 again.)
    const lineStart = at >= 2 ? text.lastIndexOf("\n", at - 2) + 1 : 0;
    if (lineStart < floor || lineStart >= at) break;
    const line = text.slice(lineStart, at);
    if (line.startsWith("%")) start = lineStart;
    else if (!/^[ \t]*(#.*)?\r?\n?$/.test(line)) break;
    at = lineStart;
  }
  return start;
}

const ANCHOR_RE = /(^|[\s[{,:-])&[^\s,\]}]/;
/** A line starting with `---` glued to more text (`-----`): js-yaml reads a marker there, YAML a scalar. */
const GLUED_MARKER_RE = /^---\S/m;
/** Directives and `...` end markers: read by the `yaml` package, in their document only. */
const DIRECTIVE_OR_END_RE = /^(%|\.\.\.(?=[ \t]|\r?\n|$))/m;

function readSegment(text: string, seg: Segment, file: string): Piece[] {
  const src = text.slice(seg.start, seg.end);
  if (mayNestTooDeep(text, seg.start, seg.end)) return [tooDeep(file, contentSpan(src, seg))];
  if (!ANCHOR_RE.test(src) && !GLUED_MARKER_RE.test(src) && !DIRECTIVE_OR_END_RE.test(src)) {
    let value: unknown;
    let ok = true;
    // The parse events, recorded on the way, give the AST when a finding needs a position (then they go).
    let events: ParseEvents | undefined = [];
    try {
      value = loadYaml(src, { schema: CORE_SCHEMA, listener: recordEvents(events) });
    } catch {
      ok = false;
    }
    if (ok) {
      let ast: Document.Parsed | undefined;
      const span = contentSpan(src, seg);
      const build = () => {
        const built = fastDocument(src, seg.start, events) ?? composeAt(src, seg.start);
        events = undefined;
        return built;
      };
      // Positions come from js-yaml's parse events (core/fast-ast.ts); what that leaves, from the `yaml` package.
      return [{ span, value: value ?? null, errors: [], yaml: () => (ast ??= build()) }];
    }
  }
  return slowPieces(text, seg.start, seg.end, file);
}

/** The document's span: from its first non-blank character to the end of its segment. */
function contentSpan(src: string, seg: Segment): Span {
  const lead = /^\s*/.exec(src)?.[0].length ?? 0;
  return { start: seg.start + Math.min(lead, src.length), end: seg.end };
}

/** Parse text[start, end) with the `yaml` package, positions in the whole text's offsets. */
function slowPieces(text: string, start: number, end: number, file: string): Piece[] {
  if (mayNestTooDeep(text, start, end)) return [tooDeep(file, contentSpan(text.slice(start, end), { start, end }))];
  let docs: Document.Parsed[];
  try {
    docs = parseShifted(text.slice(start, end), start);
  } catch (e) {
    // The yaml parser does not throw on bad input, but a parser bug must not take the editor down.
    const f = finding(file, "yaml-syntax", `The text could not be parsed as YAML: ${errorText(e)}`, {
      start,
      end: Math.min(end, start + 1),
    });
    return [
      {
        span: { start, end },
        value: undefined,
        errors: [f],
        yaml: () => parseShifted("", start)[0] ?? (new Document() as Document.Parsed),
      },
    ];
  }
  const pieces: Piece[] = docs.map((doc) => {
    const errors = doc.errors.map((e) =>
      finding(
        file,
        e.code === "DUPLICATE_KEY" ? "duplicate-key" : "yaml-syntax",
        cleanMessage(e.message),
        errorSpan(e.pos[0], e.pos[1], end),
      ),
    );
    const range = doc.range ?? [start, start, start];
    const span = { start: range[0], end: range[2] };
    let value: unknown;
    try {
      value = doc.contents ? doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) : undefined;
    } catch (e) {
      errors.push(finding(file, "yaml-syntax", `This document could not be read: ${errorText(e)}`, errorSpan(span.start, span.end, end)));
      value = undefined;
    }
    return { span, value, errors, yaml: () => doc };
  });
  return withErrorsWhereTheyAre(pieces);
}

/**
 * The yaml package can attach an error to the document before the one it is in (a stray `}` right
 * after a `---`): each error goes to the document that holds its position, so a valid document never
 * carries its broken neighbour's errors.
 */
function withErrorsWhereTheyAre(pieces: Piece[]): Piece[] {
  if (pieces.length < 2) return pieces;
  const all = pieces.flatMap((p) => p.errors);
  for (const p of pieces) p.errors.length = 0;
  for (const e of all) {
    let k = 0;
    for (let i = 1; i < pieces.length && pieces[i].span.start <= e.span.start; i++) k = i;
    pieces[k].errors.push(e);
  }
  return pieces;
}

/**
 * Deeper nesting than this is not handed to the YAML parsers. Both recurse once per level: around a
 * thousand levels they run out of stack at a depth that depends on the caller's stack (so the editor
 * and the command line would disagree), and V8 may even abort the process. Real manifests nest a few
 * dozen levels.
 */
const MAX_NESTING = 400;

/**
 * Whether text[start, end) may nest deeper than MAX_NESTING. First a coarser bound from native string
 * searches (a level needs a column of its line or an opening bracket: the longest line plus the brackets
 * bound the depth), which clears every ordinary document; only a document it does not clear is scanned.
 */
function mayNestTooDeep(text: string, start: number, end: number): boolean {
  if (end - start <= MAX_NESTING) return false;
  let longest = 0;
  for (let at = start; at < end;) {
    const nl = text.indexOf("\n", at);
    const lineEnd = nl < 0 || nl >= end ? end : nl;
    if (lineEnd - at > longest) longest = lineEnd - at;
    at = lineEnd + 1;
  }
  let brackets = 0;
  for (const c of ["[", "{"]) {
    for (let at = text.indexOf(c, start); at >= 0 && at < end && longest + brackets <= MAX_NESTING; at = text.indexOf(c, at + 1))
      brackets++;
  }
  return longest + brackets > MAX_NESTING && nestingBound(text, start, end) > MAX_NESTING;
}

/**
 * An upper bound of the nesting depth of text[start, end), in one pass: a block level needs at least
 * one more column of indentation or one more `- `/`? `/`: ` indicator on its line, a flow level one
 * more unclosed bracket (brackets inside quotes and comments count too: the bound is conservative).
 */
function nestingBound(text: string, start: number, end: number): number {
  let max = 0;
  let flow = 0;
  let lineStart = true;
  let block = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */) {
      lineStart = true;
      block = 0;
      continue;
    }
    if (lineStart) {
      if (c === 32 || c === 9) {
        block++;
        continue;
      }
      if ((c === 45 /* - */ || c === 63 /* ? */ || c === 58) /* : */ && (text.charCodeAt(i + 1) === 32 || text.charCodeAt(i + 1) === 9)) {
        block += 2;
        i++;
        continue;
      }
      lineStart = false;
    }
    if (c === 91 /* [ */ || c === 123 /* { */) flow++;
    else if ((c === 93 /* ] */ || c === 125) /* } */ && flow > 0) flow--;
    if (block + flow > max) max = block + flow;
  }
  return Math.max(max, block);
}

function tooDeep(file: string, span: Span): Piece {
  const f = finding(
    file,
    "yaml-syntax",
    `This document nests more than ${MAX_NESTING} levels deep and was not read.`,
    errorSpan(span.start, span.end, span.end),
  );
  return { span, value: undefined, errors: [f], yaml: () => new Document() as Document.Parsed };
}

/**
 * At least one character, never past the end of the document's segment: the yaml package reports errors
 * at the end of its input (an unterminated quote, a flow collection never closed) one character beyond
 * it, and the editor parses a document on its own, so the whole-file parse must not point past it either.
 */
function errorSpan(start: number, end: number, length: number): Span {
  const e = Math.min(Math.max(end, start + 1), length);
  return { start: Math.max(0, Math.min(start, e - 1)), end: e };
}

function parseShifted(src: string, offset: number): Document.Parsed[] {
  let docs = parseAllDocuments(src, { uniqueKeys: true, prettyErrors: false, logLevel: "error" }) as Document.Parsed[];
  if (!Array.isArray(docs)) docs = []; // an EmptyStream for empty input
  if (offset !== 0) for (const d of docs) shift(d, offset);
  return docs;
}

/** The AST of a document js-yaml already read: one document, positions in the whole text. */
function composeAt(src: string, offset: number): Document.Parsed {
  return parseShifted(src, offset)[0] ?? (new Document(null) as unknown as Document.Parsed);
}

function shift(doc: Document.Parsed, offset: number): void {
  const move = (r: [number, number, number]): [number, number, number] => [r[0] + offset, r[1] + offset, r[2] + offset];
  visit(doc, {
    Node(_key, node) {
      if (node.range) node.range = move(node.range);
    },
  });
  if (doc.range) doc.range = move(doc.range);
  for (const e of [...doc.errors, ...doc.warnings]) e.pos = [e.pos[0] + offset, e.pos[1] + offset];
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

function finding(file: string, code: string, message: string, span: Span): Finding {
  return { code, severity: "error", message, file, span };
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The yaml package appends " at line X, column Y" and a code excerpt; the editor shows the position itself. */
function cleanMessage(m: string): string {
  return m.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
}

// ---------------------------------------------------------------------------------------------
// Spans

function deref(doc: Document, node: unknown, depth = 0): unknown {
  // An alias points at its anchor; follow a bounded chain so a hostile file cannot loop us.
  let n = node;
  while (isAlias(n) && depth++ < 50) n = n.resolve(doc);
  return n;
}

/** The pair (for map keys) or node (for sequence items) at `path` below `root`. */
function walk(doc: Document, root: unknown, path: FieldPath): { node: unknown; keyNode?: unknown } | undefined {
  let node: unknown = deref(doc, root);
  let keyNode: unknown;
  for (const step of path) {
    if (typeof step === "number") {
      if (!isSeq(node)) return undefined;
      const item = node.items[step];
      if (item === undefined) return undefined;
      node = deref(doc, item);
      keyNode = undefined;
    } else {
      if (!isMap(node)) return undefined;
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === step);
      if (!pair) return undefined;
      keyNode = pair.key;
      node = deref(doc, pair.value);
    }
  }
  return { node, keyNode };
}

function nodeSpan(n: unknown): Span | undefined {
  const r = (n as Node | null | undefined)?.range;
  if (!r) return undefined;
  return { start: r[0], end: r[1] };
}

/**
 * Where an object's fields are. Nothing is computed until asked: most objects never need a position.
 * (A class: one is made per object, and an object literal with a getter and closures costs several times more.)
 */
class Source implements SourceRef {
  declare readonly itemIndex?: number;
  private root: unknown;
  private rooted = false;
  private whole: Span | undefined;

  constructor(
    readonly file: string,
    readonly docIndex: number,
    private readonly piece: Piece,
    private readonly prefix: FieldPath,
    itemIndex?: number,
  ) {
    // Only objects of a List have an item index (an own property, as callers and tests see it).
    if (itemIndex !== undefined) (this as { itemIndex?: number }).itemIndex = itemIndex;
  }

  private rootNode(): unknown {
    if (!this.rooted) {
      const doc = this.piece.yaml();
      this.root = walk(doc, doc.contents, this.prefix)?.node;
      this.rooted = true;
    }
    return this.root;
  }

  get span(): Span {
    return (this.whole ??= nodeSpan(this.rootNode()) ?? { start: this.piece.span.start, end: this.piece.span.start });
  }

  valueSpan(path: FieldPath): Span | undefined {
    const w = walk(this.piece.yaml(), this.rootNode(), path);
    if (!w) return undefined;
    // `verbs:` with no value: point at the key so the squiggle has somewhere to go.
    return nodeSpan(w.node) ?? nodeSpan(w.keyNode);
  }

  keySpan(path: FieldPath): Span | undefined {
    const w = walk(this.piece.yaml(), this.rootNode(), path);
    return w ? nodeSpan(w.keyNode) : undefined;
  }
}

/** 0-based line and character of an offset, as LSP counts them (UTF-16 code units). */
export function positionAt(lineStarts: readonly number[], offset: number): { line: number; character: number } {
  const line = lastAtOrBelow(lineStarts, offset);
  return { line, character: offset - (lineStarts[line] ?? 0) };
}

/** The last index whose value is ≤ `x` in a non-decreasing array (0 when there is none). */
export function lastAtOrBelow(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid] <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
