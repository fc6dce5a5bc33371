// Per-document findings of a template's masked text, kept from one check of a file to the next: a document
// whose masked text, place in the file and line before are unchanged (same catalog, settings and workspace
// shape) takes its findings from the last check instead of being checked again. Only the last check's
// documents are kept, so the memo never holds more than one file's worth of findings.

import type { CheckContext } from "../checks/context";
import type { Finding } from "../model";
import { ParsedFile, positionAt } from "../parse";

export class DocumentMemo {
  private last = new Map<string, readonly Finding[]>();
  private next = new Map<string, readonly Finding[]>();
  private inputs: readonly unknown[] = [];
  /** Documents checked and taken from the memo since the memo was made (what tests and benchmarks read). */
  checked = 0;
  reused = 0;

  /** Starts a check of the file: what was kept under other inputs is dropped. */
  begin(ctx: CheckContext): void {
    const inputs = [ctx.catalog, ctx.settings, ctx.workspace, ctx.workspace.shape];
    if (ctx.workspace.shape === undefined || inputs.some((x, i) => x !== this.inputs[i])) this.last.clear();
    this.inputs = inputs;
    this.next = new Map();
  }

  /** The document's findings: kept ones when its key is known, else `check()`'s (kept when they lie within the key's text). */
  findings(key: DocumentKey, check: () => readonly Finding[]): readonly Finding[] {
    let found = this.last.get(key.text) ?? this.next.get(key.text);
    if (found) this.reused++;
    else {
      found = check();
      this.checked++;
      if (!found.every((f) => key.from <= f.span.start && f.span.end <= key.to)) return found;
    }
    this.next.set(key.text, found);
    return found;
  }

  /** Ends the check: the documents of this check are those kept for the next. */
  end(): void {
    this.last = this.next;
    this.next = new Map();
  }
}

export interface DocumentKey {
  readonly text: string;
  /** The part of the masked text the key holds. */
  readonly from: number;
  readonly to: number;
}

/**
 * Everything of the masked text a document's findings read: the document's text from the end of the one
 * before it (leading lines count) to the start of the next one (or the end of its YAML errors, if later),
 * where that is, and the line before it when that line is a suppression comment (any other line before
 * reads the same to the checks: support/suppression.ts).
 */
export function documentKey(parsed: ParsedFile, docIndex: number, variant: number): DocumentKey {
  const doc = parsed.documents[docIndex];
  const text = parsed.text;
  const after = Math.min(docIndex > 0 ? parsed.documents[docIndex - 1].span.end : 0, doc.span.start);
  const line = positionAt(parsed.lineStarts, after).line;
  const from = parsed.lineStarts[line];
  let to = Math.max(doc.span.end, parsed.documents[docIndex + 1]?.span.start ?? text.length);
  for (const e of doc.errors) to = Math.max(to, e.span.end);
  const before = line > 0 ? text.slice(parsed.lineStarts[line - 1], from) : "";
  const comment = before.includes(SUPPRESSION) ? before : "";
  const templated = parsed.templated ? "t" : "";
  return { text: `${variant}\0${docIndex}\0${from}\0${line}\0${templated}\0${comment}\0${text.slice(from, to)}`, from, to };
}

/** What every suppression comment holds. */
const SUPPRESSION = "kube-rbac-disable-next-line";
