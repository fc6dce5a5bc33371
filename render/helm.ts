// `helm template` on a chart folder: the chart's own values.yaml (helm reads it) plus the values files and
// --set pairs asked for. helm's defaults already keep it offline (client-side dry run, no dependency
// update, no post-renderer unless asked); the sandbox (process.ts) leaves it no plugin and no network.

import * as fs from "node:fs";
import * as path from "node:path";
import { runTool, runToolAsync, ToolRun } from "./process";

export interface ChartOptions {
  /** Values files, in order (relative to the chart or absolute). */
  readonly values?: readonly string[];
  /** `--set key=value` pairs. */
  readonly set?: readonly string[];
  readonly releaseName?: string;
  readonly namespace?: string;
}

export const DEFAULT_RELEASE = "release-name";
export const DEFAULT_NAMESPACE = "default";
export const RENDER_TIMEOUT_MS = 30_000;

export function isChart(dir: string): boolean {
  return fs.existsSync(path.join(dir, "Chart.yaml"));
}

/** The chart's `ci/*-values.yaml` files (each one more render, as chart-testing does). */
export function ciValues(chartDir: string): string[] {
  const dir = path.join(chartDir, "ci");
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /-values\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

/** `helm template`'s arguments for the chart with these options. */
function templateArgs(chartDir: string, options: ChartOptions): string[] {
  const args = [
    "template",
    options.releaseName ?? DEFAULT_RELEASE,
    path.resolve(chartDir),
    "--namespace",
    options.namespace ?? DEFAULT_NAMESPACE,
  ];
  for (const v of options.values ?? []) args.push("--values", path.resolve(chartDir, v));
  for (const s of options.set ?? []) args.push("--set", s);
  return args;
}

export function renderChart(helm: string, chartDir: string, options: ChartOptions, timeoutMs = RENDER_TIMEOUT_MS): ToolRun {
  return runTool(helm, templateArgs(chartDir, options), { cwd: chartDir, timeoutMs });
}

/** renderChart without blocking (the language server); `signal` stops it. */
export function renderChartAsync(
  helm: string,
  chartDir: string,
  options: ChartOptions,
  timeoutMs = RENDER_TIMEOUT_MS,
  signal?: AbortSignal,
): Promise<ToolRun & { cancelled?: boolean }> {
  return runToolAsync(helm, templateArgs(chartDir, options), { cwd: chartDir, timeoutMs, signal });
}

/** Where helm's error points, when it names a template line (`template: chart/templates/x.yaml:12:3: …`). */
export function helmErrorLocation(error: string): { path: string; line: number } | undefined {
  const m = /\b[\w.-]+\/((?:charts\/[\w.-]+\/)*templates\/[^\s:]+):(\d+)(?::\d+)?/.exec(error);
  return m ? { path: m[1], line: Number(m[2]) } : undefined;
}
