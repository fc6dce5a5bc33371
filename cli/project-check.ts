// `kube-rbac check` over a repository that mixes charts, kustomizations and plain manifests: every file is
// checked where it is (templates in place, patch files as patches), then each chart is rendered with helm
// (its values.yaml plus --values/--set, and once more per ci/*-values.yaml) and each kustomization built
// with kustomize; their findings go back to the source lines they came from. A finding reported twice on
// one line (in place and rendered, or by two renders) is kept once.

import * as fs from "node:fs";
import * as path from "node:path";
import { builtInCatalog } from "../core/catalog";
import { Finding } from "../core/model";
import { ParsedFile } from "../core/parse";
import { checkTexts } from "../core/service/check-service";
import { absentInPatch, checkRendered, helmSources, SourceText } from "../core/render";
import { positionAt } from "../core/parse";
import { ChartOptions, ciValues, helmErrorLocation, renderChart } from "../render/helm";
import { buildKustomization, kustomizationFile } from "../render/kustomize";
import { ChartOptionsSource } from "../render/chart-options";
import { findProjects, kustomizationTree, patchFiles, Tools } from "../render/project";
import { InputError } from "./sources";

export interface ProjectOptions {
  /** Values files and --set pairs for every chart (on top of its values.yaml). */
  readonly chart?: ChartOptions;
  readonly tools: Tools;
  /** Per-chart options (release name, namespace, values files) of the repository. */
  readonly chartOptions?: ChartOptionsSource;
  /** Lines for stderr (a chart left unrendered because helm is missing, …). */
  readonly warn: (line: string) => void;
}

/** A diagnostic as `kube-rbac check` reports it (LSP-shaped, 0-based). */
export interface Diagnostic {
  readonly file: string;
  readonly range: { start: { line: number; character: number }; end: { line: number; character: number } };
  readonly severity: Finding["severity"];
  readonly code: string;
  readonly message: string;
}

/**
 * The files' diagnostics (as the check pipeline gives them) with the files a kustomization lists as
 * patches checked as patches, then each chart rendered and each kustomization built: their findings on
 * the source lines they came from, each kept once per line (in place first, then render by render).
 */
export function withProjects(paths: readonly string[], diagnostics: readonly Diagnostic[], options: ProjectOptions): Diagnostic[] {
  const project = findProjects(paths);
  const out = diagnostics.filter((d) => !(project.patches.has(path.resolve(d.file)) && absentInPatch(d.code)));
  const texts = new Map<string, { file: string; lineStarts: number[] }>();
  const add = (f: Finding) => {
    const key = path.resolve(f.file);
    let t = texts.get(key);
    if (!t)
      texts.set(
        key,
        (t = {
          file: out.find((d) => path.resolve(d.file) === key)?.file ?? (path.relative(process.cwd(), key) || key),
          lineStarts: lineStartsOf(read(key)),
        }),
      );
    const range = { start: positionAt(t.lineStarts, f.span.start), end: positionAt(t.lineStarts, f.span.end) };
    // The same finding from another render (or in place): kept once, as first reported.
    const same = (d: Diagnostic) =>
      d.code === f.code &&
      d.range.start.line === range.start.line &&
      path.resolve(d.file) === key &&
      sameMessage(unlabelled(d.message), unlabelled(f.message));
    if (!out.some(same)) out.push({ file: t.file, range, severity: f.severity, code: f.code, message: f.message });
  };
  for (const chart of project.charts) for (const f of renderCharts(chart, options)) add(f);
  for (const dir of project.kustomizations) for (const f of buildFindings(dir, options)) add(f);
  // File by file as first reported, each file's diagnostics in line order (the sort is stable).
  const order = new Map<string, number>();
  for (const d of out) if (!order.has(d.file)) order.set(d.file, order.size);
  const at = (d: Diagnostic) => [order.get(d.file)!, d.range.start.line, d.range.start.character];
  return out.sort((a, b) => {
    const [x, y] = [at(a), at(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  });
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
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

function read(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new InputError(`cannot read ${file}: ${(e as Error).message}`);
  }
}

/** Rendered output checked by the shared pipeline, as one workspace of its own (roleRefs resolve across the chart or overlay). */
function checkOutput(parsed: ParsedFile): Finding[] {
  return checkTexts([{ file: parsed.file, text: parsed.text }], builtInCatalog())[0]?.findings ?? [];
}

function renderCharts(chart: string, options: ProjectOptions): Finding[] {
  if (!options.tools.helm) {
    options.warn(
      `${path.relative(process.cwd(), chart) || "."}: helm was not found, so the chart is checked in place only (its templates, without values)`,
    );
    return [];
  }
  // The repository's options for this chart (.kube-rbac.yaml), then what the command line adds.
  const configured = options.chartOptions?.optionsFor(chart) ?? {};
  const base: ChartOptions = {
    ...configured,
    values: [...(configured.values ?? []), ...(options.chart?.values ?? [])],
    set: [...(configured.set ?? []), ...(options.chart?.set ?? [])],
  };
  const renders: { label: string; chart: ChartOptions }[] = [{ label: labelOf(base), chart: base }];
  for (const ci of ciValues(chart)) renders.push({ label: path.relative(chart, ci), chart: { ...configured, values: [ci] } });
  const out: Finding[] = [];
  // One finding per distinct failure, naming every render it stopped.
  const failures = new Map<string, string[]>();
  for (const r of renders) {
    const run = renderChart(options.tools.helm, chart, r.chart);
    if (!run.ok) failures.set(run.error ?? "", [...(failures.get(run.error ?? "") ?? []), r.label]);
    else out.push(...renderedFindings(chart, run.stdout, r.label));
  }
  for (const [error, labels] of failures)
    out.push(renderFailure(chart, `helm could not render the chart with ${labels.join("; with ")}: ${error}`));
  return out;
}

/** The findings of one render of a chart, on their template lines (exported for the benchmark). */
export function renderedFindings(chart: string, text: string, label: string): Finding[] {
  const docs = helmSources(text);
  const result = checkRendered(
    {
      text,
      label,
      fallbackFile: path.join(chart, "Chart.yaml"),
      sourcesAt: (offset) => {
        const d = docs.find((x) => x.start <= offset && offset <= x.end);
        const file = d && path.join(chart, d.path);
        return file && fs.existsSync(file) ? [{ file, text: read(file) }] : [];
      },
    },
    checkOutput,
  );
  return result.findings;
}

function labelOf(chart: ChartOptions | undefined): string {
  const parts = ["values.yaml", ...(chart?.values ?? []), ...(chart?.set ?? []).map((s) => `--set ${s}`)];
  return parts.join(", ");
}

/** One finding with the tool's message: on the template line it names, else on the first line of `file`'s folder's Chart.yaml. */
function renderFailure(chart: string, message: string): Finding {
  const at = helmErrorLocation(message);
  const template = at && path.join(chart, at.path);
  if (template && fs.existsSync(template)) {
    const text = read(template);
    const lines = text.split("\n");
    const start = lines.slice(0, at.line - 1).reduce((n, l) => n + l.length + 1, 0);
    const line = lines[at.line - 1] ?? "";
    return failure(template, { start, end: start + line.length }, message);
  }
  const file = path.join(chart, "Chart.yaml");
  return failure(file, { start: 0, end: Math.min(read(file).indexOf("\n") >>> 0, 200) }, message);
}

function failure(file: string, span: { start: number; end: number }, message: string): Finding {
  return { code: "render-failed", severity: "warning", message, file, span };
}

/** metadata.name in kustomize's output (keys sorted, two-space indentation). */
const NAME_RE = /^metadata:\n(?: {2}.*\n)*? {2}name: ["']?([^"'\s]+)/m;

function patchNames(text: string): string[] {
  return [...text.matchAll(/^ {2}name: ["']?([^"'\s]+)/gm)].map((m) => m[1]);
}

function buildFindings(dir: string, options: ProjectOptions): Finding[] {
  if (!options.tools.kustomize) {
    options.warn(
      `${path.relative(process.cwd(), dir) || "."}: neither kustomize nor kubectl was found, so the kustomization is checked file by file only`,
    );
    return [];
  }
  const built = buildKustomization(options.tools.kustomize, dir);
  const file = kustomizationFile(dir)!;
  if (!built.ok) return [failure(file, { start: 0, end: 0 }, `kustomize could not build ${dir}: ${built.error}`)];
  const patches: SourceText[] = kustomizationTree(dir)
    .flatMap((d) => patchFiles(d))
    .map((p) => ({ file: p, text: read(p) }));
  const starts = [...built.origins.keys()].sort((a, b) => a - b);
  const docAt = (offset: number) => {
    const start = starts.filter((s) => s <= offset).pop() ?? 0;
    return { start, text: built.stdout.slice(start, starts.find((s) => s > start) ?? built.stdout.length) };
  };
  const result = checkRendered(
    {
      text: built.stdout,
      label: `kustomize build ${path.relative(process.cwd(), dir) || "."}`,
      fallbackFile: file,
      sourcesAt: (offset) => {
        const doc = docAt(offset);
        const origin = built.origins.get(doc.start);
        const own = origin && fs.existsSync(origin) ? [{ file: origin, text: read(origin) }] : [];
        const name = NAME_RE.exec(doc.text)?.[1];
        return [...patches.filter((p) => name !== undefined && patchNames(p.text).some((n) => name.includes(n))), ...own];
      },
    },
    checkOutput,
  );
  return result.findings;
}
