// Diagnostics: findings of the parser and the core checks, pushed for open YAML documents. Debounced
// while typing; a result for an older version of the document is dropped. Findings are computed chunk by
// chunk (one YAML document each) and cached, so an edit re-checks only the chunk it touched; chunks that
// hold bindings are re-checked when a role or service account appears or disappears elsewhere.
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { Diagnostic, DiagnosticSeverity, Disposable, Range } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { Finding, isBinding, Severity, Span } from "../core/model";
import { FindingsCache } from "../core/service/findings-cache";
import { chunkChecker } from "./checker";
import { ServerContext } from "./context";
import { formatSize } from "./workspace-files";

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
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly docsHref = new Map<string, string | undefined>();
  /** The findings behind the last published diagnostics, for quick fixes (fixes stay off the wire). */
  private readonly published = new Map<string, { readonly diagnostics: readonly Diagnostic[]; readonly findings: readonly Finding[] }>();
  /** The workspace shape other open documents were last checked against. */
  private lastShape = -1;

  constructor(private readonly ctx: ServerContext) {}

  schedule(uri: string, delay = this.ctx.documents.settings.debounceMs): void {
    const t = this.timers.get(uri);
    if (t) clearTimeout(t);
    this.timers.set(uri, setTimeout(() => {
      this.timers.delete(uri);
      this.validate(uri);
    }, delay));
  }

  /** Check one open document now and publish the result (if still current). */
  validate(uri: string): void {
    const { documents, logger, connection } = this.ctx;
    const doc = documents.open.get(uri);
    if (!doc) return;
    const version = doc.version;
    const started = Date.now();
    try {
      if (!documents.settings.diagnostics) {
        void connection.sendDiagnostics({ uri, version, diagnostics: [] });
        return;
      }
      if (documents.tooLarge(doc)) {
        const message = `This file is ${formatSize(doc.getText().length)}, over the kubeRbac.maxFileSize limit of ${formatSize(documents.settings.maxFileSize)}: kube-rbac does not analyse it.`;
        void connection.sendDiagnostics({ uri, version, diagnostics: [{ range: Range.create(0, 0, 0, 0), severity: DiagnosticSeverity.Information, source: DIAGNOSTIC_SOURCE, code: "file-too-large", message }] });
        return;
      }
      documents.sync(uri);
      const file = documents.parse(uri);
      if (!file) return;
      const shape = documents.workspace.shape;
      const base = `${documents.settingsVersion}/${documents.catalogVersion}`;
      const withShape = `${base}/${shape}`;
      const findings = this.cache.findings(file, (parsed) => (parsed.objects.some(isBinding) ? withShape : base), chunkChecker(documents));
      if (!findings || documents.open.get(uri)?.version !== version) return;
      const diagnostics = findings.map((f) => this.toDiagnostic(doc, f));
      this.published.set(uri, { diagnostics, findings });
      void connection.sendDiagnostics({ uri, version, diagnostics });
      logger.debug(`kube-rbac: checked ${uri} (version ${version}, ${file.chunks.length} chunks, ${diagnostics.length} findings) in ${Date.now() - started} ms`);
      if (shape !== this.lastShape) {
        this.lastShape = shape;
        for (const other of documents.open.keys()) if (other !== uri) this.schedule(other, 0);
      }
    } catch (e) {
      logger.error(`kube-rbac: checking ${uri} failed`, e);
    }
  }

  forget(uri: string): void {
    const t = this.timers.get(uri);
    if (t) clearTimeout(t);
    this.timers.delete(uri);
    this.cache.forget(uri);
    this.published.delete(uri);
    void this.ctx.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  toDiagnostic(doc: TextDocument, f: Finding): Diagnostic {
    const d: Diagnostic = { range: toRange(doc, f.span), severity: SEVERITY[f.severity], code: f.code, source: DIAGNOSTIC_SOURCE, message: f.message };
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
    const fixes = (last.findings[i].data as { fixes?: readonly { title: string; edits: readonly { span: Span; newText: string }[] }[] } | undefined)?.fixes ?? [];
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

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

export function registerDiagnostics(ctx: ServerContext, validator: Validator): Disposable {
  const { open } = ctx.documents;
  // TextDocuments fires onDidOpen then onDidChangeContent: check an opened document at once, edits after a pause.
  const justOpened = new Set<string>();
  const subs = [
    open.onDidOpen((e) => {
      justOpened.add(e.document.uri);
    }),
    open.onDidChangeContent((e) => validator.schedule(e.document.uri, justOpened.delete(e.document.uri) ? 0 : undefined)),
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
