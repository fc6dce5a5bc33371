// Diagnostics: findings of the parser and the core checks, pushed for open YAML documents — exactly what
// `kube-rbac check` reports for the same files. Debounced while typing; a check in progress is cancelled
// when the document changes again, and a result for an older version is dropped. Per-document findings
// are computed chunk by chunk (one YAML document each) and cached, so an edit re-checks only the chunk it
// touched; the file-level checks run over the whole file. Long checks (the first open of a huge file) run
// in slices, so other requests are served meanwhile.
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import {
  CancellationToken,
  CancellationTokenSource,
  Diagnostic,
  DiagnosticSeverity,
  Disposable,
  Range,
  WorkDoneProgressServerReporter,
} from "vscode-languageserver";
import { ChunkedFile } from "../core/service/chunked-parse";
import { positionAt } from "../core/parse";
import { TextDocument } from "vscode-languageserver-textdocument";
import { Finding, isBinding, Severity, Span } from "../core/model";
import { FindingsCache } from "../core/service/findings-cache";
import { FileLevelIndex } from "../core/service/file-level";
import { chunkChecker, chunkEpoch, fileLevelFindings, mergeFindings } from "./checker";
import { findingOrder } from "../core/checks/index";
import { ServerContext } from "./context";
import { configDiagnostics, isConfigUri } from "./repo-config";
import { formatSize } from "./workspace-files";
import { CheckStatusNotification } from "../protocol/index";

export const DIAGNOSTIC_SOURCE = "kube-rbac";

/** Push diagnostics need no capability; this file owns the validation loop. */
export const diagnosticsCapability = {};

/** A finding's quick fix, in LSP terms. */
export interface LspFix {
  readonly title: string;
  readonly edits: readonly { readonly range: Range; readonly newText: string }[];
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toRange(doc: TextDocument, span: Span): Range {
  return { start: doc.positionAt(span.start), end: doc.positionAt(span.end) };
}

export class Validator implements Disposable {
  private readonly cache = new FindingsCache();
  /** Per open document: its file-level findings, kept chunk by chunk. */
  private readonly fileLevel = new Map<string, FileLevelIndex>();
  /** Per chunk's findings (the findings cache's list): their diagnostics, for the line the chunk started on. */
  private readonly chunkCache = new WeakMap<readonly Finding[], ChunkDiagnostics>();
  /** Checks scheduled and not started, per document: how to call each off. */
  private readonly pending = new Map<string, () => void>();
  /** Documents the user opened or edited whose check is pending or running: background re-checks wait for them. */
  private readonly foreground = new Set<string>();
  private readonly waiting: (() => void)[] = [];
  /** The check in progress per document; cancelled when the document changes again. */
  private readonly running = new Map<string, CancellationTokenSource>();
  private readonly docsHref = new Map<string, string | undefined>();
  /** The findings behind the last published diagnostics, for quick fixes (fixes stay off the wire). */
  private readonly published = new Map<string, Published>();
  /** The workspace shape other open documents were last checked against. */
  private lastShape = -1;
  private reportedBusy = false;

  /**
   * `yieldTo`: what background checks also wait for between slices (the start-up warm-up's validator
   * yields to the server's own this way); undefined when there is nothing to wait for.
   * `idle`: called each time every open document has been checked (the server's idle collection).
   */
  constructor(
    private readonly ctx: ServerContext,
    private readonly yieldTo: () => Promise<void> | undefined = () => undefined,
    private readonly idle: () => void = () => undefined,
  ) {}

  /**
   * `background`: a re-check because something else changed (another file, the settings, the cluster).
   * It waits while a document the user opened or edited waits for its own check.
   */
  schedule(uri: string, delay = this.ctx.documents.settings.debounceMs, background = false): void {
    if (!background) this.foreground.add(uri);
    // Whatever is being checked for this document is about to be out of date: stop it at its next slice.
    this.running.get(uri)?.cancel();
    this.pending.get(uri)?.();
    const start = () => {
      this.pending.delete(uri);
      void this.validate(uri);
    };
    // No delay (an opened document): in this turn of the event loop's check phase, not after a 1 ms timer.
    if (delay > 0) {
      const t = setTimeout(start, delay);
      this.pending.set(uri, () => clearTimeout(t));
    } else {
      const t = setImmediate(start);
      this.pending.set(uri, () => clearImmediate(t));
    }
    this.updateStatus();
  }

  /** True while a document waits for its check or is being checked. */
  get busy(): boolean {
    return this.pending.size > 0 || this.running.size > 0;
  }

  /** Tells the client when checking starts and when everything open has been checked. */
  private updateStatus(): void {
    const busy = this.busy;
    if (busy === this.reportedBusy) return;
    this.reportedBusy = busy;
    void this.ctx.connection.sendNotification(CheckStatusNotification, { busy });
    if (!busy) this.idle();
  }

  /** Check one open document now and publish the result (unless it became stale meanwhile). */
  async validate(uri: string): Promise<void> {
    this.running.get(uri)?.cancel();
    const source = new CancellationTokenSource();
    this.running.set(uri, source);
    try {
      await this.check(uri, source.token, this.foreground.has(uri) ? undefined : () => this.whenForegroundDone() ?? this.yieldTo());
    } catch (e) {
      this.ctx.logger.error(`kube-rbac: checking ${uri} failed`, e);
    } finally {
      if (this.running.get(uri) === source) this.running.delete(uri);
      // Done with what the user asked for, unless a newer check of the same document is under way.
      if (!this.running.has(uri) && !this.pending.has(uri)) this.foregroundDone(uri);
      source.dispose();
      this.updateStatus();
    }
  }

  private foregroundDone(uri: string): void {
    if (!this.foreground.delete(uri) || this.foreground.size > 0) return;
    for (const resolve of this.waiting.splice(0)) resolve();
  }

  /** Undefined when no opened or edited document waits for its check; else resolves when none does. */
  private whenForegroundDone(): Promise<void> | undefined {
    return this.foreground.size === 0 ? undefined : new Promise((resolve) => this.waiting.push(resolve));
  }

  /** `background`: pauses while the user's documents wait for their checks; undefined for those documents. */
  private async check(uri: string, token: CancellationToken, background: (() => Promise<void> | undefined) | undefined): Promise<void> {
    const { documents, connection } = this.ctx;
    const doc = documents.open.get(uri);
    if (!doc) return;
    const version = doc.version;
    const started = Date.now();
    if (!documents.settings.diagnostics || documents.repoConfigs.isIgnored(uri)) {
      void connection.sendDiagnostics({ uri, version, diagnostics: [] });
      return;
    }
    if (isConfigUri(uri)) {
      void connection.sendDiagnostics({ uri, version, diagnostics: configDiagnostics(doc.getText()) });
      return;
    }
    if (documents.tooLarge(doc)) {
      const message = `This file is ${formatSize(doc.getText().length)}, over the kubeRbac.maxFileSize limit of ${formatSize(documents.settings.maxFileSize)}: kube-rbac does not analyse it.`;
      void connection.sendDiagnostics({
        uri,
        version,
        diagnostics: [
          {
            range: Range.create(0, 0, 0, 0),
            severity: DiagnosticSeverity.Information,
            source: DIAGNOSTIC_SOURCE,
            code: "file-too-large",
            message,
          },
        ],
      });
      return;
    }
    // A newer version, a newer check of this document, or a closed document: the result would be stale.
    const stale = () => token.isCancellationRequested || documents.open.get(uri)?.version !== version;
    // The first parse of a huge file, and its first check, run in slices so other requests are served
    // meanwhile; once that takes a while, the client is shown a progress notification.
    const progress = new CheckProgress(this.ctx, path.basename(uri));
    const slicer = new Slicer(stale, (phase, n) => progress.report(phase, n), background);
    const waited = background?.();
    if (waited) await waited;
    if (stale()) return;
    try {
      const times: number[] = [];
      const lap = () => times.push(Date.now());
      const file = await slicer.run(documents.parseSteps(uri), "parsed");
      if (!file) return;
      lap();
      documents.sync(uri);
      lap();
      const shape = documents.workspace.shape;
      const total = file.chunks.length;
      const perDocument = await slicer.run(
        this.cache.chunkSteps(file, chunkEpoch(documents, file), chunkChecker(documents, file)),
        `checked (of ${total})`,
      );
      if (!perDocument || stale()) return;
      this.finish(uri, version, file, perDocument, shape, started, times, slicer.slices);
    } finally {
      progress.done();
    }
  }

  /** File-level checks, publication (unless unchanged), and re-checks of the documents whose findings may depend on this one. */
  private finish(
    uri: string,
    version: number,
    file: ChunkedFile,
    perDocument: readonly (readonly Finding[])[],
    shape: number,
    started: number,
    times: number[],
    slices: number,
  ): void {
    const { documents, logger, connection } = this.ctx;
    const lap = () => times.push(Date.now());
    lap();
    let index = this.fileLevel.get(uri);
    if (!index) this.fileLevel.set(uri, (index = new FileLevelIndex()));
    const fileLevel = fileLevelFindings(documents, file, index);
    lap();
    // A re-check of the same version (after a change elsewhere) often finds the same: the client already
    // has it. Compared finding by finding (most chunks' lists are the very same cached arrays), so that a
    // huge file re-checked because another file changed costs no diagnostics to assemble or send.
    // (A new version is always published.)
    const last = this.published.get(uri);
    const same =
      last !== undefined && last.version === version && sameLists(last.perDocument, perDocument) && sameFindings(last.fileLevel, fileLevel);
    if (!same) {
      const { findings, diagnostics } = this.assemble(file, perDocument, fileLevel);
      this.published.set(uri, { version, diagnostics, findings, perDocument, fileLevel });
      void connection.sendDiagnostics({ uri, version, diagnostics });
    } else if (last.fileLevel !== fileLevel || last.perDocument.some((list, i) => list !== perDocument[i])) {
      // The same diagnostics, from new findings: keep their quick fixes, which may differ (a role now known).
      this.published.set(uri, { ...last, findings: mergeFindings(perDocument.flat(), fileLevel), perDocument, fileLevel });
    }
    const count = this.published.get(uri)?.diagnostics.length ?? 0;
    lap();
    const phases = times.map((t, i) => t - (i === 0 ? started : times[i - 1])).join("/");
    logger.debug(
      `kube-rbac: checked ${uri} (version ${version}, ${file.chunks.length} chunks, ${count} findings${same ? ", unchanged" : ""}) in ${Date.now() - started} ms${slices > 1 ? ` (${slices} slices)` : ""}; parse/sync/check/file-level/publish ${phases} ms`,
    );
    if (shape !== this.lastShape) {
      this.lastShape = shape;
      // Only bindings depend on other files (is their role or service account known?).
      for (const other of documents.open.keys())
        if (other !== uri && documents.lastParse(other)?.objects.some(isBinding) !== false) this.schedule(other, 0, true);
    }
  }

  forget(uri: string): void {
    this.running.get(uri)?.cancel();
    this.pending.get(uri)?.();
    this.pending.delete(uri);
    this.published.delete(uri);
    this.fileLevel.delete(uri);
    this.cache.forget(uri);
    this.foregroundDone(uri);
    this.updateStatus();
    void this.ctx.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  dispose(): void {
    for (const cancel of this.pending.values()) cancel();
    this.pending.clear();
    for (const r of this.running.values()) r.cancel();
    this.foreground.clear();
    for (const resolve of this.waiting.splice(0)) resolve();
  }

  /**
   * The findings in the order `checkFile` gives them, with their diagnostics. Each chunk's diagnostics are
   * cached (positions relative to the chunk, valid while its first line stays where it is), and the few
   * file-level findings are merged in; so an edit costs the chunk it changed, not thousands of findings.
   */
  private assemble(
    file: ChunkedFile,
    perChunk: readonly (readonly Finding[])[],
    fileLevel: readonly Finding[],
  ): { findings: Finding[]; diagnostics: Diagnostic[] } {
    const extra = fileLevel
      .map((f) => ({ f, start: f.span.start, end: f.span.end }))
      .sort((a, b) => findingOrder(a.start, a.end, a.f.code, b.start, b.end, b.f.code));
    const findings: Finding[] = [];
    const diagnostics: Diagnostic[] = [];
    const bases = file.lineBases;
    const position = (offset: number) => file.positionAt(offset);
    let j = 0;
    // The previous per-document finding: they must come in order for the merge to be the sort.
    let lastStart = -1;
    let lastEnd = -1;
    let lastCode = "";
    for (let i = 0; i < perChunk.length; i++) {
      const list = perChunk[i];
      if (list.length === 0) continue;
      const chunk = file.chunks[i];
      const c = this.chunkDiagnostics(list, chunk.start, chunk.parsed.lineStarts, bases[i]);
      for (let k = 0; k < list.length; k++) {
        const start = chunk.start + c.starts[k];
        const end = chunk.start + c.ends[k];
        const code = list[k].code;
        if (findingOrder(lastStart, lastEnd, lastCode, start, end, code) > 0) return this.assembleSorted(file, perChunk, fileLevel);
        while (j < extra.length && findingOrder(extra[j].start, extra[j].end, extra[j].f.code, start, end, code) < 0) {
          findings.push(extra[j].f);
          diagnostics.push(this.diagnosticAt(position, extra[j].f));
          j++;
        }
        findings.push(list[k]);
        diagnostics.push(c.diagnostics[k]);
        lastStart = start;
        lastEnd = end;
        lastCode = code;
      }
    }
    for (; j < extra.length; j++) {
      findings.push(extra[j].f);
      diagnostics.push(this.diagnosticAt(position, extra[j].f));
    }
    return { findings, diagnostics };
  }

  /** `assemble` for findings that do not come in file order (never seen; kept for safety): sort everything. */
  private assembleSorted(
    file: ChunkedFile,
    perChunk: readonly (readonly Finding[])[],
    fileLevel: readonly Finding[],
  ): { findings: Finding[]; diagnostics: Diagnostic[] } {
    const findings = mergeFindings(perChunk.flat(), fileLevel);
    return { findings, diagnostics: findings.map((f) => this.diagnosticAt((offset) => file.positionAt(offset), f)) };
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

  private diagnosticAt(position: (offset: number) => { line: number; character: number }, f: Finding, span: Span = f.span): Diagnostic {
    const d: Diagnostic = {
      range: { start: position(span.start), end: position(span.end) },
      severity: SEVERITY[f.severity],
      code: f.code,
      source: DIAGNOSTIC_SOURCE,
      message: f.message,
    };
    const href = this.href(f.code);
    if (href) d.codeDescription = { href };
    return d;
  }

  /** Positions as `kube-rbac check` computes them (an offset between `\r` and `\n` stays there; TextDocument would move it). */
  toDiagnostic(lineStarts: readonly number[], f: Finding): Diagnostic {
    const range = { start: positionAt(lineStarts, f.span.start), end: positionAt(lineStarts, f.span.end) };
    const d: Diagnostic = { range, severity: SEVERITY[f.severity], code: f.code, source: DIAGNOSTIC_SOURCE, message: f.message };
    const href = this.href(f.code);
    if (href) d.codeDescription = { href };
    return d;
  }

  /** The quick fixes of the finding behind a published diagnostic (matched by code and range). */
  fixesFor(uri: string, d: Diagnostic): LspFix[] {
    const last = this.published.get(uri);
    const doc = this.ctx.documents.get(uri);
    if (!last || !doc) return [];
    const i = last.diagnostics.findIndex((p) => p.code === d.code && sameRange(p.range, d.range) && p.message === d.message);
    if (i < 0) return [];
    const fixes =
      (last.findings[i].data as { fixes?: readonly { title: string; edits: readonly { span: Span; newText: string }[] }[] } | undefined)
        ?.fixes ?? [];
    return fixes.map((x) => ({ title: x.title, edits: x.edits.map((e) => ({ range: toRange(doc, e.span), newText: e.newText })) }));
  }

  /** file URI of docs/checks/<code>.md in the extension folder, when that page exists. */
  private href(code: string): string | undefined {
    if (this.docsHref.has(code)) return this.docsHref.get(code);
    let href: string | undefined;
    const root = this.ctx.extensionRoot;
    if (root && /^[a-z0-9-]+$/.test(code)) {
      const page = path.join(root, "docs", "checks", `${code}.md`);
      if (fs.existsSync(page)) href = pathToFileURL(page).toString();
    }
    this.docsHref.set(code, href);
    return href;
  }
}

/** How long a check may hold the event loop before it lets other messages through (ms). */
const SLICE_MS = 20;
const BACKGROUND_SLICE_MS = 4;

/** Runs step generators, yielding to the event loop every SLICE_MS; gives up (undefined) once stale. */
class Slicer {
  slices = 1;
  private sliceStart = Date.now();
  private readonly sliceMs: number;

  constructor(
    private readonly stale: () => boolean,
    private readonly progress: (phase: string, steps: number) => void,
    /** A background check waits here between slices while the user's documents are checked. */
    private readonly pause: (() => Promise<void> | undefined) | undefined,
  ) {
    // Each message from the client (a didOpen, a didClose) and each message to it is handled in a turn of
    // the event loop of its own, so one waits a whole slice per hop: a background check yields often.
    this.sliceMs = pause ? BACKGROUND_SLICE_MS : SLICE_MS;
  }

  /** `steps` yields the number of steps done so far. */
  async run<T>(steps: Generator<number, T, void>, phase: string): Promise<T | undefined> {
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
      if (Date.now() - this.sliceStart >= this.sliceMs) {
        this.progress(phase, r.value);
        await new Promise<void>((resolve) => setImmediate(resolve));
        const paused = this.pause?.();
        if (paused) await paused;
        this.slices++;
        this.sliceStart = Date.now();
        if (this.stale()) return undefined;
      }
    }
  }
}

/** Progress shown while a long check runs (after PROGRESS_AFTER_MS); nothing for the usual quick check. */
const PROGRESS_AFTER_MS = 500;

class CheckProgress {
  private readonly started = Date.now();
  private reporter: Promise<WorkDoneProgressServerReporter> | undefined;

  constructor(
    private readonly ctx: ServerContext,
    private readonly name: string,
  ) {}

  report(phase: string, n: number): void {
    if (!this.reporter) {
      if (Date.now() - this.started < PROGRESS_AFTER_MS) return;
      this.reporter = this.ctx.connection.window.createWorkDoneProgress().then((r) => {
        r.begin(`kube-rbac: checking ${this.name}`, undefined, undefined, false);
        return r;
      });
    }
    void this.reporter.then(
      (r) => r.report(`${n} documents ${phase}`),
      () => undefined,
    );
  }

  done(): void {
    void this.reporter?.then(
      (r) => r.done(),
      () => undefined,
    );
  }
}

interface ChunkDiagnostics {
  /** Line of the chunk's start the diagnostics were computed for. */
  readonly base: number;
  /** Spans of the findings, relative to the chunk. */
  readonly starts: readonly number[];
  readonly ends: readonly number[];
  readonly diagnostics: readonly Diagnostic[];
}

interface Published {
  readonly version: number;
  readonly diagnostics: readonly Diagnostic[];
  /** The findings behind `diagnostics`, in the same order (for quick fixes). */
  readonly findings: readonly Finding[];
  /** What they were assembled from: per-document findings (cached lists) and file-level findings. */
  readonly perDocument: readonly (readonly Finding[])[];
  readonly fileLevel: readonly Finding[];
}

function sameLists(a: readonly (readonly Finding[])[], b: readonly (readonly Finding[])[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !sameFindings(a[i], b[i])) return false;
  return true;
}

/** Same findings as far as a diagnostic shows them (the text is the same version, so offsets decide positions). */
function sameFindings(a: readonly Finding[], b: readonly Finding[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (
      x !== y &&
      (x.code !== y.code ||
        x.severity !== y.severity ||
        x.message !== y.message ||
        x.span.start !== y.span.start ||
        x.span.end !== y.span.end)
    )
      return false;
  }
  return true;
}

function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

/** `background`: every check runs as a background re-check does (the start-up warm-up's private copy). */
export function registerDiagnostics(ctx: ServerContext, validator: Validator, background = false): Disposable {
  const { open } = ctx.documents;
  // TextDocuments fires onDidOpen then onDidChangeContent: check an opened document at once, edits after a pause.
  const justOpened = new Set<string>();
  const subs = [
    open.onDidOpen((e) => {
      justOpened.add(e.document.uri);
    }),
    open.onDidChangeContent((e) => validator.schedule(e.document.uri, justOpened.delete(e.document.uri) ? 0 : undefined, background)),
    open.onDidClose((e) => {
      validator.forget(e.document.uri);
      if (ctx.documents.closed(e.document.uri)) ctx.revalidate();
    }),
  ];
  return Disposable.create(() => {
    for (const s of subs) s.dispose();
    validator.dispose();
  });
}
