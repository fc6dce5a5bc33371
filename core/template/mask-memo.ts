// Masking a template part by part (mask.ts), keeping each part's masks from one masking of the file to the
// next: after an edit only the parts whose text changed are masked again.
//
// A part starts at a `---` document marker at the start of a line (as the chunked parser splits: see
// core/service/chunked-parse.ts) that no action spans and no block (`if`, `range`, `with`, `define`…)
// is open across. Masking reads nothing across such a marker: the actions and the conditionals' branches
// of a part are its own, a line is masked from its own text, and a printing line's placeholder looks at
// the lines around it but stops at a `---` line. So each part masks to the same text, unknowns,
// placeholders and shifts (in its own offsets) as its place in the whole template does; only the number
// of variants is the whole template's (test/core/template/mask-memo.test.ts compares the two).

import { Action, findActions } from "./actions";
import { maskVariants, MaskedVariant, Placeholder, variantCount } from "./mask";

/** Where a masked part sits in the template, and its variants (offsets relative to `start`). */
interface Part {
  readonly start: number;
  readonly variants: readonly MaskedVariant[];
}

type Span = { start: number; end: number };

/** One per file: the last masking's parts, by text and variant count. */
export class MaskMemo {
  private last = new Map<string, readonly MaskedVariant[]>();
  /** Parts masked and taken from the memo since it was made (what tests and benchmarks read). */
  masked = 0;
  reused = 0;

  /** What maskTemplate(text) gives. */
  mask(text: string): MaskedVariant[] {
    const actions = findActions(text);
    const count = variantCount(actions);
    const starts = partStarts(text, actions);
    const next = new Map<string, readonly MaskedVariant[]>();
    const parts: Part[] = [];
    let a = 0;
    for (let k = 0; k < starts.length; k++) {
      const start = starts[k];
      const end = k + 1 < starts.length ? starts[k + 1] : text.length;
      const first = a;
      while (a < actions.length && actions[a].start < end) a++;
      const piece = text.slice(start, end);
      const key = `${count}\0${piece}`;
      let variants = this.last.get(key) ?? next.get(key);
      if (variants) this.reused++;
      else {
        // The part's own actions, in its offsets (findActions on the part would find the same ones).
        const own = actions.slice(first, a).map((x): Action => ({ ...x, start: x.start - start, end: x.end - start }));
        variants = maskVariants(piece, own, count);
        this.masked++;
      }
      next.set(key, variants);
      parts.push({ start, variants });
    }
    this.last = next;
    return Array.from({ length: count }, (_, v) => joined(parts, v));
  }
}

/** Offsets where parts start: 0, and every `---` line that no action spans and no block is open across. */
function partStarts(text: string, actions: readonly Action[]): number[] {
  const starts = [0];
  let depth = 0;
  let reach = 0;
  let a = 0;
  for (const m of text.matchAll(MARKER_RE)) {
    const at = m.index;
    for (; a < actions.length && actions[a].start < at; a++) {
      const x = actions[a];
      reach = Math.max(reach, x.end);
      // As elseChains reads blocks: an `end` with none open closes nothing.
      if (x.kind === "open") depth++;
      else if (x.kind === "end" && depth > 0) depth--;
    }
    if (at > 0 && depth === 0 && reach <= at) starts.push(at);
  }
  return starts;
}

/** A document marker at a line start (as core/service/chunked-parse.ts finds them: `-----` is none). */
const MARKER_RE = /^---(?=[ \t\r\n]|$)/gm;

/** Variant `v` of the whole template from its parts', in the order maskVariant lists them. */
function joined(parts: readonly Part[], v: number): MaskedVariant {
  const texts: string[] = [];
  const unknowns: Span[] = [];
  const placed: Span[] = [];
  const placeholders: Placeholder[] = [];
  const shifts: { start: number; end: number; delta: number }[] = [];
  for (const { start, variants } of parts) {
    const x = variants[v];
    texts.push(x.text);
    // A part's unknowns are its actions' (in order), then its placeholders': the whole's are all the
    // actions' first, then all the placeholders'.
    const own = x.unknowns.length - x.placeholders.length;
    for (let i = 0; i < x.unknowns.length; i++) (i < own ? unknowns : placed).push(moved(x.unknowns[i], start));
    for (const p of x.placeholders) placeholders.push(start === 0 ? p : { ...p, start: p.start + start, end: p.end + start });
    for (const s of x.shifts) shifts.push(start === 0 ? s : { ...s, start: s.start + start, end: s.end + start });
  }
  for (const u of placed) unknowns.push(u);
  return { text: texts.join(""), unknowns, placeholders, shifts };
}

function moved(s: Span, by: number): Span {
  return by === 0 ? s : { start: s.start + by, end: s.end + by };
}
