// What a render or a build says, as findings on the source lines it came from: shared by `kube-rbac check`
// (cli/project-check.ts) and the language server (server/render-scheduler.ts), so that both report a
// chart or a kustomization the same way. Running the tools is the caller's (sync on the command line,
// async in the server); these functions take what the tools gave.

import * as fs from "node:fs";
import * as path from "node:path";
import { builtInCatalog } from "../core/catalog";
import { Finding } from "../core/model";
import { ParsedFile } from "../core/parse";
import { checkTexts } from "../core/service/check-service";
import { checkRendered, helmSources, SourceText } from "../core/render";
import { ChartOptions, ciValues, helmErrorLocation } from "./helm";
import { Built, kustomizationFile } from "./kustomize";
import { kustomizationTree, patchFiles } from "./project";
import { writtenIn } from "./written";

/** One `helm template` of a chart: the options and the label its findings carry. */
export interface ChartRender {
  readonly label: string;
  readonly options: ChartOptions;
}

/** The renders of a chart: its values.yaml with the configured and given options, then one per ci/*-values.yaml. */
export function chartRenders(chart: string, configured: ChartOptions = {}, given: ChartOptions = {}): ChartRender[] {
  const base: ChartOptions = {
    ...configured,
    values: [...(configured.values ?? []), ...(given.values ?? [])],
    set: [...(configured.set ?? []), ...(given.set ?? [])],
  };
  const out: ChartRender[] = [{ label: labelOf(base), options: base }];
  for (const ci of ciValues(chart)) out.push({ label: path.relative(chart, ci), options: { ...configured, values: [ci] } });
  return out;
}

function labelOf(chart: ChartOptions): string {
  return ["values.yaml", ...(chart.values ?? []), ...(chart.set ?? []).map((s) => `--set ${s}`)].join(", ");
}

/** A file's text, or "" when it cannot be read (it was removed meanwhile: nothing is placed in it). */
function readText(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

/** Rendered output checked by the shared pipeline, as one workspace of its own (roleRefs resolve across the chart or overlay). */
function checkOutput(parsed: ParsedFile): Finding[] {
  return checkTexts([{ file: parsed.file, text: parsed.text }], builtInCatalog())[0]?.findings ?? [];
}

/** The findings of one render of a chart, on their template lines. */
export function renderedFindings(chart: string, text: string, label: string): Finding[] {
  const docs = helmSources(text);
  const result = checkRendered(
    {
      text,
      label,
      fallbackFile: path.join(chart, "Chart.yaml"),
      written: writtenIn([chart]),
      sourcesAt: (offset) => {
        const d = docs.find((x) => x.start <= offset && offset <= x.end);
        const file = d && path.join(chart, d.path);
        return file && fs.existsSync(file) ? [{ file, text: readText(file) }] : [];
      },
    },
    checkOutput,
  );
  return result.findings;
}

/** The failures of a chart's renders, one finding per distinct message naming every render it stopped. */
export function chartFailures(chart: string, failed: readonly { label: string; error: string }[]): Finding[] {
  const byError = new Map<string, string[]>();
  for (const f of failed) byError.set(f.error, [...(byError.get(f.error) ?? []), f.label]);
  return [...byError].map(([error, labels]) =>
    renderFailure(chart, `helm could not render the chart with ${labels.join("; with ")}: ${error}`),
  );
}

/** One finding with the tool's message: on the template line it names, else on the first line of the chart's Chart.yaml. */
export function renderFailure(chart: string, message: string): Finding {
  const at = helmErrorLocation(message);
  const template = at && path.join(chart, at.path);
  if (template && fs.existsSync(template)) {
    const lines = readText(template).split("\n");
    const start = lines.slice(0, at.line - 1).reduce((n, l) => n + l.length + 1, 0);
    const line = lines[at.line - 1] ?? "";
    return failure(template, { start, end: start + line.length }, message);
  }
  const file = path.join(chart, "Chart.yaml");
  return failure(file, { start: 0, end: Math.min(readText(file).indexOf("\n") >>> 0, 200) }, message);
}

function failure(file: string, span: { start: number; end: number }, message: string): Finding {
  return { code: "render-failed", severity: "warning", message, file, span };
}

/** A kustomization that could not be built: one finding on its kustomization file. */
export function buildFailure(dir: string, error: string): Finding {
  return failure(
    kustomizationFile(dir) ?? path.join(dir, "kustomization.yaml"),
    { start: 0, end: 0 },
    `kustomize could not build ${dir}: ${error}`,
  );
}

/** metadata.name in kustomize's output (keys sorted, two-space indentation). */
const NAME_RE = /^metadata:\n(?: {2}.*\n)*? {2}name: ["']?([^"'\s]+)/m;

function patchNames(text: string): string[] {
  return [...text.matchAll(/^ {2}name: ["']?([^"'\s]+)/gm)].map((m) => m[1]);
}

/** The findings of a kustomization's build, on the lines of the files (patches first) they came from. */
export function builtFindings(dir: string, built: Built, label: string): Finding[] {
  const patches: SourceText[] = kustomizationTree(dir)
    .flatMap((d) => patchFiles(d))
    .map((p) => ({ file: p, text: readText(p) }));
  const starts = [...built.origins.keys()].sort((a, b) => a - b);
  const docAt = (offset: number) => {
    const start = starts.filter((s) => s <= offset).pop() ?? 0;
    return { start, text: built.stdout.slice(start, starts.find((s) => s > start) ?? built.stdout.length) };
  };
  const result = checkRendered(
    {
      text: built.stdout,
      label,
      fallbackFile: kustomizationFile(dir) ?? path.join(dir, "kustomization.yaml"),
      written: writtenIn(kustomizationTree(dir)),
      sourcesAt: (offset) => {
        const doc = docAt(offset);
        const origin = built.origins.get(doc.start);
        const own = origin && fs.existsSync(origin) ? [{ file: origin, text: readText(origin) }] : [];
        const name = NAME_RE.exec(doc.text)?.[1];
        return [...patches.filter((p) => name !== undefined && patchNames(p.text).some((n) => name.includes(n))), ...own];
      },
    },
    checkOutput,
  );
  return result.findings;
}

const RENDER_LABEL_RE = / \(rendered with [^()]*(\([^()]*\)[^()]*)*\)$/;

function unlabelled(message: string): string {
  return message.replace(RENDER_LABEL_RE, "");
}

/** Equal, where a value unknown in place (`{{…}}`) stands for whatever a render put there. */
function sameMessage(a: string, b: string): boolean {
  if (a === b) return true;
  const [pattern, text] = a.includes("{{…}}") ? [a, b] : [b, a];
  if (!pattern.includes("{{…}}")) return false;
  const re = pattern
    .split("{{…}}")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*?");
  return new RegExp(`^${re}$`).test(text);
}

/**
 * The rule that keeps a finding once: two reports on one line of one file with the same code are the same
 * finding when their messages agree, once the render's label is left out and a value unknown in place
 * stands for what a render put there (in place and rendered, or by two renders).
 */
export function sameReport(a: { code: string; message: string }, b: { code: string; message: string }): boolean {
  return a.code === b.code && sameMessage(unlabelled(a.message), unlabelled(b.message));
}
