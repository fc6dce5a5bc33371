// Checking a Helm template in place, without helm: each variant of the masked template (mask.ts) is
// parsed and checked like a plain file; findings that rest on unknown values are dropped (unknowns.ts),
// the rest are put back at the template's own offsets, and what could not be checked is said once per
// document with the `templated-file` note.

import type { CheckContext } from "../checks/context";
import { finish } from "../checks/support/run";
import { Finding, Span } from "../model";
import { ParsedFile, parseManifests, positionAt } from "../parse";
import { maskTemplate, MaskedVariant, Placeholder, showUnknowns, UNKNOWN } from "./mask";
import { DocumentMemo, documentKey } from "./memo";
import { UnknownFilter } from "./unknowns";

/**
 * Go template syntax (Helm): at least one whole action, as the parser's `templated` flag reads it, so that
 * a stray `{{` with no `}}` is plain YAML for the editor and the command line alike. Jinja-style `{% … %}`
 * files are left to the plain reader and its note.
 */
export function isGoTemplate(text: string): boolean {
  return /\{\{[\s\S]*?\}\}/.test(text) && !/\{%[\s\S]*?%\}/.test(text);
}

export interface TemplateResult {
  /** The first variant's parse (masked text, template offsets): what the editor's features read. */
  readonly parsed: ParsedFile;
  readonly findings: Finding[];
  /** RBAC objects and rules read in place (over all variants). */
  readonly objects: number;
  readonly rules: number;
}

/** Which of a variant's raw findings stand (decided on code and span: see unknowns.ts). */
export type Keep = (f: Finding) => boolean;

/** The plain per-document checks of one document of a parsed file. */
export type DocumentCheck = (parsed: ParsedFile, docIndex: number, keep: Keep) => readonly Finding[];

/** The plain checks of a parsed file, split: per document, and file-level (over all the file's documents). */
export interface SplitChecks {
  readonly document: DocumentCheck;
  readonly fileLevel: (parsed: ParsedFile, keep: Keep) => readonly Finding[];
  /** Sorts one variant's findings as the plain checks of a whole file do. */
  readonly order: (a: Finding, b: Finding) => number;
  /** Per-document findings kept from the file's last check (only unchanged documents take them). */
  readonly memo?: DocumentMemo;
  /** Reads each variant's text, parse and per-document findings, instead of parsing it whole here (the memo is then unused). */
  readonly read?: VariantReader;
}

/**
 * A variant's text (`v`: its index; a later variant comes with the documents it shares with the first
 * blanked) read by the caller: core/service/template-variants.ts reads it chunk by chunk, so that the
 * first variant is the editor's own parse and a document whose masked text did not change keeps its
 * parse and findings.
 */
export type VariantReader = (v: number, text: string) => ReadVariant;

export interface ReadVariant {
  /** The text parsed whole, in its own offsets (what `parseManifests(text)` gives: documents, objects, spans, findings). */
  readonly parsed: ParsedFile;
  /** What `document` gives for every document of the text, in document order (kept ones for unchanged documents). */
  readonly documentFindings: (document: DocumentCheck, keep: Keep) => readonly Finding[];
}

/**
 * `run` checks one parsed file as the caller does for plain files (same context, same workspace), whole
 * or split (SplitChecks: unchanged documents then reuse their findings through the memo);
 * `masked`: the template's variants when the caller has them already (maskTemplate(text)).
 */
export function checkTemplate(
  text: string,
  file: string,
  ctx: CheckContext,
  run: ((parsed: ParsedFile, keep: Keep) => Finding[]) | SplitChecks,
  masked?: readonly MaskedVariant[],
): TemplateResult {
  const variants = masked ?? maskTemplate(text);
  const memo = typeof run === "function" ? undefined : run.memo;
  memo?.begin(ctx);
  const seen = new Set<string>();
  const findings: Finding[] = [];
  const notes = new Map<number, Finding>();
  const objectCounts = new Map<number, number>();
  const ruleCounts = new Map<number, number>();
  let first: ParsedFile | undefined;
  const read = typeof run === "function" ? undefined : run.read;
  for (const [v, variant] of variants.entries()) {
    const own = first ? onlyChanged(first.text, variant.text) : variant.text;
    const given = read?.(v, own);
    const parsed = given ? given.parsed : parseManifests(own, file);
    first ??= parsed;
    countRead(parsed, objectCounts, ruleCounts);
    const filter = new UnknownFilter(parsed, variant.unknowns);
    const unreadable = unreadableDocuments(parsed, text, file, notes);
    // Decided on code and span alone, so before the runner finishes the findings (most rest on unknowns).
    const keep = (f: Finding) => !unreadable.some((d) => d.start <= f.span.start && f.span.start < d.end) && filter.keeps(f);
    for (const f of typeof run === "function" ? run(parsed, keep) : runSplit(run, parsed, v, keep, given)) {
      if (!keep(f)) continue; // `run` may ignore `keep`
      const mapped = unshift(readable(f), variant);
      const key = `${mapped.code}\0${mapped.span.start}\0${mapped.span.end}\0${mapped.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push(mapped);
    }
    notPlaced(parsed, variant.placeholders, notes);
  }
  memo?.end();
  const lines = { text, lineStart: (l: number) => first!.lineStarts[l], lineOf: (o: number) => positionAt(first!.lineStarts, o).line };
  findings.push(...finish([...notes.values()], lines, ctx));
  return {
    parsed: first!,
    findings: findings.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end),
    objects: sum(objectCounts),
    rules: sum(ruleCounts),
  };
}

/**
 * What the plain checks of the whole parsed file give, with each document's findings from the caller's
 * reading of the variant (`given`), else from the memo when it has them.
 */
function runSplit(run: SplitChecks, parsed: ParsedFile, variant: number, keep: Keep, given: ReadVariant | undefined): Finding[] {
  const out: Finding[] = [];
  if (given) for (const f of given.documentFindings(run.document, keep)) out.push(f);
  else
    for (let i = 0; i < parsed.documents.length; i++) {
      const check = () => run.document(parsed, i, keep);
      for (const f of run.memo ? run.memo.findings(documentKey(parsed, i, variant), check) : check()) out.push(f);
    }
  for (const f of run.fileLevel(parsed, keep)) out.push(f);
  return out.sort(run.order);
}

/** RBAC objects and rules of a variant, counted by document (a document read in several variants counts once, at its most). */
const MARKER_RE = /^---(?=[ \t]|\r?\n|$)/gm;

/**
 * A later variant with the documents it shares with the first one blanked (same offsets): only what a
 * branch changes is read and checked again. A document is shared when the first variant has the same
 * text between the same two boundaries (variants have the template's offsets, so a branch that moves
 * boundaries in one part of the file leaves the documents of the other parts shared).
 */
function onlyChanged(first: string, text: string): string {
  const bounds = (t: string) => [...t.matchAll(MARKER_RE)].map((m) => m.index);
  const a = new Set(bounds(first));
  const edges = [0, ...bounds(text), text.length];
  const out: string[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const [start, end] = [edges[i], edges[i + 1]];
    const piece = text.slice(start, end);
    const shared = (start === 0 || a.has(start)) && (end === text.length || a.has(end)) && piece === first.slice(start, end);
    // The `---` that opens a later document stays, so that the documents keep their indexes.
    out.push(shared ? (i > 0 ? piece.slice(0, 3) + blank(piece.slice(3)) : blank(piece)) : piece);
  }
  return out.join("");
}

/** Spaces for every character but line breaks (line by line: a replace with a callback per line costs more). */
function blank(s: string): string {
  const lines = s.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    lines[i] = l.includes("\r") ? l.replace(/[^\r]+/g, (run) => spaces(run.length)) : spaces(l.length);
  }
  return lines.join("\n");
}

const SPACES = " ".repeat(1024);
const spaces = (n: number): string => (n <= SPACES.length ? SPACES.slice(0, n) : " ".repeat(n));

function countRead(parsed: ParsedFile, objects: Map<number, number>, rules: Map<number, number>): void {
  for (const d of parsed.documents) {
    let r = 0;
    for (const { object } of d.objects) if (object.kind === "Role" || object.kind === "ClusterRole") r += object.rules.length;
    objects.set(d.span.start, Math.max(objects.get(d.span.start) ?? 0, d.objects.length));
    rules.set(d.span.start, Math.max(rules.get(d.span.start) ?? 0, r));
  }
}

const sum = (m: Map<number, number>) => [...m.values()].reduce((a, b) => a + b, 0);

const RBAC_TEXT_RE = /rbac\.authorization\.k8s\.io|kind:\s*(Cluster)?Role(Binding)?\b/;

/** Documents the masked text does not read as YAML: one note each (when they look like RBAC), and no other finding. */
function unreadableDocuments(parsed: ParsedFile, text: string, file: string, notes: Map<number, Finding>): Span[] {
  const out: Span[] = [];
  for (const d of parsed.documents) {
    if (d.errors.length === 0) continue;
    out.push(d.span);
    if (!RBAC_TEXT_RE.test(text.slice(d.span.start, d.span.end)) || notes.has(d.span.start)) continue;
    const e = d.errors[0];
    const line = positionAt(parsed.lineStarts, e.span.start).line + 1;
    notes.set(
      d.span.start,
      note(
        file,
        { start: d.span.start, end: d.span.start },
        `This document could not be read as YAML around its template actions (line ${line}: ${e.message}), so it is not checked in place; it is checked when the chart is rendered.`,
      ),
    );
  }
  return out;
}

const PLACED_FIELDS = ["rules", "subjects", "roleRef", "aggregationRule"] as const;

/** One note per document for the RBAC fields whose content comes from a printing action (`toYaml .Values…`). */
function notPlaced(parsed: ParsedFile, placeholders: readonly Placeholder[], notes: Map<number, Finding>): void {
  if (placeholders.length === 0) return;
  const within = overlapping(placeholders);
  // Only documents that hold a placeholder (asking where a field is builds the document's YAML tree).
  const holding = parsed.documents.filter((d) => within(d.span).length > 0);
  for (const o of holding.flatMap((d) => d.objects.map((x) => x.object))) {
    const src = o.source;
    if (!src) continue;
    const parts: string[] = [];
    let at: Span | undefined;
    for (const field of PLACED_FIELDS) {
      const s = src.valueSpan([field]);
      if (!s) continue;
      for (const p of within(s)) {
        at ??= p;
        parts.push(`${field} from \`${p.source.trim()}\` (line ${positionAt(parsed.lineStarts, p.start).line + 1})`);
      }
    }
    if (!at || notes.has(src.span.start)) continue;
    const span = { start: at.start, end: at.end };
    notes.set(
      src.span.start,
      note(
        src.file,
        span,
        `Not checked until rendered: the ${parts.join(", the ")}. The rest of this document is checked, except the values written with \`{{ … }}\` (unknown until rendered).`,
      ),
    );
  }
}

/**
 * The placeholders that overlap a span, in their order. Placeholders are lines, listed top to bottom
 * (mask.ts), so those are a run found by binary search; in any other order, by looking at each.
 */
function overlapping(placeholders: readonly Placeholder[]): (s: Span) => readonly Placeholder[] {
  const sorted = placeholders.every((p, i) => i === 0 || placeholders[i - 1].end <= p.start);
  if (!sorted) return (s) => placeholders.filter((p) => p.end > s.start && p.start < s.end);
  return (s) => {
    let lo = 0;
    let hi = placeholders.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (placeholders[mid].end <= s.start) lo = mid + 1;
      else hi = mid;
    }
    let end = lo;
    while (end < placeholders.length && placeholders[end].start < s.end) end++;
    return placeholders.slice(lo, end);
  };
}

function note(file: string, span: Span, message: string): Finding {
  return { code: "templated-file", severity: "information", message, file, span };
}

/** A message that quotes an unknown value shows it as templated. */
function readable(f: Finding): Finding {
  return f.message.includes(UNKNOWN) ? { ...f, message: showUnknowns(f.message) } : f;
}

/** Template offsets for a finding of the masked text (content moved left by a leading action). */
function unshift(f: Finding, variant: MaskedVariant): Finding {
  if (variant.shifts.length === 0) return f;
  const at = (o: number) => {
    const s = variant.shifts.find((x) => x.start <= o && o <= x.end);
    return s ? o + s.delta : o;
  };
  const span = { start: at(f.span.start), end: at(f.span.end) };
  return span.start === f.span.start && span.end === f.span.end ? f : { ...f, span, data: undefined };
}
