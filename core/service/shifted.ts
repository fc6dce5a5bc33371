// A chunk's objects, documents and findings in file coordinates: views over the chunk's own parse whose
// spans follow the chunk's current position, so moving a chunk (an edit above it) costs nothing.

import { FieldPath, Finding, NamedObject, RbacObject, SourceRef, Span } from "../model";
import { ParsedDocument, ParsedFile } from "../parse";

/** A chunk's objects and parser findings in file coordinates (they follow the chunk when it moves). */
export interface Shifted {
  objects: RbacObject[];
  others: NamedObject[];
  findings: Finding[];
}

/** The chunk's documents in file coordinates, sharing the shifted objects and findings of the chunk. */
export function shiftedDocuments(parsed: ParsedFile, s: Shifted, file: string, pos: { start: number; docBase: number }): ParsedDocument[] {
  const findingIndex = new Map(parsed.findings.map((f, k) => [f, k] as const));
  let oi = 0;
  let ni = 0;
  return parsed.documents.map((d) => {
    const objects = d.objects.map(({ prefix }) => ({ object: s.objects[oi++], prefix }));
    const others = s.others.slice(ni, (ni += d.others.length));
    const errors = d.errors.map((e) => {
      const k = findingIndex.get(e);
      return k === undefined ? shiftedFinding(e, file, pos) : s.findings[k];
    });
    // A view over the chunk's document (its lazily computed parts stay lazy), moved to the chunk's place.
    return Object.create(d, {
      index: { get: () => d.index + pos.docBase, enumerable: true },
      span: { get: () => shiftSpan(d.span, pos.start), enumerable: true },
      objects: { value: objects, enumerable: true },
      others: { value: others, enumerable: true },
      errors: { value: errors, enumerable: true },
    }) as ParsedDocument;
  });
}

function shiftSpan(s: Span, delta: number): Span {
  return delta === 0 ? s : { start: s.start + delta, end: s.end + delta };
}

/** A finding whose span follows its chunk's current position. */
export function shiftedFinding(f: Finding, file: string, pos: { start: number }): Finding {
  return {
    code: f.code,
    severity: f.severity,
    message: f.message,
    file,
    get span() {
      return shiftSpan(f.span, pos.start);
    },
    ...(f.data ? { data: f.data } : {}),
  };
}

/** A chunk's SourceRef in file coordinates, following the chunk's current position. (A class: one per object.) */
class ShiftedSource implements SourceRef {
  declare readonly itemIndex?: number;

  constructor(
    private readonly src: SourceRef,
    readonly file: string,
    private readonly pos: { start: number; docBase: number },
  ) {
    if (src.itemIndex !== undefined) (this as { itemIndex?: number }).itemIndex = src.itemIndex;
  }

  get docIndex(): number {
    return this.src.docIndex + this.pos.docBase;
  }

  get span(): Span {
    return shiftSpan(this.src.span, this.pos.start);
  }

  valueSpan(path: FieldPath): Span | undefined {
    const s = this.src.valueSpan(path);
    return s && shiftSpan(s, this.pos.start);
  }

  keySpan(path: FieldPath): Span | undefined {
    const s = this.src.keySpan(path);
    return s && shiftSpan(s, this.pos.start);
  }
}

export function withSource<T extends { source?: SourceRef }>(o: T, file: string, pos: { start: number; docBase: number }): T {
  if (!o.source) return o;
  return { ...o, source: new ShiftedSource(o.source, file, pos) };
}
