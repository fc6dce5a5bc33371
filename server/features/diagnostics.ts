// Diagnostics: findings of the parser and the core checks, pushed for open YAML documents — exactly what
// `kube-rbac check` reports for the same files, computed by the same check pipeline
// (core/service/check-service.ts), kept for the session so that an edit re-checks only the chunk it
// touched. In diagnostics/: when documents are checked (scheduler.ts); long checks in slices
// (slicing.ts); findings as diagnostics (conversion.ts); what was published, and its quick fixes
// (published.ts).
import * as path from "node:path";
import { CancellationToken, Diagnostic, DiagnosticSeverity, Disposable, Range } from "vscode-languageserver";
import { Finding, isBinding, isRole } from "../../core/model";
import { ChunkedFile } from "../../core/service/chunked-parse";
import { orderedFindings } from "../../core/service/check-service";
import { CheckStatusNotification } from "../../protocol/index";
import { CheckScheduler } from "./diagnostics/scheduler";
import { CheckProgress, Slicer } from "./diagnostics/slicing";
import { ServerContext } from "../context";
import { DIAGNOSTIC_SOURCE, DiagnosticConverter, DocsLinks } from "./diagnostics/conversion";
import { LspFix, PublishedDiagnostics } from "./diagnostics/published";
import { formatSize } from "../workspace-files";
import { isKustomizePatch, patchFindings } from "../kustomize-patches";
import { configDiagnostics, isConfigUri } from "../repo-config";
import { withRendered } from "./diagnostics/rendered";
import { auditLogFiles, unusedGrantsOf } from "./diagnostics/unused-grants";
import { compareFindings } from "../../core/checks/support/order";

export { DIAGNOSTIC_SOURCE } from "./diagnostics/conversion";
export type { LspFix } from "./diagnostics/published";

/** Push diagnostics need no capability; this file owns the validation loop. */
export const diagnosticsCapability = {};

/** A check's phase times, for the debug log. */
class Laps {
  private readonly times: number[] = [];
  constructor(readonly started: number) {}
  lap(): void {
    this.times.push(Date.now());
  }
  toString(): string {
    return this.times.map((t, i) => t - (i === 0 ? this.started : this.times[i - 1])).join("/");
  }
}

export class Validator implements Disposable {
  private readonly scheduler: CheckScheduler;
  private readonly converter: DiagnosticConverter;
  private readonly published = new PublishedDiagnostics();
  /** The workspace shape other open documents were last checked against. */
  private lastShape = -1;
  /** The catalog other open documents were last checked against (the workspace's CRDs extend it). */
  private lastCatalog: unknown;

  /**
   * `yieldTo`: what background checks also wait for between slices (the start-up warm-up's validator
   * yields to the server's own this way); undefined when there is nothing to wait for.
   * `idle`: called each time every open document has been checked (the server's idle collection).
   */
  constructor(
    private readonly ctx: ServerContext,
    yieldTo: () => Promise<void> | undefined = () => undefined,
    idle: () => void = () => undefined,
  ) {
    this.converter = new DiagnosticConverter(new DocsLinks(ctx.extensionRoot));
    this.scheduler = new CheckScheduler((uri, token, background) => this.check(uri, token, background), {
      debounceMs: () => ctx.state.settings.debounceMs,
      yieldTo,
      busyChanged: (busy) => {
        void ctx.connection.sendNotification(CheckStatusNotification, { busy });
        if (!busy) idle();
      },
      failed: (uri, e) => ctx.logger.error(`kube-rbac: checking ${uri} failed`, e),
    });
  }

  /** See CheckScheduler.schedule. */
  schedule(uri: string, delay?: number, background = false): void {
    this.scheduler.schedule(uri, delay, background);
  }

  /** True while a document waits for its check or is being checked. */
  get busy(): boolean {
    return this.scheduler.busy;
  }

  /** Resolves once every open document has been checked (at once when none waits). */
  idle(): Promise<void> {
    return this.scheduler.idle();
  }

  /** `background`: pauses while the user's documents wait for their checks; undefined for those documents. */
  private async check(uri: string, token: CancellationToken, background: (() => Promise<void> | undefined) | undefined): Promise<void> {
    const { documents, state } = this.ctx;
    const doc = documents.open.get(uri);
    if (!doc) return;
    const version = doc.version;
    const laps = new Laps(Date.now());
    if (!state.settings.diagnostics || state.repoConfigs.isIgnored(uri)) return this.send(uri, version, []);
    if (isConfigUri(uri)) return this.send(uri, version, configDiagnostics(doc.getText()));
    if (documents.tooLarge(doc)) return this.send(uri, version, [this.tooLarge(doc.getText().length)]);
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
      const file = await slicer.run(documents.parseSteps(uri), "parsed");
      if (!file) return;
      laps.lap();
      documents.sync(uri);
      laps.lap();
      const inputs = state.checkInputs(documents.workspace, uri);
      const shape = documents.workspace.shape;
      const checked = await slicer.run(this.ctx.checks.perDocumentSteps(file, inputs), `checked (of ${file.chunks.length})`);
      if (!checked || stale()) return;
      laps.lap();
      // A kustomize patch holds only what it changes (server/kustomize-patches.ts).
      const patch = isKustomizePatch(uri);
      const perDocument = patch ? checked.map(patchFindings) : checked;
      const checkedFileLevel = patch
        ? patchFindings(this.ctx.checks.fileLevelFindings(file, inputs))
        : this.ctx.checks.fileLevelFindings(file, inputs);
      // The unused-grant hints, when the workspace names audit logs (diagnostics/unused-grants.ts).
      const unused = this.ctx.audit && !patch ? unusedGrantsOf(this.ctx, this.ctx.audit, uri, file, inputs) : [];
      const ownFileLevel = unused.length > 0 ? [...checkedFileLevel, ...unused].sort(compareFindings) : checkedFileLevel;
      // The findings of the file's chart or kustomization as rendered (server/render-scheduler.ts).
      const { severity, render } = state.settings;
      const fileLevel = withRendered(
        this.ctx.renders,
        uri,
        doc.getText(),
        file.templated,
        perDocument.flat(),
        ownFileLevel,
        severity,
        render.enabled,
      );
      laps.lap();
      this.publish(uri, version, file, perDocument, fileLevel, shape, laps, slicer.slices);
      // A CustomResourceDefinition came or went with this file: every other open document is checked again.
      if (this.lastCatalog !== undefined && this.lastCatalog !== inputs.catalog)
        for (const other of documents.open.keys()) if (other !== uri) this.schedule(other, 0, true);
      this.lastCatalog = inputs.catalog;
    } finally {
      progress.done();
    }
  }

  private send(uri: string, version: number, diagnostics: Diagnostic[]): void {
    void this.ctx.connection.sendDiagnostics({ uri, version, diagnostics });
  }

  private tooLarge(size: number): Diagnostic {
    const limit = formatSize(this.ctx.state.settings.maxFileSize);
    return {
      range: Range.create(0, 0, 0, 0),
      severity: DiagnosticSeverity.Information,
      source: DIAGNOSTIC_SOURCE,
      code: "file-too-large",
      message: `This file is ${formatSize(size)}, over the kubeRbac.maxFileSize limit of ${limit}: kube-rbac does not analyse it.`,
    };
  }

  /** Publication (unless unchanged), and re-checks of the documents whose findings may depend on this one. */
  private publish(
    uri: string,
    version: number,
    file: ChunkedFile,
    perDocument: readonly (readonly Finding[])[],
    fileLevel: readonly Finding[],
    shape: number,
    laps: Laps,
    slices: number,
  ): void {
    // A re-check of the same version (after a change elsewhere) often finds the same: the client already has it.
    const same = this.published.same(uri, version, perDocument, fileLevel);
    const last = this.published.get(uri);
    if (!same || !last) {
      const { findings, diagnostics } = this.converter.assemble(file, perDocument, fileLevel);
      this.published.set(uri, { version, diagnostics, findings, perDocument, fileLevel });
      this.send(uri, version, diagnostics);
    } else if (last.fileLevel !== fileLevel || last.perDocument.some((list, i) => list !== perDocument[i])) {
      // The same diagnostics, from new findings: keep their quick fixes, which may differ (a role now known).
      this.published.set(uri, { ...last, findings: orderedFindings({ perDocument, fileLevel }), perDocument, fileLevel });
    }
    const count = this.published.get(uri)?.diagnostics.length ?? 0;
    laps.lap();
    this.ctx.logger.debug(
      `kube-rbac: checked ${uri} (version ${version}, ${file.chunks.length} chunks, ${count} findings${same ? ", unchanged" : ""}) in ${Date.now() - laps.started} ms${slices > 1 ? ` (${slices} slices)` : ""}; parse/sync/check/file-level/publish ${laps.toString()} ms`,
    );
    const { documents } = this.ctx;
    // With audit logs, a role's unused grants depend on every binding: new findings of a file with bindings re-check the open roles.
    const audit = this.ctx.audit;
    if (!same && audit && auditLogFiles(this.ctx, audit, uri).length > 0 && file.objects.some(isBinding))
      for (const other of documents.open.keys())
        if (other !== uri && documents.lastParse(other)?.objects.some(isRole) !== false) this.schedule(other, 0, true);
    if (shape !== this.lastShape) {
      this.lastShape = shape;
      // Only bindings depend on other files (is their role or service account known?).
      for (const other of documents.open.keys())
        if (other !== uri && documents.lastParse(other)?.objects.some(isBinding) !== false) this.schedule(other, 0, true);
    }
  }

  forget(uri: string): void {
    this.published.forget(uri);
    this.ctx.checks.forgetFindings(uri);
    this.scheduler.forget(uri);
    void this.ctx.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  dispose(): void {
    this.scheduler.dispose();
  }

  /** The quick fixes of the finding behind a published diagnostic (matched by code and range). */
  fixesFor(uri: string, d: Diagnostic): LspFix[] {
    const doc = this.ctx.documents.get(uri);
    return doc ? this.published.fixesFor(uri, doc, d) : [];
  }
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
