// The diagnostics last published per document, with the findings behind them: a re-check that finds the
// same is not sent again, and a quick-fix request finds the fixes of the diagnostic it names (fixes stay
// off the wire).
import { Diagnostic, Range } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { Finding, Span } from "../../../core/model";
import { sameRange, toRange } from "../../ranges";

/** A finding's quick fix, in LSP terms. */
export interface LspFix {
  readonly title: string;
  readonly edits: readonly { readonly range: Range; readonly newText: string }[];
}

export interface Published {
  readonly version: number;
  readonly diagnostics: readonly Diagnostic[];
  /** The findings behind `diagnostics`, in the same order (for quick fixes). */
  readonly findings: readonly Finding[];
  /** What they were assembled from: per-document findings (cached lists) and file-level findings. */
  readonly perDocument: readonly (readonly Finding[])[];
  readonly fileLevel: readonly Finding[];
}

export class PublishedDiagnostics {
  private readonly published = new Map<string, Published>();

  get(uri: string): Published | undefined {
    return this.published.get(uri);
  }

  set(uri: string, p: Published): void {
    this.published.set(uri, p);
  }

  forget(uri: string): void {
    this.published.delete(uri);
  }

  /**
   * True when these findings of this version show as the diagnostics last published. Compared finding by
   * finding (most chunks' lists are the very same cached arrays), so that a huge file re-checked because
   * another file changed costs no diagnostics to assemble or send. (A new version is always published.)
   */
  same(uri: string, version: number, perDocument: readonly (readonly Finding[])[], fileLevel: readonly Finding[]): boolean {
    const last = this.published.get(uri);
    return (
      last !== undefined && last.version === version && sameLists(last.perDocument, perDocument) && sameFindings(last.fileLevel, fileLevel)
    );
  }

  /** The quick fixes of the finding behind a published diagnostic (matched by code, range and message). */
  fixesFor(uri: string, doc: TextDocument, d: Diagnostic): LspFix[] {
    const last = this.published.get(uri);
    if (!last) return [];
    const i = last.diagnostics.findIndex((p) => p.code === d.code && sameRange(p.range, d.range) && p.message === d.message);
    if (i < 0) return [];
    const fixes =
      (last.findings[i].data as { fixes?: readonly { title: string; edits: readonly { span: Span; newText: string }[] }[] } | undefined)
        ?.fixes ?? [];
    return fixes.map((x) => ({ title: x.title, edits: x.edits.map((e) => ({ range: toRange(doc, e.span), newText: e.newText })) }));
  }
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
