// Incremental parsing of multi-document YAML: the text is split at `---` document markers and each
// chunk is parsed on its own, keyed by its text. After a one-line edit in a file of thousands of
// documents only the chunk that changed is parsed again; the others are reused with their offsets
// shifted. A `---` (or `...`) at the start of a line always ends a document in YAML, even inside a
// block scalar, so splitting there agrees with parsing the whole text.

import { FieldPath, Finding, NamedObject, RbacObject, SourceRef, Span } from "../model";
import { lastAtOrBelow, ParsedDocument, ParsedFile, parseManifests, positionAt } from "../parse";

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
  /** Where the chunk currently sits; the shifted objects read it lazily, so moving a chunk costs nothing. */
  readonly pos: { start: number; docBase: number };
  /** The chunk opens a template expression (`{{`, `{%`). */
  readonly opens: boolean;
  shifted?: Shifted;
  /** The chunk's documents in file coordinates (for the whole-file view). */
  documents?: ParsedDocument[];
}

/** A chunk's objects and parser findings in file coordinates (they follow the chunk when it moves). */
export interface Shifted {
  objects: RbacObject[];
  others: NamedObject[];
  findings: Finding[];
}

const TEMPLATE_RE = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/;

function opensTemplate(parsed: ParsedFile): boolean {
  return parsed.text.includes("{{") || parsed.text.includes("{%");
}

/** What the chunks of a file tell about templates: whether any is templated on its own, or opens an expression. */
interface TemplateMarks {
  readonly templated: boolean;
  readonly opens: boolean;
}

/** A document marker: `---` followed by a space, a tab, a line break or the end (`-----` is none). */
const MARKER = "---(?=[ \t\r\n]|$)";
const MARKER_AT = new RegExp(MARKER, "y");

/** Offsets where chunks start: 0 and the start of every line that is a document marker. */
export function chunkStarts(text: string): number[] {
  const starts = [0];
  // Directives (`%YAML`, `%TAG`) belong to the document after them: keep such files whole.
  if (/^%/m.test(text)) return starts;
  const re = new RegExp(`^${MARKER}`, "gm");
  for (let m = re.exec(text); m; m = re.exec(text)) if (m.index > 0) starts.push(m.index);
  return starts;
}

/**
 * How many items at the start and at the end of `now` are those of `was` (the same objects, in place):
 * what an edit left alone, found without a set of thousands of chunks.
 */
export function sameEnds<T>(was: readonly T[], now: readonly T[]): { head: number; tail: number } {
  const n = now.length;
  const m = was.length;
  let head = 0;
  while (head < n && head < m && now[head] === was[head]) head++;
  let tail = 0;
  while (tail < n - head && tail < m - head && now[n - 1 - tail] === was[m - 1 - tail]) tail++;
  return { head, tail };
}

/** True when a `---` document marker starts at `at` (as chunkStarts finds them: `-----` is none). */
function isMarkerAt(text: string, at: number): boolean {
  MARKER_AT.lastIndex = at;
  return MARKER_AT.test(text);
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

/**
 * What an editor's changes tell about a new text: its first `prefix` and last `suffix` characters are those
 * of `base`, a text parsed before (the previous text of the file, when it is `base`).
 */
export interface Unchanged {
  readonly base: string;
  readonly prefix: number;
  readonly suffix: number;
}

interface Previous {
  readonly text: string;
  readonly chunks: readonly Chunk[];
  readonly entries: readonly CacheEntry[];
}

/**
 * Parses files chunk by chunk, reusing the chunks of the previous version of each file: the chunks
 * before the edit keep their place, those after it move by the edit's length difference, and only the
 * chunks in between are split and parsed again.
 *
 * `parseSteps` does the same work as a generator that yields after every chunk it had to parse, so a
 * caller can spread the first parse of a huge file over many turns of the event loop. A parse that is
 * abandoned half-way (the text changed meanwhile) is not lost: the chunks it parsed are kept as spares
 * and reused, by text, by the next parse of that file.
 */
export class ChunkedParser {
  private readonly previous = new Map<string, Previous>();
  /** Chunks parsed by an abandoned parse, by chunk text (parses are chunk-relative, so reusable anywhere). */
  private readonly spares = new Map<string, Map<string, ParsedFile[]>>();

  parse(text: string, file: string, unchanged?: Unchanged): ChunkedFile {
    const steps = this.parseSteps(text, file, unchanged);
    for (let r = steps.next(); ; r = steps.next()) if (r.done) return r.value;
  }

  /**
   * Yields the number of chunks parsed so far; returns the file. Nothing is committed until the end.
   * `unchanged` (from the editor's change events) spares comparing the kept chunks with the new text.
   */
  *parseSteps(text: string, file: string, unchanged?: Unchanged): Generator<number, ChunkedFile, void> {
    const prev = this.previous.get(file);
    // Spares of abandoned parses are taken (each used once); this parse's own work becomes the spares.
    const spare = this.spares.get(file) ?? new Map<string, ParsedFile[]>();
    const mine = new Map<string, ParsedFile[]>();
    this.spares.set(file, mine);
    const keep = (t: string, p: ParsedFile) => {
      const l = mine.get(t);
      if (l) l.push(p);
      else mine.set(t, [p]);
    };
    const chunks: Chunk[] = [];
    const entries: CacheEntry[] = [];
    let parsedCount = 0;
    let templated = false;
    let opens = false;
    const add = (start: number, chunkText: string, entry: CacheEntry | undefined) => {
      const docBase = chunks.length === 0 ? 0 : chunks[chunks.length - 1].docBase + chunks[chunks.length - 1].parsed.documents.length;
      let e = entry;
      if (!e) {
        let parsed = spare.get(chunkText)?.pop();
        if (!parsed) {
          parsed = parseManifests(chunkText, file);
          parsedCount++;
        }
        keep(chunkText, parsed);
        e = { parsed, pos: { start, docBase }, opens: opensTemplate(parsed) };
      }
      templated ||= e.parsed.templated;
      opens ||= e.opens;
      e.pos.start = start;
      e.pos.docBase = docBase;
      chunks.push({ start, text: chunkText, parsed: e.parsed, docBase });
      entries.push(e);
    };
    // The regions to split and parse, and the old chunks kept around them, in file order.
    type Step = { kind: "keep"; start: number; text: string; entry: CacheEntry } | { kind: "parse"; from: number; to: number };
    const plan: Step[] = [];
    if (!prev || prev.chunks.length === 1) {
      // (A file with directives is kept whole, so it always comes here.)
      plan.push({ kind: "parse", from: 0, to: text.length });
    } else {
      const old = prev.chunks;
      const delta = text.length - prev.text.length;
      // Chunks before the edit keep their text and place; chunks after it keep their text, moved by delta.
      // Known from the editor's changes when they are relative to this previous text (no pass over the
      // text); else found by comparing (slice equality compares memory at once; startsWith goes
      // character by character).
      const known = unchanged !== undefined && unchanged.base === prev.text ? unchanged : undefined;
      const prefix = known ? Math.min(known.prefix, text.length, prev.text.length) : 0;
      const suffixFrom = known ? prev.text.length - Math.min(known.suffix, text.length - prefix, prev.text.length - prefix) : 0;
      const same = (chunk: Chunk, at: number) =>
        at >= 0 && at + chunk.text.length <= text.length && text.slice(at, at + chunk.text.length) === chunk.text;
      const inPlace = known ? (chunk: Chunk) => chunk.start + chunk.text.length <= prefix : (chunk: Chunk) => same(chunk, chunk.start);
      const moved = known ? (chunk: Chunk) => chunk.start >= suffixFrom : (chunk: Chunk) => same(chunk, chunk.start + delta);
      let i = 0;
      while (i < old.length && inPlace(old[i])) i++;
      const prefixEnd = () => (i < old.length ? old[i].start : prev.text.length);
      let j = old.length;
      while (j > i && old[j - 1].start + delta >= prefixEnd() && moved(old[j - 1])) j--;
      // The re-parsed middle [from, to) must start and end on document markers at line starts.
      let from: number;
      let to: number;
      for (;;) {
        from = prefixEnd();
        to = j < old.length ? old[j].start + delta : text.length;
        if (to < from) {
          j++;
          continue;
        }
        const startsOk = from === 0 || from === text.length || (isMarkerAt(text, from) && text[from - 1] === "\n");
        if (!startsOk) {
          i--;
          continue;
        }
        const endsOk = to === 0 || to === text.length || text[to - 1] === "\n";
        if (!endsOk) {
          j++;
          continue;
        }
        break;
      }
      if (/^%/m.test(text.slice(from, to))) {
        // A directive appeared: the whole file becomes one chunk.
        plan.push({ kind: "parse", from: 0, to: text.length });
      } else {
        for (let k = 0; k < i; k++) plan.push({ kind: "keep", start: old[k].start, text: old[k].text, entry: prev.entries[k] });
        if (to > from || (i === 0 && j === old.length)) plan.push({ kind: "parse", from, to });
        for (let k = j; k < old.length; k++)
          plan.push({ kind: "keep", start: old[k].start + delta, text: old[k].text, entry: prev.entries[k] });
      }
    }
    for (const step of plan) {
      if (step.kind === "keep") {
        add(step.start, step.text, step.entry);
        continue;
      }
      const { from, to } = step;
      const region = text.slice(from, to);
      const starts = chunkStarts(region);
      for (let k = 0; k < starts.length; k++) {
        const a = starts[k];
        const b = k + 1 < starts.length ? starts[k + 1] : region.length;
        if (a === b && (from + a !== 0 || text.length > 0)) continue;
        const before = parsedCount;
        add(from + a, region.slice(a, b), undefined);
        if (parsedCount > before) yield parsedCount;
      }
    }
    this.previous.set(file, { text, chunks, entries });
    if (this.spares.get(file) === mine) this.spares.delete(file);
    return new ChunkedFile(file, text, chunks, entries, { templated, opens });
  }

  forget(file: string): void {
    this.previous.delete(file);
    this.spares.delete(file);
  }
}

/** Offsets of line starts, as the YAML parser's LineCounter records them. */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

/** The chunk's documents in file coordinates, sharing the shifted objects and findings of the chunk. */
function shiftedDocuments(parsed: ParsedFile, s: Shifted, file: string, pos: { start: number; docBase: number }): ParsedDocument[] {
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

export function shiftFinding(f: Finding, file: string, delta: number): Finding {
  return delta === 0 && f.file === file ? f : { ...f, file, span: shiftSpan(f.span, delta) };
}

/** A finding whose span follows its chunk's current position. */
function shiftedFinding(f: Finding, file: string, pos: { start: number }): Finding {
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

function withSource<T extends { source?: SourceRef }>(o: T, file: string, pos: { start: number; docBase: number }): T {
  if (!o.source) return o;
  return { ...o, source: new ShiftedSource(o.source, file, pos) };
}
