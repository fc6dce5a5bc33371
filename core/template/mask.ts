// A Helm template read as YAML, position for position: the template's actions are replaced by text of
// the same length, so every offset of the masked text is the template's own.
//
// - A line that holds only actions that print nothing (`if`, `else`, `end`, `range`, `with`, `$x := …`,
//   comments) becomes blank: the YAML around it stays intact.
// - An action inside a scalar (`name: {{ include "x" . }}-sa`) becomes UNKNOWN characters: the value is
//   unknown, and no check may report on it.
// - A line that holds only printing actions (`{{- toYaml .Values.rules | nindent 2 }}`) becomes a
//   placeholder of the YAML shape its place calls for: a value, a list item or a map key, all unknown.
// - Of a conditional with an `else`, one branch is kept per variant, so each branch is read once and
//   no key is read twice.
// - Content after a leading non-printing action on its line (`{{- if .x -}}apiVersion: v1`) is moved to
//   where the action started (the one place where the masked text's columns differ: see `shifts`).

import { Action, elseChains, findActions } from "./actions";

/** Stands for unknown (templated) text; a private-use character no manifest holds. */
export const UNKNOWN = "\uE000";

const UNKNOWN_RUN_RE = new RegExp(`${UNKNOWN}+`, "g");

/** Text for people (messages, hovers, outlines): each unknown value shown as `{{…}}`. */
export function showUnknowns(text: string): string {
  return text.includes(UNKNOWN) ? text.replace(UNKNOWN_RUN_RE, "{{…}}") : text;
}

export interface Placeholder {
  /** The template line's span (without its line break). */
  readonly start: number;
  readonly end: number;
  /** The printing action(s) of the line, as written. */
  readonly source: string;
  readonly form: "value" | "item" | "key";
}

export interface MaskedVariant {
  readonly text: string;
  /** Spans of the template (same offsets as `text`) whose output is unknown. */
  readonly unknowns: readonly { start: number; end: number }[];
  readonly placeholders: readonly Placeholder[];
  /** Masked ranges whose template offset is `offset + delta` (content moved left on its line). */
  readonly shifts: readonly { start: number; end: number; delta: number }[];
}

/** At most this many variants of a template are read (the branches of its widest conditional). */
const MAX_VARIANTS = 4;

export function maskTemplate(text: string): MaskedVariant[] {
  const actions = findActions(text);
  return maskVariants(text, actions, variantCount(actions));
}

/** How many variants a template with these actions is read in (the branches of its widest conditional). */
export function variantCount(actions: readonly Action[]): number {
  const ternary = actions.some((a) => a.kind === "output" && choice(a, 0) !== undefined) ? 2 : 1;
  return Math.min(MAX_VARIANTS, Math.max(ternary, ...elseChains(actions).map((c) => c.branches.length)));
}

/** The first `count` variants of the text whose actions are `actions` (mask-memo.ts masks a part of a template so). */
export function maskVariants(text: string, actions: readonly Action[], count: number): MaskedVariant[] {
  const chains = elseChains(actions);
  const out: MaskedVariant[] = [];
  // Without a conditional's branches or a ternary to choose between, every variant is the first one.
  const alike = chains.length === 0 && !actions.some((a) => a.kind === "output" && choice(a, 0) !== undefined);
  for (let v = 0; v < count; v++) {
    if (alike && v > 0) {
      out.push(out[0]);
      continue;
    }
    const dropped: { start: number; end: number }[] = [];
    for (const c of chains) c.branches.forEach((b, i) => i !== Math.min(v, c.branches.length - 1) && dropped.push(b));
    out.push(maskVariant(text, actions, dropped, v));
  }
  return out;
}

interface Line {
  readonly start: number;
  /** Offset of the line break (or the text's end). */
  readonly end: number;
}

function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf("\n", start);
    const end = nl < 0 ? text.length : nl > start && text[nl - 1] === "\r" ? nl - 1 : nl;
    lines.push({ start, end });
    if (nl < 0) return lines;
    start = nl + 1;
  }
}

const NL = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const UNKNOWN_CODE = UNKNOWN.charCodeAt(0);

/** The text being masked, as UTF-16 code units (a string array of a 50 KB file costs far more to build and collect). */
type Units = Uint16Array;

function unitsOf(text: string): Units {
  const out = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

function textOf(units: Units, start = 0, end = units.length): string {
  let out = "";
  for (let at = start; at < end; at += 4096)
    out += String.fromCharCode.apply(null, units.subarray(at, Math.min(end, at + 4096)) as unknown as number[]);
  return out;
}

function fill(chars: Units, start: number, end: number, c: number): void {
  for (let i = start; i < end; i++) if (chars[i] !== NL && chars[i] !== CR) chars[i] = c;
}

const TERNARY_RE = /\bternary\s+"([\w.:/-]*)"\s+"([\w.:/-]*)"/;

/** The word a `ternary "A" "B"` action prints in this variant (A in even variants, B in odd ones). */
function choice(a: Action, variant: number): string | undefined {
  const m = TERNARY_RE.exec(a.body);
  return m ? m[1 + (variant % 2)] : undefined;
}

function maskVariant(
  text: string,
  all: readonly Action[],
  dropped: readonly { start: number; end: number }[],
  variant: number,
): MaskedVariant {
  const chars = unitsOf(text);
  for (const d of dropped) fill(chars, d.start, d.end, SPACE);
  const inDropped = (a: Action) => dropped.some((d) => a.start >= d.start && a.end <= d.end);
  const actions = all.filter((a) => !inDropped(a));
  const lines = linesOf(text);
  // Whether a line holds anything but actions and blanks (read before any action is masked).
  const hasContent = contentLines(chars, lines, actions);
  const unknowns: { start: number; end: number }[] = [];
  const printingLines = new Map<number, Action[]>();
  const leading: number[] = [];
  for (const a of actions) {
    const first = lineIndex(lines, a.start);
    const last = lineIndex(lines, a.end - 1);
    let standalone = true;
    for (let l = first; l <= last; l++) if (hasContent[l]) standalone = false;
    if (standalone) {
      fill(chars, a.start, a.end, SPACE);
      if (a.kind === "output") printingLines.set(first, [...(printingLines.get(first) ?? []), a]);
    } else if (a.kind === "output" && choice(a, variant) !== undefined) {
      // `{{ .Values.x | ternary "Role" "ClusterRole" }}`: each variant reads one of the two words.
      const word = choice(a, variant)!;
      fill(chars, a.start, a.end, SPACE);
      for (let i = 0; i < word.length; i++) chars[a.start + i] = word.charCodeAt(i);
    } else if (a.kind === "output") {
      fill(chars, a.start, a.end, UNKNOWN_CODE);
      unknowns.push({ start: a.start, end: a.end });
    } else {
      fill(chars, a.start, a.end, SPACE);
      if (/^[ \t]*$/.test(text.slice(lines[first].start, a.start))) leading.push(first);
    }
  }
  const shifts = [...new Set(leading)].map((l) => shiftLeft(chars, text, lines[l])).filter((s) => s !== undefined);
  const placeholders = placeAll(chars, text, lines, printingLines);
  for (const p of placeholders) unknowns.push({ start: p.start, end: p.end });
  return { text: textOf(chars), unknowns, placeholders, shifts };
}

function contentLines(chars: Units, lines: readonly Line[], actions: readonly Action[]): boolean[] {
  const covered = new Uint8Array(chars.length);
  for (const a of actions) covered.fill(1, a.start, a.end);
  return lines.map((l) => {
    for (let i = l.start; i < l.end; i++) if (!covered[i] && chars[i] !== SPACE && chars[i] !== TAB) return true;
    return false;
  });
}

/** The index of the line holding `offset`. */
function lineIndex(lines: readonly Line[], offset: number): number {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lines[mid].start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Moves the line's content to the column where its leading action started; the rest of the line is padded. */
function shiftLeft(chars: Units, text: string, line: Line): { start: number; end: number; delta: number } | undefined {
  const indent = /^[ \t]*/.exec(text.slice(line.start, line.end))![0].length;
  let from = line.start + indent;
  while (from < line.end && chars[from] === SPACE) from++;
  if (from >= line.end) return undefined;
  const to = line.start + indent;
  if (from === to) return undefined;
  const content = chars.slice(from, line.end);
  for (let i = to; i < line.end; i++) chars[i] = i - to < content.length ? content[i - to] : SPACE;
  return { start: to, end: to + content.length, delta: from - to };
}

/** Placeholders for the lines that hold only printing actions, top to bottom (each sees the ones above). */
function placeAll(chars: Units, text: string, lines: readonly Line[], printing: ReadonlyMap<number, Action[]>): Placeholder[] {
  const out: Placeholder[] = [];
  const forms = new Map<number, Placeholder["form"]>();
  for (const l of [...printing.keys()].sort((a, b) => a - b)) {
    const acts = printing.get(l)!;
    const line = lines[l];
    const indent = acts.find((a) => a.indent !== undefined)?.indent ?? /^[ \t]*/.exec(text.slice(line.start, acts[0].start))![0].length;
    const form = formAt(chars, lines, l, indent, forms);
    const extra = form === "item" ? 2 : form === "key" ? 1 : 0;
    const room = line.end - line.start - indent - extra;
    const source = acts.map((a) => text.slice(a.start, a.end)).join("");
    if (form === undefined || room < 1) continue;
    const at = line.start + indent;
    const body = UNKNOWN.repeat(room);
    const written = form === "item" ? `- ${body}` : form === "key" ? `${body}:` : body;
    for (let i = 0; i < written.length; i++) chars[at + i] = written.charCodeAt(i);
    forms.set(l, form);
    out.push({ start: line.start, end: line.end, source, form });
  }
  return out;
}

interface Neighbour {
  readonly index: number;
  readonly indent: number;
  readonly text: string;
}

/** The nearest content line above (step -1) or below (step 1) whose indentation is at most `max`. */
function neighbour(chars: Units, lines: readonly Line[], from: number, step: 1 | -1, max: number): Neighbour | undefined {
  for (let l = from + step; l >= 0 && l < lines.length; l += step) {
    const { start, end } = lines[l];
    let at = start;
    while (at < end && (chars[at] === SPACE || chars[at] === TAB)) at++;
    // Blank lines, comments and deeper lines are passed over without building their text.
    if (at === end || chars[at] === 35 /* # */ || at - start > max) continue;
    const trimmed = textOf(chars, at, end);
    if (trimmed.startsWith("---")) return undefined;
    return { index: l, indent: at - start, text: trimmed.replace(/\s+#.*$/, "").trimEnd() };
  }
  return undefined;
}

const isItem = (t: string) => t === "-" || t.startsWith("- ");

/** The YAML shape a printing line at `indent` takes from its neighbours; undefined: none fits (left blank). */
function formAt(
  chars: Units,
  lines: readonly Line[],
  l: number,
  indent: number,
  forms: ReadonlyMap<number, Placeholder["form"]>,
): Placeholder["form"] | undefined {
  const next = neighbour(chars, lines, l, 1, indent);
  if (next && next.indent === indent) return isItem(next.text) ? "item" : "key";
  const prev = neighbour(chars, lines, l, -1, indent);
  if (!prev) return undefined;
  const prevForm = forms.get(prev.index);
  if (prev.indent === indent) return prevForm ?? (isItem(prev.text) ? "item" : "key");
  if (prev.text.endsWith(":")) return "value";
  if (isItem(prev.text) && indent === prev.indent + 2) return "key";
  return undefined;
}
