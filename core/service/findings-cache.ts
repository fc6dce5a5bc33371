// Findings of a chunked file, computed chunk by chunk and cached by chunk text. A chunk is re-checked
// only when its text changed, or when something it may depend on elsewhere (the set of known roles and
// service accounts, the settings: the `epoch`) changed. Spans come back in file offsets.

import { Finding } from "../model";
import { ParsedFile } from "../parse";
import { ChunkedFile, shiftFinding } from "./chunked-parse";

/** Runs the checks on one chunk, parsed on its own (spans relative to the chunk). */
export type ChunkChecker = (parsed: ParsedFile) => readonly Finding[];

interface Entry {
  readonly parsed: ParsedFile;
  readonly epoch: string;
  readonly findings: readonly Finding[];
  shifted?: { start: number; findings: Finding[] };
}

export class FindingsCache {
  private readonly files = new Map<string, Map<string, Entry>>();

  /**
   * Findings of the whole file. `epochOf(chunk)` identifies the state of everything outside the file
   * that the chunk's findings depend on (chunks holding only roles need not follow role changes elsewhere).
   */
  findings(file: ChunkedFile, epochOf: (parsed: ParsedFile) => string, check: ChunkChecker, isCancelled: () => boolean = () => false): Finding[] | undefined {
    const previous = this.files.get(file.file) ?? new Map<string, Entry>();
    const next = new Map<string, Entry>();
    const out: Finding[] = [];
    for (const chunk of file.chunks) {
      let entry = next.get(chunk.text) ?? previous.get(chunk.text);
      const epoch = epochOf(chunk.parsed);
      if (!entry || entry.epoch !== epoch || entry.parsed !== chunk.parsed) {
        if (isCancelled()) {
          // Keep what was computed so far: the next run starts from there.
          for (const [k, v] of previous) if (!next.has(k)) next.set(k, v);
          this.files.set(file.file, next);
          return undefined;
        }
        entry = { parsed: chunk.parsed, epoch, findings: safeCheck(check, chunk.parsed) };
      }
      next.set(chunk.text, entry);
      if (!entry.shifted || entry.shifted.start !== chunk.start) {
        entry.shifted = { start: chunk.start, findings: entry.findings.map((f) => shiftFindingWithFixes(f, file.file, chunk.start)) };
      }
      for (const f of entry.shifted.findings) out.push(f);
    }
    this.files.set(file.file, next);
    return out;
  }

  forget(file: string): void {
    this.files.delete(file);
  }
}

function safeCheck(check: ChunkChecker, parsed: ParsedFile): readonly Finding[] {
  try {
    return check(parsed);
  } catch (e) {
    // A check bug must not hide the parser's findings, nor take the server down.
    return [...parsed.findings, { code: "internal-error", severity: "information", message: `kube-rbac could not check this part of the file: ${e instanceof Error ? e.message : String(e)}`, file: parsed.file, span: { start: 0, end: Math.min(1, parsed.text.length) } }];
  }
}

interface FixLike {
  readonly title: string;
  readonly edits: readonly { readonly span: { start: number; end: number }; readonly newText: string }[];
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
