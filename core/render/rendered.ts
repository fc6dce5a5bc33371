// Checking rendered output (a chart's `helm template`, a kustomization's build) and putting each finding
// on the source line it came from (place.ts). A finding that no source line reads like goes on its
// document's first line, and says so. Its quick fixes move with it where the text they change is written
// literally in the template (fixes.ts).

import { Finding } from "../model";
import { ParsedFile, parseManifests } from "../parse";
import { placedFixes } from "./fixes";
import { documentsOf, placeFinding, SourceText } from "./place";

export interface RenderedResult {
  /** The rendered text parsed (its objects are what would be applied). */
  readonly parsed: ParsedFile;
  /** Findings in the source files, each naming the render it comes from. */
  readonly findings: Finding[];
  readonly objects: number;
  readonly rules: number;
}

export interface RenderedInput {
  readonly text: string;
  /** Names the rendered text in messages, e.g. "values.yaml" or "ci/full-values.yaml". */
  readonly label: string;
  /** Where the rendered document at this offset was written, most specific first (patches before bases). */
  sourcesAt(offset: number): readonly SourceText[];
  /**
   * Whether a text is written as it is in the project's own files (a template, values.yaml, a base): a
   * quick fix moves to the template only when the text it puts there is (fixes.ts). No fix moves without it.
   */
  readonly written?: (text: string) => boolean;
  /** Where a finding goes when no source is known for its document. */
  readonly fallbackFile: string;
}

export function checkRendered(input: RenderedInput, check: (parsed: ParsedFile) => Finding[]): RenderedResult {
  const parsed = parseManifests(input.text, `${input.fallbackFile} (rendered)`);
  const findings: Finding[] = [];
  for (const f of check(parsed)) {
    const sources = input.sourcesAt(f.span.start);
    const placed = placeFinding(f, input.text, sources);
    const suffix = ` (rendered with ${input.label}${placed?.onLine === false ? "; the line it comes from could not be told" : ""})`;
    const source = placed && sources.find((s) => s.file === placed.file);
    const fixes = placed && source ? placedFixes(f, input.text, placed, source.text, input.written ?? (() => false)) : [];
    const base = { ...f, message: f.message + suffix, data: { ...dataOf(f), render: input.label, fixes } };
    if (placed) findings.push({ ...base, file: placed.file, span: placed.span });
    else findings.push({ ...base, file: sources[0]?.file ?? input.fallbackFile, span: { start: 0, end: 0 } });
  }
  let rules = 0;
  for (const o of parsed.objects) if (o.kind === "Role" || o.kind === "ClusterRole") rules += o.rules.length;
  return { parsed, findings, objects: parsed.objects.length, rules };
}

/** The finding's data but its fixes (which are made for the rendered text; a lazy list is not computed). */
function dataOf(f: Finding): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const k of Object.keys(f.data ?? {})) if (k !== "fixes") data[k] = (f.data as Record<string, unknown>)[k];
  return data;
}

const SOURCE_RE = /^# Source: (.+)$/m;

/** The template path (inside the chart, e.g. "templates/rbac.yaml") each rendered document names, by document start. */
export function helmSources(text: string): { start: number; end: number; path: string }[] {
  const out: { start: number; end: number; path: string }[] = [];
  for (const d of documentsOf(text)) {
    const m = SOURCE_RE.exec(text.slice(d.start, d.end));
    if (!m) continue;
    // "chart/templates/x.yaml", or "chart/charts/sub/templates/x.yaml" for a subchart.
    const p = m[1].trim();
    out.push({ start: d.start, end: d.end, path: p.slice(p.indexOf("/") + 1) });
  }
  return out;
}
