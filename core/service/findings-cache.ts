// Findings of a chunked file, computed chunk by chunk and cached by chunk text. A chunk is re-checked
// only when its text changed, or when something it may depend on elsewhere (the set of known roles and
// service accounts, the settings: the `epoch`) changed. Spans come back in file offsets.

import { Finding } from "../model";
import { ParsedFile } from "../parse";
import { Chunk, ChunkedFile, shiftFinding } from "./chunked-parse";

/** Runs the per-document checks on one chunk, parsed on its own (spans relative to the chunk). */
export type ChunkChecker = (chunk: Chunk) => readonly Finding[];

interface Entry {
  readonly epoch: string;
  /** Where the chunk sits now; the findings' spans follow it lazily. */
  readonly pos: { start: number };
  readonly findings: readonly Finding[];
}

export class FindingsCache {
  /** Keyed by the chunk's parse, which the chunked parser keeps for as long as the chunk is unchanged. */
  private readonly entries = new WeakMap<ParsedFile, Entry>();

  /**
   * Per-document findings of the whole file, in chunk order. `epochOf(chunk)` identifies the state of
   * everything outside the chunk that its findings depend on (chunks holding only roles need not follow
   * role changes elsewhere). Yields after every chunk it had to check, so the caller can slice the work.
   */
  *steps(file: ChunkedFile, epochOf: (chunk: Chunk) => string, check: ChunkChecker): Generator<number, Finding[], void> {
    const out: Finding[] = [];
    for (const list of yield* this.chunkSteps(file, epochOf, check)) for (const f of list) out.push(f);
    return out;
  }

  /**
   * `steps`, returning each chunk's findings (in chunk order). A chunk's list is the same array for as long
   * as its findings are, so callers can cache what they derive from it.
   */
  *chunkSteps(file: ChunkedFile, epochOf: (chunk: Chunk) => string, check: ChunkChecker): Generator<number, (readonly Finding[])[], void> {
    const out: (readonly Finding[])[] = [];
    let checked = 0;
    for (const chunk of file.chunks) {
      let entry = this.entries.get(chunk.parsed);
      const epoch = epochOf(chunk);
      if (!entry || entry.epoch !== epoch) {
        const pos = { start: chunk.start };
        entry = { epoch, pos, findings: safeCheck(check, chunk).map((f) => followChunk(f, file.file, pos)) };
        this.entries.set(chunk.parsed, entry);
        yield ++checked;
      }
      entry.pos.start = chunk.start;
      out.push(entry.findings);
    }
    return out;
  }

  /** `steps`, run to completion. */
  findings(file: ChunkedFile, epochOf: (chunk: Chunk) => string, check: ChunkChecker): Finding[] {
    const steps = this.steps(file, epochOf, check);
    for (let r = steps.next(); ; r = steps.next()) if (r.done) return r.value;
  }
}

function safeCheck(check: ChunkChecker, chunk: Chunk): readonly Finding[] {
  const parsed = chunk.parsed;
  try {
    return check(chunk);
  } catch (e) {
    // A check bug must not hide the parser's findings, nor take the server down.
    return [...parsed.findings, { code: "internal-error", severity: "information", message: `kube-rbac could not check this part of the file: ${e instanceof Error ? e.message : String(e)}`, file: parsed.file, span: { start: 0, end: Math.min(1, parsed.text.length) } }];
  }
}

interface FixLike {
  readonly title: string;
  readonly edits: readonly { readonly span: { start: number; end: number }; readonly newText: string }[];
}

/** A finding (and its quick fixes' edits) whose spans follow the chunk's current position. */
function followChunk(f: Finding, file: string, pos: { start: number }): Finding {
  const fixes = (f.data as { fixes?: readonly FixLike[] } | undefined)?.fixes;
  const data = f.data;
  return {
    code: f.code,
    severity: f.severity,
    message: f.message,
    file,
    get span() {
      return { start: f.span.start + pos.start, end: f.span.end + pos.start };
    },
    ...(data
      ? {
          get data() {
            if (!fixes) return data;
            const d = pos.start;
            return { ...data, fixes: fixes.map((x) => ({ title: x.title, edits: x.edits.map((e) => ({ span: { start: e.span.start + d, end: e.span.end + d }, newText: e.newText })) })) };
          },
        }
      : {}),
  };
}

/** Shifts the finding and the edits of its quick fixes (`data.fixes`). */
export function shiftFindingWithFixes(f: Finding, file: string, delta: number): Finding {
  const shifted = shiftFinding(f, file, delta);
  const fixes = (f.data as { fixes?: readonly FixLike[] } | undefined)?.fixes;
  if (!fixes || delta === 0) return shifted;
  return {
    ...shifted,
    data: {
      ...f.data,
      fixes: fixes.map((x) => ({ title: x.title, edits: x.edits.map((e) => ({ span: { start: e.span.start + delta, end: e.span.end + delta }, newText: e.newText })) })),
    },
  };
}
