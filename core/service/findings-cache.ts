// Findings of a chunked file, computed chunk by chunk and cached by chunk text. A chunk is re-checked
// only when its text changed, or when something it may depend on elsewhere (the set of known roles and
// service accounts, the settings: the `epoch`) changed. Spans come back in file offsets.

import { Finding } from "../model";
import { ParsedFile } from "../parse";
import { Chunk, ChunkedFile, sameEnds } from "./chunked-parse";

/** Runs the per-document checks on one chunk, parsed on its own (spans relative to the chunk). */
export type ChunkChecker = (chunk: Chunk) => readonly Finding[];

/** What a chunk's findings depend on besides its own text (see core/service/check-service.ts). */
export interface ChunkEpochs {
  /**
   * Changes whenever `of` may answer differently for a chunk whose text, and the text of the chunk just
   * before it, are unchanged (the settings, the catalog, the known roles…).
   */
  readonly stamp: string;
  of(chunk: Chunk): string;
}

/** A file's chunks, with their entries, as its last run left them. */
interface LastRun {
  readonly stamp: string;
  readonly parsed: readonly ParsedFile[];
  readonly entries: readonly Entry[];
}

interface Entry {
  readonly epoch: string;
  /** Where the chunk sits now; the findings' spans follow it lazily. */
  readonly pos: { start: number };
  readonly findings: readonly Finding[];
}

export class FindingsCache {
  /** Keyed by the chunk's parse, which the chunked parser keeps for as long as the chunk is unchanged. */
  private readonly entries = new WeakMap<ParsedFile, Entry>();

  /** Per file: its last run, so that the next one (after an edit) looks up only the chunks that changed. */
  private readonly last = new Map<string, LastRun>();

  /**
   * Per-document findings of the whole file, chunk by chunk (in chunk order). `epochs.of(chunk)` identifies
   * the state of everything outside the chunk that its findings depend on (chunks holding only roles need
   * not follow role changes elsewhere). Yields after every chunk it had to check, so the caller can slice
   * the work. A chunk's list is the same array for as long as its findings are, so callers can cache what
   * they derive from it.
   */
  *chunkSteps(file: ChunkedFile, epochs: ChunkEpochs, check: ChunkChecker): Generator<number, (readonly Finding[])[], void> {
    const chunks = file.chunks;
    const n = chunks.length;
    // The chunks at the start and at the end that are those of the last run, and so is the chunk before
    // each (its last line may hold a suppression comment): under the same stamp their entries still hold.
    const last = this.last.get(file.file);
    const now = chunks.map((c) => c.parsed);
    let head = 0;
    let tail = 0;
    if (last && last.stamp === epochs.stamp) {
      ({ head, tail } = sameEnds(last.parsed, now));
      // The first chunk of the unchanged end has a new chunk before it (or none): its line before may differ.
      if (tail > 0 && now[n - 1 - tail] !== last.parsed[last.parsed.length - 1 - tail]) tail--;
    }
    const out: (readonly Finding[])[] = [];
    const entries: Entry[] = [];
    let checked = 0;
    for (let k = 0; k < n; k++) {
      const chunk = chunks[k];
      let entry: Entry | undefined;
      if (k < head) entry = last!.entries[k];
      else if (k >= n - tail) entry = last!.entries[k - n + last!.entries.length];
      else {
        entry = this.entries.get(chunk.parsed);
        const epoch = epochs.of(chunk);
        if (!entry || entry.epoch !== epoch) {
          const pos = { start: chunk.start };
          entry = { epoch, pos, findings: safeCheck(check, chunk).map((f) => followChunk(f, file.file, pos)) };
          this.entries.set(chunk.parsed, entry);
          yield ++checked;
        }
      }
      entry.pos.start = chunk.start;
      out.push(entry.findings);
      entries.push(entry);
    }
    this.last.set(file.file, { stamp: epochs.stamp, parsed: now, entries });
    return out;
  }

  /** Drops what is kept of the file's last run (its chunks' entries stay, by text, while their parses live). */
  forget(file: string): void {
    this.last.delete(file);
  }
}

function safeCheck(check: ChunkChecker, chunk: Chunk): readonly Finding[] {
  const parsed = chunk.parsed;
  try {
    return check(chunk);
  } catch (e) {
    // A check bug must not hide the parser's findings, nor take the server down.
    return [
      ...parsed.findings,
      {
        code: "internal-error",
        severity: "information",
        message: `kube-rbac could not check this part of the file: ${e instanceof Error ? e.message : String(e)}`,
        file: parsed.file,
        span: { start: 0, end: Math.min(1, parsed.text.length) },
      },
    ];
  }
}

interface FixLike {
  readonly title: string;
  readonly edits: readonly { readonly span: { start: number; end: number }; readonly newText: string }[];
}

/** A finding (and its quick fixes' edits) whose spans follow the chunk's current position. */
function followChunk(f: Finding, file: string, pos: { start: number }): Finding {
  const data = f.data;
  const out: Finding = {
    code: f.code,
    severity: f.severity,
    message: f.message,
    file,
    get span() {
      return { start: f.span.start + pos.start, end: f.span.end + pos.start };
    },
  };
  if (!data) return out;
  // A getter of its own (an object spread would read it once, here): the fixes are read, and may be
  // computed (core/checks/support/run.ts), only when asked for (a diagnostic reads other data), and
  // their edits follow the chunk too.
  Object.defineProperty(out, "data", {
    enumerable: true,
    get() {
      if (!("fixes" in data)) return data;
      const shifted: Record<string, unknown> = {};
      for (const k of Object.keys(data)) if (k !== "fixes") shifted[k] = (data as Record<string, unknown>)[k];
      const d = pos.start;
      let fixes: readonly FixLike[] | undefined;
      Object.defineProperty(shifted, "fixes", {
        enumerable: true,
        get: () =>
          (fixes ??= (data as { fixes?: readonly FixLike[] }).fixes?.map((x) => ({
            title: x.title,
            edits: x.edits.map((e) => ({ span: { start: e.span.start + d, end: e.span.end + d }, newText: e.newText })),
          }))),
      });
      return shifted;
    },
  });
  return out;
}
