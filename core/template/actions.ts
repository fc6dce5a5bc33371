// Go template actions (`{{ … }}`) in a Helm template: where they are and what they do to the output.
// Pure text scanning; the template is never evaluated.

export type ActionKind =
  /** `{{/* … *\/}}`: nothing in the output. */
  | "comment"
  /** `if`, `range`, `with`, `define`, `block`: opens a block closed by `end`. */
  | "open"
  /** `else`, `else if …`, `else with …`: the next branch of the innermost block. */
  | "else"
  | "end"
  /** `$x := …`, `$x = …`, `break`, `continue`: nothing in the output. */
  | "silent"
  /** Anything else (`.Values.x`, `include …`, `toYaml …`, `template …`, `required …`): text in the output. */
  | "output";

export interface Action {
  readonly start: number;
  /** Offset just past the closing `}}`. */
  readonly end: number;
  readonly kind: ActionKind;
  /** For "open": the keyword (`if`, `range`, `with`, `define`, `block`). */
  readonly keyword?: string;
  /** The action's text without its delimiters and trim markers. */
  readonly body: string;
  /** `nindent N` / `indent N` in an output action: the indentation of its output. */
  readonly indent?: number;
}

// A comment may hold `}}`; other actions end at the first `}}` (Go templates allow `}}` inside a
// string literal, which real charts do not write).
const ACTION_RE = /\{\{-?\s*\/\*[\s\S]*?\*\/\s*-?\}\}|\{\{[\s\S]*?\}\}/g;
const OPEN_RE = /^(if|range|with|define|block)\b/;
const SILENT_RE = /^(\$[\w]*\s*:?=|break\b|continue\b)/;
const INDENT_RE = /\b(n?indent)\s+(\d+)/;

export function findActions(text: string): Action[] {
  const out: Action[] = [];
  for (const m of text.matchAll(ACTION_RE)) {
    const raw = m[0];
    const body = raw
      .replace(/^\{\{-?/, "")
      .replace(/-?\}\}$/, "")
      .trim();
    out.push({ start: m.index, end: m.index + raw.length, body, ...classify(body) });
  }
  return out;
}

function classify(body: string): { kind: ActionKind; keyword?: string; indent?: number } {
  if (body.startsWith("/*")) return { kind: "comment" };
  if (body === "end") return { kind: "end" };
  if (/^else\b/.test(body)) return { kind: "else" };
  const open = OPEN_RE.exec(body);
  if (open) return { kind: "open", keyword: open[1] };
  if (SILENT_RE.test(body)) return { kind: "silent" };
  const ind = INDENT_RE.exec(body);
  return ind ? { kind: "output", indent: Number(ind[2]) } : { kind: "output" };
}

/** A conditional's branches: `if` … `else if` … `else` … `end`, as [start, end) offsets of each branch's content. */
export interface Chain {
  readonly branches: readonly { start: number; end: number }[];
}

/**
 * The if/with chains that have an `else` (the only ones with alternatives to choose between), from
 * balanced open/else/end actions. Unbalanced actions (a template being typed) close what they can.
 */
export function elseChains(actions: readonly Action[]): Chain[] {
  const stack: { keyword: string; marks: { start: number; end: number }[] }[] = [];
  const out: Chain[] = [];
  for (const a of actions) {
    if (a.kind === "open") stack.push({ keyword: a.keyword!, marks: [{ start: a.start, end: a.end }] });
    else if (a.kind === "else" && stack.length > 0) stack[stack.length - 1].marks.push({ start: a.start, end: a.end });
    else if (a.kind === "end" && stack.length > 0) {
      const block = stack.pop()!;
      if (block.marks.length < 2 || (block.keyword !== "if" && block.keyword !== "with")) continue;
      const marks = [...block.marks, { start: a.start, end: a.end }];
      const branches = [];
      for (let i = 0; i + 1 < marks.length; i++) branches.push({ start: marks[i].end, end: marks[i + 1].start });
      out.push({ branches });
    }
  }
  return out;
}
