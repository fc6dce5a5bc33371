// Reading a multi-document text into documents ("pieces"): each document's value, its YAML errors as
// findings, and its AST on demand. js-yaml reads where it can; the `yaml` package reads the rest and
// reports every error with its position.
import { CORE_SCHEMA, load as loadYaml } from "js-yaml";
import { Document, parseAllDocuments, visit } from "yaml";
import { fastDocument, ParseEvents, recordEvents } from "../fast-ast";
import { Finding, Span } from "../model";
import { MAX_NESTING, mayNestTooDeep } from "./nesting";

/** Aliases expanded per document before we call it a "billion laughs" attack. */
const MAX_ALIAS_COUNT = 1000;
/** One YAML document as read: its value, its errors, and its AST on demand. */
export interface Piece {
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
export function segments(text: string): Segment[] {
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

export function readSegment(text: string, seg: Segment, file: string): Piece[] {
  const src = text.slice(seg.start, seg.end);
  if (mayNestTooDeep(text, seg.start, seg.end)) return [tooDeep(file, contentSpan(src, seg))];
  if (!ANCHOR_RE.test(src) && !GLUED_MARKER_RE.test(src) && !DIRECTIVE_OR_END_RE.test(src)) {
    let value: unknown;
    let ok = true;
    // The parse events, recorded on the way, give the AST when a finding needs a position (then they go).
    let events: ParseEvents | undefined = [];
    try {
      value = loadYaml(src, { schema: CORE_SCHEMA, listener: recordEvents(events) } as Parameters<typeof loadYaml>[1]);
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
export function slowPieces(text: string, start: number, end: number, file: string): Piece[] {
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
