// The order of a file's findings, as `kube-rbac check` and the editor give them: by start, then end, then code.
import { Finding } from "../../model";

/** The order of a file's findings (as `checkFile` gives them): by start, then end, then code. */
export function findingOrder(aStart: number, aEnd: number, aCode: string, bStart: number, bEnd: number, bCode: string): number {
  return aStart - bStart || aEnd - bEnd || (aCode < bCode ? -1 : aCode > bCode ? 1 : 0);
}

export function compareFindings(a: Finding, b: Finding): number {
  return findingOrder(a.span.start, a.span.end, a.code, b.span.start, b.span.end, b.code);
}

/** A finding's sort key, read once (spans may be lazy getters), with what it carries along. */
export interface Ordered<T> {
  readonly item: T;
  readonly start: number;
  readonly end: number;
  readonly code: string;
}

function compareOrdered<T>(a: Ordered<T>, b: Ordered<T>): number {
  return findingOrder(a.start, a.end, a.code, b.start, b.end, b.code);
}

/**
 * Per-document and file-level findings in the order `checkFile` gives them (a stable sort of both lists
 * together, per-document findings first on ties). Per-document findings come in file order already
 * (document after document): the few file-level ones are merged in; otherwise everything is sorted.
 */
export function mergeInOrder<T>(perDocument: readonly Ordered<T>[], fileLevel: readonly Ordered<T>[]): T[] {
  const b = [...fileLevel].sort(compareOrdered);
  for (let i = 1; i < perDocument.length; i++)
    if (compareOrdered(perDocument[i - 1], perDocument[i]) > 0) return [...perDocument, ...b].sort(compareOrdered).map((k) => k.item);
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < perDocument.length || j < b.length) {
    if (j >= b.length || (i < perDocument.length && compareOrdered(perDocument[i], b[j]) <= 0)) out.push(perDocument[i++].item);
    else out.push(b[j++].item);
  }
  return out;
}

/** A finding as its own sort key. */
export function ordered(f: Finding): Ordered<Finding> {
  const span = f.span;
  return { item: f, start: span.start, end: span.end, code: f.code };
}
