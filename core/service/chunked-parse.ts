// Incremental parsing of multi-document YAML: the text is split at `---` document markers and each
// chunk is parsed on its own, keyed by its text. After a one-line edit in a file of thousands of
// documents only the chunk that changed is parsed again; the others are reused with their offsets
// shifted. A `---` (or `...`) at the start of a line always ends a document in YAML, even inside a
// block scalar, so splitting there agrees with parsing the whole text.

import { ParsedFile, parseManifests } from "../parse";
import { CacheEntry, Chunk, ChunkedFile } from "./chunked-file";

export * from "./chunked-file";
export type { Shifted } from "./shifted";

function opensTemplate(parsed: ParsedFile): boolean {
  return parsed.text.includes("{{") || parsed.text.includes("{%");
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
    // Spares of abandoned parses are taken (each used once); this parse's own work becomes the spares.
    const spare = this.spares.get(file) ?? new Map<string, ParsedFile[]>();
    const built = new ChunkList(file, spare);
    this.spares.set(file, built.mine);
    for (const step of plan(this.previous.get(file), text, unchanged)) {
      if (step.kind === "keep") {
        built.add(step.start, step.text, step.entry);
        continue;
      }
      const { from, to } = step;
      const region = text.slice(from, to);
      const starts = chunkStarts(region);
      for (let k = 0; k < starts.length; k++) {
        const a = starts[k];
        const b = k + 1 < starts.length ? starts[k + 1] : region.length;
        if (a === b && (from + a !== 0 || text.length > 0)) continue;
        const before = built.parsedCount;
        built.add(from + a, region.slice(a, b), undefined);
        if (built.parsedCount > before) yield built.parsedCount;
      }
    }
    this.previous.set(file, { text, chunks: built.chunks, entries: built.entries });
    if (this.spares.get(file) === built.mine) this.spares.delete(file);
    return new ChunkedFile(file, text, built.chunks, built.entries, { templated: built.templated, opens: built.opens });
  }

  forget(file: string): void {
    this.previous.delete(file);
    this.spares.delete(file);
  }
}

/** The chunks of a parse, as they are added in file order: kept ones, and new ones parsed (or taken from spares). */
class ChunkList {
  readonly chunks: Chunk[] = [];
  readonly entries: CacheEntry[] = [];
  /** This parse's chunks by text: the spares of the next parse if this one is abandoned. */
  readonly mine = new Map<string, ParsedFile[]>();
  parsedCount = 0;
  templated = false;
  opens = false;

  constructor(
    private readonly file: string,
    private readonly spare: Map<string, ParsedFile[]>,
  ) {}

  add(start: number, chunkText: string, entry: CacheEntry | undefined): void {
    const last = this.chunks[this.chunks.length - 1];
    const docBase = last ? last.docBase + last.parsed.documents.length : 0;
    let e = entry;
    if (!e) {
      let parsed = this.spare.get(chunkText)?.pop();
      if (!parsed) {
        parsed = parseManifests(chunkText, this.file);
        this.parsedCount++;
      }
      const l = this.mine.get(chunkText);
      if (l) l.push(parsed);
      else this.mine.set(chunkText, [parsed]);
      e = { parsed, pos: { start, docBase }, opens: opensTemplate(parsed) };
    }
    this.templated ||= e.parsed.templated;
    this.opens ||= e.opens;
    e.pos.start = start;
    e.pos.docBase = docBase;
    this.chunks.push({ start, text: chunkText, parsed: e.parsed, docBase });
    this.entries.push(e);
  }
}

/** What a parse does, in file order: old chunks kept (in place or moved), and regions to split and parse. */
type Step = { kind: "keep"; start: number; text: string; entry: CacheEntry } | { kind: "parse"; from: number; to: number };

function plan(prev: Previous | undefined, text: string, unchanged: Unchanged | undefined): Step[] {
  // (A file with directives is kept whole, so it always takes the first branch.)
  if (!prev || prev.chunks.length === 1) return [{ kind: "parse", from: 0, to: text.length }];
  const old = prev.chunks;
  const delta = text.length - prev.text.length;
  const { i, j, from, to } = editedRegion(prev, text, unchanged);
  // A directive appeared: the whole file becomes one chunk.
  if (/^%/m.test(text.slice(from, to))) return [{ kind: "parse", from: 0, to: text.length }];
  const steps: Step[] = [];
  for (let k = 0; k < i; k++) steps.push({ kind: "keep", start: old[k].start, text: old[k].text, entry: prev.entries[k] });
  if (to > from || (i === 0 && j === old.length)) steps.push({ kind: "parse", from, to });
  for (let k = j; k < old.length; k++) steps.push({ kind: "keep", start: old[k].start + delta, text: old[k].text, entry: prev.entries[k] });
  return steps;
}

/**
 * The old chunks [0, i) kept in place, [j, end) kept but moved by the edit's length difference, and the
 * region [from, to) of the new text between them, which starts and ends on document markers at line starts.
 */
function editedRegion(prev: Previous, text: string, unchanged: Unchanged | undefined): { i: number; j: number; from: number; to: number } {
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
  for (;;) {
    const from = prefixEnd();
    const to = j < old.length ? old[j].start + delta : text.length;
    if (to < from) {
      j++;
      continue;
    }
    const startsOk = from === 0 || from === text.length || (isMarkerAt(text, from) && text[from - 1] === "\n");
    if (!startsOk) {
      i--;
      continue;
    }
    // A kept chunk after the region starts a document: the first chunk of the old text need not (an
    // insertion before it is part of its first document).
    const endsOk = to === 0 || to === text.length || (text[to - 1] === "\n" && isMarkerAt(text, to));
    if (!endsOk) {
      j++;
      continue;
    }
    return { i, j, from, to };
  }
}
