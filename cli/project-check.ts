// `kube-rbac check` over a repository that mixes charts, kustomizations and plain manifests: every file is
// checked where it is (templates in place, patch files as patches), then each chart is rendered with helm
// (its values.yaml plus --values/--set, and once more per ci/*-values.yaml) and each kustomization built
// with kustomize; their findings go back to the source lines they came from. A finding reported twice on
// one line (in place and rendered, or by two renders) is kept once.

import * as fs from "node:fs";
import * as path from "node:path";
import { Finding } from "../core/model";
import { absentInPatch } from "../core/render";
import { positionAt } from "../core/parse";
import { ChartOptions, renderChart } from "../render/helm";
import { buildKustomization } from "../render/kustomize";
import { ChartOptionsSource } from "../render/chart-options";
import { buildFailure, builtFindings, chartFailures, chartRenders, renderedFindings, sameReport } from "../render/findings";
import { findProjects, Tools } from "../render/project";
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
    const same = (d: Diagnostic) => d.range.start.line === range.start.line && path.resolve(d.file) === key && sameReport(d, f);
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

function read(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new InputError(`cannot read ${file}: ${(e as Error).message}`);
  }
}

function renderCharts(chart: string, options: ProjectOptions): Finding[] {
  if (!options.tools.helm) {
    options.warn(
      `${path.relative(process.cwd(), chart) || "."}: helm was not found, so the chart is checked in place only (its templates, without values)`,
    );
    return [];
  }
  // The repository's options for this chart (.kube-rbac.yaml), then what the command line adds.
  const renders = chartRenders(chart, options.chartOptions?.optionsFor(chart), options.chart);
  const out: Finding[] = [];
  const failed: { label: string; error: string }[] = [];
  for (const r of renders) {
    const run = renderChart(options.tools.helm, chart, r.options);
    if (!run.ok) failed.push({ label: r.label, error: run.error ?? "" });
    else out.push(...renderedFindings(chart, run.stdout, r.label));
  }
  return [...out, ...chartFailures(chart, failed)];
}

function buildFindings(dir: string, options: ProjectOptions): Finding[] {
  if (!options.tools.kustomize) {
    options.warn(
      `${path.relative(process.cwd(), dir) || "."}: neither kustomize nor kubectl was found, so the kustomization is checked file by file only`,
    );
    return [];
  }
  const built = buildKustomization(options.tools.kustomize, dir);
  if (!built.ok) return [buildFailure(dir, built.error ?? "")];
  return builtFindings(dir, built, `kustomize build ${path.relative(process.cwd(), dir) || "."}`);
}
