// Findings → LSP diagnostics. Each chunk's diagnostics are cached (positions relative to the chunk, valid
// while its first line stays where it is), and the few file-level findings are merged in, in the order
// every caller of the check pipeline gives findings; so an edit costs the chunk it changed, not thousands
// of findings. Each diagnostic links to its check's page in the extension's docs when there is one.
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { Diagnostic, DiagnosticSeverity, DiagnosticTag } from "vscode-languageserver";
import { UNUSED_GRANT } from "../../../core/audit/unused-grant";
import { mergeInOrder, Ordered } from "../../../core/checks/support/order";
import { Finding, Severity, Span } from "../../../core/model";
import { ChunkedFile } from "../../../core/service/chunked-parse";
import { positionAt } from "../../../core/yaml/lines";

export const DIAGNOSTIC_SOURCE = "kube-rbac";

export const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

type Position = { line: number; character: number };

interface ChunkDiagnostics {
  /** Line of the chunk's start the diagnostics were computed for. */
  readonly base: number;
  /** Spans of the findings, relative to the chunk. */
  readonly starts: readonly number[];
  readonly ends: readonly number[];
  readonly diagnostics: readonly Diagnostic[];
}

/** A finding with its diagnostic (computed when it is a file-level finding's turn). */
interface Pair {
  readonly finding: Finding;
  readonly diagnostic: Diagnostic | undefined;
}

/** file URIs of docs/checks/<code>.md in the extension folder, for the pages that exist. */
export class DocsLinks {
  private readonly hrefs = new Map<string, string | undefined>();

  constructor(private readonly extensionRoot: string | undefined) {}

  href(code: string): string | undefined {
    if (this.hrefs.has(code)) return this.hrefs.get(code);
    let href: string | undefined;
    const root = this.extensionRoot;
    if (root && /^[a-z0-9-]+$/.test(code)) {
      const page = path.join(root, "docs", "checks", `${code}.md`);
      if (fs.existsSync(page)) href = pathToFileURL(page).toString();
    }
    this.hrefs.set(code, href);
    return href;
  }
}

export class DiagnosticConverter {
  /** Per chunk's findings (the findings cache's list): their diagnostics, for the line the chunk started on. */
  private readonly chunkCache = new WeakMap<readonly Finding[], ChunkDiagnostics>();

  constructor(private readonly docs: DocsLinks) {}

  /** The findings in the order `kube-rbac check` gives them, with their diagnostics. */
  assemble(
    file: ChunkedFile,
    perChunk: readonly (readonly Finding[])[],
    fileLevel: readonly Finding[],
  ): { findings: Finding[]; diagnostics: Diagnostic[] } {
    const perDocument: Ordered<Pair>[] = [];
    const bases = file.lineBases;
    for (let i = 0; i < perChunk.length; i++) {
      const list = perChunk[i];
      if (list.length === 0) continue;
      const chunk = file.chunks[i];
      const c = this.chunkDiagnostics(list, chunk.start, chunk.parsed.lineStarts, bases[i]);
      for (let k = 0; k < list.length; k++) {
        const item = { finding: list[k], diagnostic: c.diagnostics[k] };
        perDocument.push({ item, start: chunk.start + c.starts[k], end: chunk.start + c.ends[k], code: list[k].code });
      }
    }
    const extra = fileLevel.map((f) => ({
      item: { finding: f, diagnostic: undefined },
      start: f.span.start,
      end: f.span.end,
      code: f.code,
    }));
    const merged = mergeInOrder(perDocument, extra);
    const position = (offset: number) => file.positionAt(offset);
    return {
      findings: merged.map((p) => p.finding),
      diagnostics: merged.map((p) => p.diagnostic ?? this.diagnosticAt(position, p.finding)),
    };
  }

  private chunkDiagnostics(list: readonly Finding[], chunkStart: number, lineStarts: readonly number[], base: number): ChunkDiagnostics {
    const cached = this.chunkCache.get(list);
    if (cached && cached.base === base) return cached;
    const starts: number[] = [];
    const ends: number[] = [];
    const diagnostics: Diagnostic[] = [];
    const position = (local: number) => {
      const p = positionAt(lineStarts, local);
      return { line: p.line + base, character: p.character };
    };
    for (const f of list) {
      const span = f.span;
      starts.push(span.start - chunkStart);
      ends.push(span.end - chunkStart);
      diagnostics.push(this.diagnosticAt(position, f, { start: span.start - chunkStart, end: span.end - chunkStart }));
    }
    const entry = { base, starts, ends, diagnostics };
    this.chunkCache.set(list, entry);
    return entry;
  }

  private diagnosticAt(position: (offset: number) => Position, f: Finding, span: Span = f.span): Diagnostic {
    const d: Diagnostic = {
      range: { start: position(span.start), end: position(span.end) },
      severity: SEVERITY[f.severity],
      code: f.code,
      source: DIAGNOSTIC_SOURCE,
      message: f.message,
    };
    const href = this.docs.href(f.code);
    if (href) d.codeDescription = { href };
    // Grants nothing uses (unused-grant) show faded, as unnecessary code does. (Only those findings are
    // asked: another finding's data is built when read.)
    if (f.code === UNUSED_GRANT && f.data?.unnecessary === true) d.tags = [DiagnosticTag.Unnecessary];
    return d;
  }
}
