// Where the command line gets RBAC state from: `-f/--filename` files and folders of manifests, or
// `kubectl get … -o yaml|json` dumps. (A live cluster is the other source: see cluster/.)

import * as fs from "node:fs";
import * as path from "node:path";
import { objectsFromPlain } from "../core/load";
import { NamedObject, RbacObject } from "../core/model";
import { parseManifests } from "../core/parse";
import { ConfigChartOptions } from "../render/config-chart-options";
import { ChartOptions, isChart, renderChart } from "../render/helm";
import { buildKustomization, kustomizationFile } from "../render/kustomize";
import { findTools } from "../render/project";

import { InputError } from "./io";

export { InputError };

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** `helm template` of a chart or `kustomize build` of a kustomization; a missing tool or a failure is an input error. */
function renderedText(dir: string, chart: ChartOptions): string {
  const tools = findTools({ helm: process.env.KUBE_RBAC_HELM, kustomize: process.env.KUBE_RBAC_KUSTOMIZE });
  if (isChart(dir)) {
    if (!tools.helm) throw new InputError(`${dir} is a Helm chart: rendering it needs helm on PATH (or KUBE_RBAC_HELM=/path/to/helm)`);
    // The repository's options for the chart (.kube-rbac.yaml), then the command line's values.
    const configured = new ConfigChartOptions().optionsFor(dir) ?? {};
    const run = renderChart(tools.helm, dir, {
      ...configured,
      values: [...(configured.values ?? []), ...(chart.values ?? [])],
      set: [...(configured.set ?? []), ...(chart.set ?? [])],
    });
    if (!run.ok) throw new InputError(`helm could not render ${dir}: ${run.error}`);
    return run.stdout;
  }
  if (!tools.kustomize)
    throw new InputError(
      `${dir} is a kustomization: building it needs kustomize or kubectl on PATH (or KUBE_RBAC_KUSTOMIZE=/path/to/kustomize)`,
    );
  const built = buildKustomization(tools.kustomize, dir);
  if (!built.ok) throw new InputError(`kustomize could not build ${dir}: ${built.error}`);
  return built.stdout;
}

const MANIFEST_RE = /\.(ya?ml|json)$/i;

/**
 * Every manifest file below the given paths, in a stable order. Folders are walked recursively; files and
 * folders for which `skip` says true (ignored by the repository configuration) are left out.
 */
export function expandPaths(paths: readonly string[], skip: (p: string) => boolean = () => false): string[] {
  const out: string[] = [];
  const walk = (p: string, explicit: boolean) => {
    if (skip(p)) return;
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      throw new InputError(`the path "${p}" does not exist`);
    }
    if (st.isDirectory()) {
      for (const entry of fs.readdirSync(p).sort()) {
        if (entry === "node_modules" || entry.startsWith(".")) continue;
        const child = path.join(p, entry);
        const isDir = fs.statSync(child).isDirectory();
        if (isDir || MANIFEST_RE.test(entry)) walk(child, false);
      }
    } else if (explicit || MANIFEST_RE.test(p)) {
      out.push(p);
    }
  };
  for (const p of paths) walk(p, true);
  return out;
}

export interface LoadedState {
  readonly objects: RbacObject[];
  readonly others: NamedObject[];
  readonly files: string[];
  /** Problems that did not stop loading (YAML errors in a document, …), one line each. */
  readonly warnings: string[];
}

/**
 * The RBAC state of the given paths. A chart folder is rendered with helm (its values.yaml plus `chart`'s
 * values), a kustomization folder built with kustomize: the state is what would be applied.
 */
export function loadState(paths: readonly string[], chart: ChartOptions = {}): LoadedState {
  const rendered = paths.filter((p) => isDirectory(p) && (isChart(p) || kustomizationFile(p)));
  const files = expandPaths(paths.filter((p) => !rendered.includes(p)));
  const state: LoadedState = { objects: [], others: [], files: [...rendered, ...files], warnings: [] };
  for (const dir of rendered) {
    const parsed = parseManifests(renderedText(dir, chart), dir, { spans: false });
    state.objects.push(...parsed.objects);
    state.others.push(...parsed.others);
    for (const f of parsed.findings) state.warnings.push(`${dir} (rendered): ${f.message}`);
  }
  for (const file of files) {
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (e) {
      throw new InputError(`cannot read ${file}: ${(e as Error).message}`);
    }
    const trimmed = text.trimStart();
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
      // JSON dumps can be large: the JSON parser is much faster than a YAML one.
      try {
        const value: unknown = JSON.parse(text);
        const vals = Array.isArray(value) ? value : [value];
        for (const v of vals) objectsFromPlain(v, state);
        continue;
      } catch {
        // Not JSON after all (a YAML flow mapping): fall through to the YAML parser.
      }
    }
    const parsed = parseManifests(text, file, { spans: false });
    state.objects.push(...parsed.objects);
    state.others.push(...parsed.others);
    for (const f of parsed.findings) state.warnings.push(`${file}: ${f.message}`);
  }
  return state;
}
