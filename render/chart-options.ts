// Per-chart render options from the repository's `.kube-rbac.yaml`:
//   charts: { "path/to/chart": { values: [...], releaseName, namespace } }
// (paths relative to the file's folder; values files relative to the chart). Read through a small
// interface so that another source of the same options can stand in for this reader.

import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import type { ChartOptions } from "./helm";

export const REPOSITORY_CONFIG = ".kube-rbac.yaml";

export interface ChartOptionsSource {
  /** The options configured for the chart at `chartDir`; undefined when none are. */
  optionsFor(chartDir: string): ChartOptions | undefined;
}

/** Reads the nearest `.kube-rbac.yaml` at or above each chart (each file read once). */
export class RepositoryChartOptions implements ChartOptionsSource {
  private readonly files = new Map<string, Record<string, ChartOptions> | undefined>();

  /** `warn` hears about a config file that cannot be read or has the wrong shape. */
  constructor(private readonly warn: (line: string) => void = () => undefined) {}

  optionsFor(chartDir: string): ChartOptions | undefined {
    const chart = path.resolve(chartDir);
    for (let dir = chart; ; dir = path.dirname(dir)) {
      const file = path.join(dir, REPOSITORY_CONFIG);
      const charts = this.read(file);
      if (charts) {
        for (const [rel, options] of Object.entries(charts)) if (path.resolve(dir, rel) === chart) return options;
        return undefined;
      }
      if (path.dirname(dir) === dir) return undefined;
    }
  }

  private read(file: string): Record<string, ChartOptions> | undefined {
    if (this.files.has(file)) return this.files.get(file);
    let charts: Record<string, ChartOptions> | undefined;
    if (fs.existsSync(file)) {
      try {
        charts = chartsOf(parse(fs.readFileSync(file, "utf8")));
      } catch (e) {
        this.warn(`${file}: ${(e as Error).message.split("\n")[0]}; its chart options are not used`);
      }
    }
    this.files.set(file, charts);
    return charts;
  }
}

/** The `charts` map, each entry checked: strings where strings belong, nothing else kept. */
function chartsOf(doc: unknown): Record<string, ChartOptions> {
  const charts = (doc as { charts?: unknown } | null)?.charts;
  if (charts === undefined) return {};
  if (!charts || typeof charts !== "object" || Array.isArray(charts)) throw new Error("`charts` must be a map of chart paths");
  const out: Record<string, ChartOptions> = {};
  for (const [chart, raw] of Object.entries(charts as Record<string, unknown>)) {
    const o = (raw ?? {}) as Record<string, unknown>;
    const values = o.values ?? [];
    if (!Array.isArray(values) || values.some((v) => typeof v !== "string"))
      throw new Error(`charts."${chart}".values must be a list of files`);
    for (const k of ["releaseName", "namespace"] as const)
      if (o[k] !== undefined && typeof o[k] !== "string") throw new Error(`charts."${chart}".${k} must be a string`);
    out[chart] = {
      values: values as string[],
      releaseName: o.releaseName as string | undefined,
      namespace: o.namespace as string | undefined,
    };
  }
  return out;
}
