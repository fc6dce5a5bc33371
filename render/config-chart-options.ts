// Per-chart render options from the repository configuration (config/: `.kube-rbac.yaml`'s `charts`),
// as the chart renderer asks for them (render/chart-options.ts).

import * as path from "node:path";
import { ConfigFinder } from "../config";
import type { ChartOptionsSource } from "./chart-options";
import type { ChartOptions } from "./helm";

export class ConfigChartOptions implements ChartOptionsSource {
  private readonly finder = new ConfigFinder();

  optionsFor(chartDir: string): ChartOptions | undefined {
    const dir = path.resolve(chartDir);
    let chart;
    try {
      chart = this.finder
        .forFile(path.join(dir, "Chart.yaml"))
        ?.charts()
        .find((c) => path.resolve(c.dir) === dir);
    } catch {
      return undefined; // `check` reports a configuration it cannot read on its own
    }
    return chart && { values: [...chart.values], releaseName: chart.releaseName, namespace: chart.namespace };
  }
}
