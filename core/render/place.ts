// Findings of rendered output (helm template, kustomize build) put back where their text was written:
// the template or source document whose lines the rendered document shares most, the line with the same
// text there (the k-th of its kind when several lines read the same), and the finding's value on it.

import { Finding, Span } from "../model";

export interface SourceText {
  /** The file the finding moves to. */
  readonly file: string;
  readonly text: string;
}

export interface Placed {
  readonly file: string;
  readonly span: Span;
  /** False when no line of the source reads like the rendered one (the finding sits on its document's first line). */
  readonly onLine: boolean;
}

interface Doc {
  readonly start: number;
  readonly end: number;
}

const MARKER_RE = /^---[ \t]*(#.*)?$/gm;

/** The documents of a text, split at `---` lines. */
export function documentsOf(text: string): Doc[] {
  const out: Doc[] = [];
  let start = 0;
  for (const m of text.matchAll(MARKER_RE)) {
    out.push({ start, end: m.index });
    start = m.index + m[0].length;
  }
  out.push({ start, end: text.length });
  return out;
}

interface Line {
  readonly start: number;
  readonly end: number;
  readonly key: string;
}

function linesIn(text: string, doc: Doc): Line[] {
  const out: Line[] = [];
  let at = doc.start;
  while (at < doc.end) {
    let nl = text.indexOf("\n", at);
    if (nl < 0 || nl > doc.end) nl = doc.end;
    out.push({ start: at, end: nl, key: keyOf(text.slice(at, nl)) });
    at = nl + 1;
  }
  return out;
}

/** A line as compared: trimmed, without a trailing comment, quotes made alike. */
function keyOf(line: string): string {
  return line
    .trim()
    .replace(/\s+#.*$/, "")
    .replace(/'/g, '"');
}

/**
 * The document of `sources` that shares the most lines with the rendered document (none when no line is
 * shared); with `holding`, only documents that hold a line of that text count.
 */
function bestDocument(
  rendered: readonly Line[],
  sources: readonly SourceText[],
  holding?: string,
): { source: SourceText; lines: Line[] } | undefined {
  const keys = new Set(rendered.map((l) => l.key).filter((k) => k !== "" && !k.startsWith("#")));
  let best: { source: SourceText; lines: Line[]; score: number } | undefined;
  for (const source of sources) {
    for (const doc of documentsOf(source.text)) {
      const lines = linesIn(source.text, doc);
      if (holding !== undefined && !lines.some((l) => l.key === holding)) continue;
      let score = 0;
      for (const l of lines) if (keys.has(l.key)) score++;
      if (score > 0 && (!best || score > best.score)) best = { source, lines, score };
    }
  }
  return best;
}

/**
 * Where a finding of `renderedText` belongs among `sources` (in order of preference: the first source
 * holding the line wins, so patches go before the files they patch). Undefined when no source shares a line.
 */
export function placeFinding(f: Finding, renderedText: string, sources: readonly SourceText[]): Placed | undefined {
  const docs = documentsOf(renderedText);
  const doc = docs.find((d) => d.start <= f.span.start && f.span.start <= d.end) ?? docs[docs.length - 1];
  const rendered = linesIn(renderedText, doc);
  const at = rendered.findIndex((l) => l.start <= f.span.start && f.span.start <= l.end);
  if (at < 0) return undefined;
  const line = rendered[at];
  const value = renderedText.slice(f.span.start, Math.min(f.span.end, line.end));
  const nth = rendered.slice(0, at).filter((l) => l.key === line.key).length;
  for (const source of line.key === "" ? [] : sources) {
    const match = bestDocument(rendered, [source], line.key);
    if (!match) continue;
    const same = match.lines.filter((l) => l.key === line.key);
    const target = same[Math.min(nth, same.length - 1)];
    return { file: source.file, span: spanOnLine(source.text, target, value), onLine: true };
  }
  const match = bestDocument(rendered, sources);
  if (!match) return undefined;
  const byPattern = closestTemplateLine(match.lines, line.key, at / Math.max(1, rendered.length));
  if (byPattern) return { file: match.source.file, span: spanOnLine(match.source.text, byPattern, value), onLine: true };
  const byValue = value.trim().length >= 3 ? match.lines.find((l) => match.source.text.slice(l.start, l.end).includes(value)) : undefined;
  if (byValue) return { file: match.source.file, span: spanOnLine(match.source.text, byValue, value), onLine: true };
  const first = match.lines.find((l) => l.key !== "" && !l.key.startsWith("#")) ?? match.lines[0];
  return { file: match.source.file, span: spanOnLine(match.source.text, first, ""), onLine: false };
}

const ACTION_RE = /\{\{[\s\S]*?\}\}/g;
/** A line that only prints what an action gives (`{{- toYaml .Values.rules | nindent 2 }}`). */
const PRINTING_RE = /^(\{\{-?\s*(toYaml|include|template|tpl|\.Values)\b[\s\S]*?\}\})+$/;

/**
 * The template line whose text, with each `{{ … }}` read as "anything", reads like the rendered line
 * (`name: {{ include "x.fullname" . }}` for `name: release-x`); else a line that only prints an action's
 * output (the rendered line may be part of it). Of several, the one at the nearest relative place.
 */
function closestTemplateLine(lines: readonly Line[], key: string, where: number): Line | undefined {
  const nearest = (ok: (l: Line) => boolean) => {
    let best: { line: Line; distance: number } | undefined;
    lines.forEach((l, i) => {
      if (!ok(l)) return;
      const distance = Math.abs(i / Math.max(1, lines.length) - where);
      if (!best || distance < best.distance) best = { line: l, distance };
    });
    return best?.line;
  };
  /** The length of the line's literal text when it reads like the rendered line, else 0. */
  const literalMatch = (l: Line) => {
    if (!l.key.includes("{{")) return 0;
    const literal = l.key.split(ACTION_RE);
    const length = literal.join("").trim().length;
    if (length < 2) return 0;
    const escaped = literal.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    return new RegExp(`^${escaped.join(".*?")}$`).test(key) ? length : 0;
  };
  // Of the lines that read like it, those with the most literal text (`name: {{ … }}-reader` before `name: {{ … }}`).
  const most = Math.max(0, ...lines.map(literalMatch));
  return (most > 0 ? nearest((l) => literalMatch(l) === most) : undefined) ?? nearest((l) => PRINTING_RE.test(l.key));
}

/** The value's place on the line, else the line's content. */
function spanOnLine(text: string, line: Line, value: string): Span {
  const content = text.slice(line.start, line.end);
  const i = value === "" ? -1 : content.indexOf(value);
  if (i >= 0) return { start: line.start + i, end: line.start + i + value.length };
  const lead = content.length - content.trimStart().length;
  return { start: line.start + lead, end: line.start + content.trimEnd().length };
}
