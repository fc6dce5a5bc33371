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
      let from = 0;
      let to = 0;
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
