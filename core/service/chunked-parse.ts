// Incremental parsing of multi-document YAML: the text is split at `---` document markers and each
// chunk is parsed on its own, keyed by its text. After a one-line edit in a file of thousands of
// documents only the chunk that changed is parsed again; the others are reused with their offsets
// shifted. A `---` (or `...`) at the start of a line always ends a document in YAML, even inside a
// block scalar, so splitting there agrees with parsing the whole text.

import { FieldPath, Finding, NamedObject, RbacObject, SourceRef, Span } from "../model";
import { ParsedDocument, ParsedFile, parseManifests } from "../parse";

export interface Chunk {
  /** Offset of the chunk in the file. */
  readonly start: number;
  readonly text: string;
  /** The chunk parsed on its own: spans and document indexes are relative to the chunk. */
  readonly parsed: ParsedFile;
  /** Index, in the whole file, of the chunk's first document. */
  readonly docBase: number;
}

interface CacheEntry {
  readonly parsed: ParsedFile;
  shifted?: { start: number; docBase: number; objects: RbacObject[]; others: NamedObject[]; findings: Finding[] };
}

/** Offsets where chunks start: 0 and the start of every line that is a document marker. */
export function chunkStarts(text: string): number[] {
  const starts = [0];
  // Directives (`%YAML`, `%TAG`) belong to the document after them: keep such files whole.
  if (/^%/m.test(text)) return starts;
  const re = /^---(?=[ \t\r\n]|$)/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) if (m.index > 0) starts.push(m.index);
  return starts;
}

/** The whole file, as chunks; the view every consumer uses instead of one big ParsedFile. */
export class ChunkedFile {
  private _objects?: RbacObject[];
  private _others?: NamedObject[];
  private _findings?: Finding[];

  constructor(
    readonly file: string,
    readonly text: string,
    readonly chunks: readonly Chunk[],
    private readonly entries: readonly CacheEntry[],
  ) {}

  /** True when the text holds template directives in any chunk. */
  get templated(): boolean {
    return this.chunks.some((c) => c.parsed.templated);
  }

  get objects(): readonly RbacObject[] {
    if (!this._objects) this.materialize();
    return this._objects!;
  }

  get others(): readonly NamedObject[] {
    if (!this._others) this.materialize();
    return this._others!;
  }

  /** Parser findings of every chunk, in file offsets. */
  get findings(): readonly Finding[] {
    if (!this._findings) this.materialize();
    return this._findings!;
  }

  /** The chunk holding `offset` (the last one whose start is ≤ offset). */
  chunkAt(offset: number): Chunk | undefined {
    let lo = 0;
    let hi = this.chunks.length - 1;
    if (hi < 0) return undefined;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.chunks[mid].start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return this.chunks[lo];
  }

  /** The chunk and its document that hold `offset` (document spans are chunk-relative). */
  documentAt(offset: number): { chunk: Chunk; document: ParsedDocument } | undefined {
    const chunk = this.chunkAt(offset);
    if (!chunk) return undefined;
    const local = offset - chunk.start;
    const docs = chunk.parsed.documents;
    const document = docs.find((d) => local >= d.span.start && local <= d.span.end) ?? docs[docs.length - 1];
    return document ? { chunk, document } : undefined;
  }

  private materialize(): void {
    const objects: RbacObject[] = [];
    const others: NamedObject[] = [];
    const findings: Finding[] = [];
    this.chunks.forEach((chunk, i) => {
      const entry = this.entries[i];
      let s = entry.shifted;
      if (!s || s.start !== chunk.start || s.docBase !== chunk.docBase) {
        s = {
          start: chunk.start,
          docBase: chunk.docBase,
          objects: chunk.parsed.objects.map((o) => withSource(o, this.file, chunk)),
          others: chunk.parsed.others.map((o) => withSource(o, this.file, chunk)),
          findings: chunk.parsed.findings.map((f) => shiftFinding(f, this.file, chunk.start)),
        };
        entry.shifted = s;
      }
      for (const o of s.objects) objects.push(o);
      for (const o of s.others) others.push(o);
      for (const f of s.findings) findings.push(f);
    });
    this._objects = objects;
    this._others = others;
    this._findings = findings;
  }
}

/** Parses files chunk by chunk, reusing the chunks of the previous version of each file. */
export class ChunkedParser {
  private readonly caches = new Map<string, Map<string, CacheEntry>>();

  parse(text: string, file: string): ChunkedFile {
    const previous = this.caches.get(file) ?? new Map<string, CacheEntry>();
    const next = new Map<string, CacheEntry>();
    const starts = chunkStarts(text);
    const chunks: Chunk[] = [];
    const entries: CacheEntry[] = [];
    let docBase = 0;
    for (let i = 0; i < starts.length; i++) {
      const start = starts[i];
      const chunkText = text.slice(start, i + 1 < starts.length ? starts[i + 1] : text.length);
      let entry = next.get(chunkText) ?? previous.get(chunkText);
      if (!entry) entry = { parsed: parseManifests(chunkText, file) };
      next.set(chunkText, entry);
      chunks.push({ start, text: chunkText, parsed: entry.parsed, docBase });
      entries.push(entry);
      docBase += entry.parsed.documents.length;
    }
    this.caches.set(file, next);
    return new ChunkedFile(file, text, chunks, entries);
  }

  forget(file: string): void {
    this.caches.delete(file);
  }
}

function shiftSpan(s: Span, delta: number): Span {
  return { start: s.start + delta, end: s.end + delta };
}

export function shiftFinding(f: Finding, file: string, delta: number): Finding {
  return delta === 0 && f.file === file ? f : { ...f, file, span: shiftSpan(f.span, delta) };
}

function shiftSource(src: SourceRef, file: string, delta: number, docBase: number): SourceRef {
  const shifted: SourceRef = {
    file,
    docIndex: src.docIndex + docBase,
    span: shiftSpan(src.span, delta),
    valueSpan: (path: FieldPath) => {
      const s = src.valueSpan(path);
      return s && shiftSpan(s, delta);
    },
    keySpan: (path: FieldPath) => {
      const s = src.keySpan(path);
      return s && shiftSpan(s, delta);
    },
  };
  return src.itemIndex === undefined ? shifted : { ...shifted, itemIndex: src.itemIndex };
}

function withSource<T extends { source?: SourceRef }>(o: T, file: string, chunk: Chunk): T {
  if (!o.source || (chunk.start === 0 && chunk.docBase === 0)) return o;
  return { ...o, source: shiftSource(o.source, file, chunk.start, chunk.docBase) };
}
