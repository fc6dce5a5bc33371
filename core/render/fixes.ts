// The quick fixes of a rendered finding, moved to the template or source line the finding was put on
// (place.ts). A fix moves only when every text it replaces is written as it is, once, on that line, and
// outside every `{{ … }}` action: a value a template action prints (a name from a helper, a value from
// values.yaml) is the action's to change, and a fix never edits an action. Insertions (the "suppress on
// this line" comment) and edits of other lines do not move either: they are made for the rendered text.
// And the text a fix puts there must be written in the project's own files: a name a helper or a
// kustomize prefix made (`release-name-app`, `prod-app`) would pin one render's result into the source.

import type { Fix, TextEdit } from "../checks/context";
import { Finding, Span } from "../model";
import type { Placed } from "./place";

const ACTION_RE = /\{\{[\s\S]*?\}\}/g;

/**
 * The fixes of `finding` (a finding of `renderedText`) that apply, moved, to the `placed` span of
 * `sourceText`; none when the finding's value is not written literally there.
 */
export function placedFixes(
  finding: Finding,
  renderedText: string,
  placed: Placed,
  sourceText: string,
  written: (text: string) => boolean,
): Fix[] {
  if (!placed.onLine || !literalAt(finding.span, renderedText, placed.span, sourceText)) return [];
  // Read only now: a lazy list is computed for the findings whose fixes can move.
  const fixes = (finding.data as { fixes?: readonly Fix[] } | undefined)?.fixes ?? [];
  const out: Fix[] = [];
  for (const fix of fixes) {
    const edits: TextEdit[] = [];
    for (const e of fix.edits) {
      if (e.span.start === e.span.end || e.span.start < finding.span.start || e.span.end > finding.span.end) break;
      const start = placed.span.start + (e.span.start - finding.span.start);
      edits.push({ span: { start, end: start + (e.span.end - e.span.start) }, newText: e.newText });
    }
    if (edits.length === fix.edits.length && edits.length > 0 && edits.every((e) => written(unquoted(e.newText))))
      out.push({ title: fix.title, edits });
  }
  return out;
}

function unquoted(text: string): string {
  return /^(["']).*\1$/.test(text) ? text.slice(1, -1) : text;
}

/** Whether the source's span holds the rendered span's text, once on its line, and touches no template action. */
function literalAt(rendered: Span, renderedText: string, at: Span, sourceText: string): boolean {
  const value = renderedText.slice(rendered.start, rendered.end);
  if (value.trim() === "" || sourceText.slice(at.start, at.end) !== value) return false;
  const lineStart = sourceText.lastIndexOf("\n", at.start - 1) + 1;
  const lineEnd = sourceText.indexOf("\n", at.start) < 0 ? sourceText.length : sourceText.indexOf("\n", at.start);
  const line = sourceText.slice(lineStart, lineEnd);
  if (line.indexOf(value) !== line.lastIndexOf(value)) return false;
  // Actions may run over several lines; a `{{` never closed makes the rest of the text its own.
  for (const m of sourceText.matchAll(ACTION_RE)) if (m.index < at.end && at.start < m.index + m[0].length) return false;
  const open = sourceText.replace(ACTION_RE, (x) => " ".repeat(x.length)).indexOf("{{");
  return open < 0 || open >= at.end;
}
