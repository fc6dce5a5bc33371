// Multi-document YAML (or JSON) -> RBAC objects that remember where every field is.
//
// Never throws: YAML errors become findings, documents that are not RBAC are ignored (ServiceAccounts
// and Namespaces are kept aside), `kind: List` / `*List` items are unpacked. Spans are computed
// lazily from the YAML AST, so a large file costs nothing until a check asks where a field is.

import { Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Node, parseAllDocuments, YAMLMap, YAMLSeq } from "yaml";
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
}

const TEMPLATE_RE = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/;

export function parseManifests(text: string, file: string, options: ParseOptions = {}): ParsedFile {
  const keepSpans = options.spans !== false;
  const lineCounter = new LineCounter();
  const findings: Finding[] = [];
  const documents: ParsedDocument[] = [];
  const objects: RbacObject[] = [];
  const others: NamedObject[] = [];
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { lineCounter, uniqueKeys: true, prettyErrors: false, logLevel: "error" }) as Document.Parsed[];
  } catch (e) {
    // The yaml parser does not throw on bad input, but a parser bug must not take the editor down.
    findings.push(finding(file, "yaml-syntax", `The file could not be parsed as YAML: ${errorText(e)}`, { start: 0, end: Math.min(text.length, 1) }));
    return { file, text, documents, objects, others, findings, templated: TEMPLATE_RE.test(text), lineStarts: lineCounter.lineStarts };
  }
  // parseAllDocuments returns an EmptyStream (an array) for empty input.
  if (!Array.isArray(docs)) docs = [];

  docs.forEach((doc, index) => {
    const errors = doc.errors.map((e) =>
      finding(file, e.code === "DUPLICATE_KEY" ? "duplicate-key" : "yaml-syntax", cleanMessage(e.message), { start: e.pos[0], end: Math.max(e.pos[1], e.pos[0] + 1) }),
    );
    findings.push(...errors);
    const range = doc.range ?? [0, 0, 0];
    const span = { start: range[0], end: range[2] };
    let value: unknown;
    try {
      value = doc.contents ? doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) : undefined;
    } catch (e) {
      const f = finding(file, "yaml-syntax", `This document could not be read: ${errorText(e)}`, { start: span.start, end: Math.max(span.end, span.start + 1) });
      findings.push(f);
      errors.push(f);
      value = undefined;
    }
    const docObjects: { object: RbacObject; prefix: FieldPath }[] = [];
    const docOthers: NamedObject[] = [];
    const add = (v: unknown, prefix: FieldPath, itemIndex?: number) => {
      const source = keepSpans ? makeSource(file, index, doc, prefix, itemIndex) : undefined;
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
    documents.push({ index, span, yaml: doc, value, objects: docObjects, others: docOthers, errors });
  });

  return { file, text, documents, objects, others, findings, templated: TEMPLATE_RE.test(text), lineStarts: lineCounter.lineStarts };
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
      const item = (node as YAMLSeq).items[step];
      if (item === undefined) return undefined;
      node = deref(doc, item);
      keyNode = undefined;
    } else {
      if (!isMap(node)) return undefined;
      const pair = (node as YAMLMap).items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === step);
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

function makeSource(file: string, docIndex: number, doc: Document, prefix: FieldPath, itemIndex?: number): SourceRef {
  const root = walk(doc, doc.contents, prefix)?.node;
  const whole = nodeSpan(root) ?? { start: 0, end: 0 };
  const src: SourceRef = {
    file,
    docIndex,
    span: whole,
    valueSpan(path: FieldPath): Span | undefined {
      const w = walk(doc, root, path);
      if (!w) return undefined;
      // `verbs:` with no value: point at the key so the squiggle has somewhere to go.
      return nodeSpan(w.node) ?? nodeSpan(w.keyNode);
    },
    keySpan(path: FieldPath): Span | undefined {
      const w = walk(doc, root, path);
      return w ? nodeSpan(w.keyNode) : undefined;
    },
  };
  return itemIndex === undefined ? src : { ...src, itemIndex, valueSpan: src.valueSpan, keySpan: src.keySpan };
}

/** 0-based line and character of an offset, as LSP counts them (UTF-16 code units). */
export function positionAt(lineStarts: readonly number[], offset: number): { line: number; character: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - (lineStarts[lo] ?? 0) };
}
