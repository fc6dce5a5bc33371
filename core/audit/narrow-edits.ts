// The text edits of "Narrow rule to what the audit log shows": each list of the rule that changes is
// rewritten in place, in its own style (a flow list `[a, b]` stays one; a block list keeps its indentation
// and the text of the entries it keeps); a rule nothing used is removed from a block list of rules.

import { Fix, TextEdit } from "../checks/context";
import { yamlStringLike } from "../checks/support/yaml";
import { PolicyRule, SourceRef, Span } from "../model";
import { RULE_FIELDS } from "./narrow";

export const NARROW_TITLE = "Narrow rule to what the audit log shows";

const lineStart = (text: string, offset: number): number => text.lastIndexOf("\n", offset - 1) + 1;

/** The span without the whitespace a block collection's span ends with. */
export function trimEnd(text: string, span: Span): Span {
  let end = span.end;
  while (end > span.start && /\s/.test(text[end - 1])) end--;
  return { start: span.start, end };
}

/** The entries' texts as written, by entry. */
function entryTexts(text: string, source: SourceRef, path: readonly (string | number)[], n: number): string[] | undefined {
  const out: string[] = [];
  for (let k = 0; k < n; k++) {
    const span = source.valueSpan([...path, k]);
    if (!span) return undefined;
    out.push(text.slice(span.start, span.end));
  }
  return out;
}

/** The edit turning the list at `path` (entries `was`) into `now`; undefined when it cannot be written safely. */
function listEdit(
  text: string,
  source: SourceRef,
  path: readonly (string | number)[],
  was: readonly string[],
  now: readonly string[],
): TextEdit | undefined {
  const seq = source.valueSpan(path);
  const texts = entryTexts(text, source, path, was.length);
  if (!seq || !texts || texts.length === 0) return undefined;
  const like = texts[0];
  const items = now.map((v) => {
    const k = was.indexOf(v);
    return k >= 0 ? texts[k] : yamlStringLike(v, like);
  });
  if (text[seq.start] === "[") return { span: seq, newText: `[${items.join(", ")}]` };
  const first = source.valueSpan([...path, 0])!;
  const last = source.valueSpan([...path, was.length - 1])!;
  const m = /^([ \t]*)-[ \t]+$/.exec(text.slice(lineStart(text, first.start), first.start));
  if (!m) return undefined;
  return { span: { start: first.start, end: last.end }, newText: items.join(`\n${m[1]}- `) };
}

/** Removes rules[i] from a block list of rules: its lines, from its dash to its end. */
function removeRuleEdit(text: string, source: SourceRef, i: number): TextEdit | undefined {
  const whole = source.valueSpan(["rules", i]);
  if (!whole) return undefined;
  const rule = trimEnd(text, whole);
  const start = lineStart(text, rule.start);
  if (!/^[ \t]*-[ \t]+$/.test(text.slice(start, rule.start))) return undefined;
  const nl = text.indexOf("\n", rule.end);
  const end = nl < 0 ? text.length : nl + 1;
  // Only whitespace may follow the rule on its last line (no flow list around it).
  if (text.slice(rule.end, end).trim() !== "") return undefined;
  return { span: { start, end }, newText: "" };
}

/** The fix narrowing rules[i] (as written in `rule`) to `narrowed` (undefined: remove the rule). */
export function narrowFix(text: string, source: SourceRef, i: number, rule: PolicyRule, narrowed: PolicyRule | undefined): Fix[] {
  if (!narrowed) {
    const edit = removeRuleEdit(text, source, i);
    return edit ? [{ title: NARROW_TITLE, edits: [edit] }] : [];
  }
  const edits: TextEdit[] = [];
  for (const field of RULE_FIELDS) {
    if (sameList(rule[field], narrowed[field])) continue;
    const edit = listEdit(text, source, ["rules", i, field], rule[field], narrowed[field]);
    if (!edit) return [];
    edits.push(edit);
  }
  return edits.length > 0 ? [{ title: NARROW_TITLE, edits }] : [];
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, k) => v === b[k]);
}
