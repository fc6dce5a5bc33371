// A file parsed chunk by chunk (core/service/chunked-parse.ts), seen whole: its objects, findings, lines
// and positions, computed from the chunks' own parses without reading the text again.

import { Finding, NamedObject, RbacObject } from "../model";
import { ParsedDocument, ParsedFile, TEMPLATE_RE } from "../parse";
import { lastAtOrBelow, positionAt } from "../yaml/lines";
import { Shifted, shiftedDocuments, shiftedFinding, withSource } from "./shifted";

export interface Chunk {
  /** Offset of the chunk in the file. */
  readonly start: number;
  readonly text: string;
  /** The chunk parsed on its own: spans and document indexes are relative to the chunk. */
  readonly parsed: ParsedFile;
  /** Index, in the whole file, of the chunk's first document. */
  readonly docBase: number;
}

export interface CacheEntry {
  readonly parsed: ParsedFile;
  /** Where the chunk currently sits; the shifted objects read it lazily, so moving a chunk costs nothing. */
  readonly pos: { start: number; docBase: number };
  /** The chunk opens a template expression (`{{`, `{%`). */
  readonly opens: boolean;
  shifted?: Shifted;
  /** The chunk's documents in file coordinates (for the whole-file view). */
  documents?: ParsedDocument[];
}

/** What the chunks of a file tell about templates: whether any is templated on its own, or opens an expression. */
export interface TemplateMarks {
  readonly templated: boolean;
  readonly opens: boolean;
}

/** The whole file, as chunks; the view every consumer uses instead of one big ParsedFile. */
export class ChunkedFile {
  private _objects?: RbacObject[];
  private _others?: NamedObject[];
  private _findings?: Finding[];
  private _templated?: boolean;
  private _whole?: ParsedFile;
  private _lineStarts?: number[];
  private _lineBases?: number[];
  private _pieces?: Shifted[];

  constructor(
    readonly file: string,
    readonly text: string,
    readonly chunks: readonly Chunk[],
    private readonly entries: readonly CacheEntry[],
    private readonly marks: TemplateMarks,
  ) {}

  /** Offsets of the file's line starts (for positions computed as `kube-rbac check` computes them). */
  get lineStarts(): readonly number[] {
    if (!this._lineStarts) {
      // From the chunks' own line starts (chunks start at line starts and cover the text): no pass over the text.
      const starts: number[] = [];
      let last = -1;
      for (const chunk of this.chunks) {
        for (const ls of chunk.parsed.lineStarts) {
          const at = chunk.start + ls;
          if (at > last) starts.push((last = at));
        }
      }
      this._lineStarts = starts.length > 0 ? starts : [0];
    }
    return this._lineStarts;
  }

  /** True when the text holds template directives (judged on the whole text, as parseManifests does). */
  get templated(): boolean {
    // A template expression may span chunks, but it opens inside one (chunks start with `---`): the whole
    // text is searched only when some chunk holds an opening `{{` or `{%`.
    if (this._templated === undefined) this._templated = this.marks.templated || (this.marks.opens && TEMPLATE_RE.test(this.text));
    return this._templated;
  }

  /**
   * The file as one ParsedFile, for the file-level checks (checkFileLevel): documents, objects, spans and
   * findings in file coordinates, built from the chunks without parsing anything again. A document's `yaml`
   * AST stays relative to its chunk; file-level checks work on objects and spans, not on the AST.
   */
  wholeFile(): ParsedFile {
    if (this._whole) return this._whole;
    const documents: ParsedDocument[] = [];
    this.chunks.forEach((chunk, i) => {
      const entry = this.entries[i];
      if (!entry.documents) entry.documents = shiftedDocuments(chunk.parsed, this.shiftedOf(i), this.file, entry.pos);
      for (const d of entry.documents) documents.push(d);
    });
    this._whole = {
      file: this.file,
      text: this.text,
      documents,
      objects: this.objects,
      others: this.others,
      findings: this.findings,
      templated: this.templated,
      lineStarts: this.lineStarts,
    };
    return this._whole;
  }

  /**
   * The objects of each chunk, in file coordinates. A chunk's piece is the same object for as long as the
   * chunk is unchanged, so consumers (the workspace model) can tell what an edit changed by identity.
   */
  pieces(): readonly Shifted[] {
    if (!this._pieces) this._pieces = this.chunks.map((_chunk, i) => this.shiftedOf(i));
    return this._pieces;
  }

  private shiftedOf(i: number): Shifted {
    const entry = this.entries[i];
    if (!entry.shifted) {
      const chunk = this.chunks[i];
      const pos = entry.pos;
      entry.shifted = {
        objects: chunk.parsed.objects.map((o) => withSource(o, this.file, pos)),
        others: chunk.parsed.others.map((o) => withSource(o, this.file, pos)),
        findings: chunk.parsed.findings.map((f) => shiftedFinding(f, this.file, pos)),
      };
    }
    return entry.shifted;
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

  /** Line (0-based) of each chunk's start: chunks start at line starts, so each adds its own line count. */
  get lineBases(): readonly number[] {
    if (!this._lineBases) {
      const bases: number[] = [];
      let line = 0;
      for (const chunk of this.chunks) {
        bases.push(line);
        line += chunk.parsed.lineStarts.length - 1;
      }
      this._lineBases = bases;
    }
    return this._lineBases;
  }

  /** Position of an offset, as positionAt over the file's line starts gives it, from the chunk's own line starts. */
  positionAt(offset: number): { line: number; character: number } {
    const i = this.chunkIndexAt(offset);
    if (i < 0) return positionAt([0], offset);
    const p = positionAt(this.chunks[i].parsed.lineStarts, offset - this.chunks[i].start);
    return { line: this.lineBases[i] + p.line, character: p.character };
  }

  /** Line of an offset (for suppression comments: core/checks/support/run.ts FileText). */
  lineOf(offset: number): number {
    return this.positionAt(offset).line;
  }

  /** Offset of a line's start; undefined past the last line. */
  lineStart(line: number): number | undefined {
    const bases = this.lineBases;
    if (bases.length === 0 || line < 0) return line === 0 ? 0 : undefined;
    const lo = lastAtOrBelow(bases, line);
    const local = this.chunks[lo].parsed.lineStarts[line - bases[lo]];
    return local === undefined ? undefined : this.chunks[lo].start + local;
  }

  /** Index of the chunk holding `offset` (-1 when there is none). */
  chunkIndexAt(offset: number): number {
    let lo = 0;
    let hi = this.chunks.length - 1;
    if (hi < 0) return -1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.chunks[mid].start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The chunk holding `offset` (the last one whose start is ≤ offset). */
  chunkAt(offset: number): Chunk | undefined {
    const i = this.chunkIndexAt(offset);
    return i < 0 ? undefined : this.chunks[i];
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
    this.chunks.forEach((_chunk, i) => {
      const s = this.shiftedOf(i);
      for (const o of s.objects) objects.push(o);
      for (const o of s.others) others.push(o);
      for (const f of s.findings) findings.push(f);
    });
    this._objects = objects;
    this._others = others;
    this._findings = findings;
  }
}
