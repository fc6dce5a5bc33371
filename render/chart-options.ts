// Per-chart render options (values files, release name, namespace), read through a small interface: the
// command line gives the repository configuration's `charts` (render/config-chart-options.ts), for the command line and the editor.

import type { ChartOptions } from "./helm";

export interface ChartOptionsSource {
  /** The options configured for the chart at `chartDir`; undefined when none are. */
  optionsFor(chartDir: string): ChartOptions | undefined;
}
