// Multi-document YAML (or JSON) -> RBAC objects that remember where every field is.
//
// Never throws: YAML errors become findings, documents that are not RBAC are ignored (ServiceAccounts
// and Namespaces are kept aside), `kind: List` / `*List` items are unpacked. Spans are computed
// lazily from the YAML AST, so a large file costs nothing until a check asks where a field is.
// That AST comes from js-yaml's parse events where it can (core/fast-ast.ts), else from the `yaml` package.

import { Document } from "yaml";
import { isListKind, looksLikeRbac, namedFromPlain, rbacFromPlain } from "./defaulting";
import { FieldPath, Finding, NamedObject, RbacObject, Span } from "./model";
import { Piece, readSegment, segments, slowPieces } from "./yaml/documents";
import { lineStartsOf } from "./yaml/lines";
import { Source } from "./yaml/source";
import type { MaskedVariant } from "./template/mask";

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
  /** A Helm template read through its masked text (`text`): the template itself (core/service/template-reader.ts). */
  readonly source?: string;
  /** With `source`: its masked variants (`text` is the first one's), so the checks do not mask the template again. */
  readonly maskedVariants?: readonly MaskedVariant[];
  /** Offsets of line starts, for mapping spans to positions. */
  readonly lineStarts: readonly number[];
}

export interface ParseOptions {
  /** Keep spans (the YAML AST stays referenced). Default true; loaders of big dumps turn it off. */
  readonly spans?: boolean;
  /** "yaml" reads everything with the `yaml` package (the reference the fast path is tested against). */
  readonly engine?: "fast" | "yaml";
}

/** Template directives (`{{ … }}`, `{% … %}`): Helm, Jinja, Go templates. */
export const TEMPLATE_RE = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/;

/**
 * Two parsers, one result. The `yaml` package keeps exact positions but is slow; js-yaml reads
 * values far faster (docs/benchmarks.md: the parse floor). Each document is read with js-yaml, and its
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

/** Positions and line starts live in ./yaml/lines; re-exported for the many callers that map spans. */
export { lastAtOrBelow, positionAt } from "./yaml/lines";
