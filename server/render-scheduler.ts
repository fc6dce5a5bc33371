// Renders the workspace's Helm charts (`helm template`) and builds its kustomizations (`kustomize build`)
// when one of their files is opened or saved, or changes on disk (a checkout, another tool; heard from the
// client's file events and from watching each rendered project's folders, project-watch.ts): debounced
// (opens, saves and changes within `render.debounceMs` make one render), one render at a time per chart
// (a newer request stops the running one, whose result is dropped), under `render.timeoutMs`. Only in a
// trusted workspace and with `render.enabled`. The findings are those `kube-rbac check` gives
// (render/findings.ts), on the source lines they came from; the diagnostics feature merges them into each
// file's own (features/diagnostics.ts).

import * as path from "node:path";
import { Finding } from "../core/model";
import { parseManifests } from "../core/parse";
import type { ChartOptionsSource } from "../render/chart-options";
import { isChart, renderChartAsync } from "../render/helm";
import { buildFailure, builtFindings, chartFailures, chartRenders, renderedFindings, sameReport } from "../render/findings";
import { buildKustomizationAsync, kustomizationFile } from "../render/kustomize";
import { findProjects, findTools, kustomizationTree } from "../render/project";
import type { RenderedObject } from "../protocol/index";
import { chartObjects, failureAtChart, marked, outcomeOf, Project, RenderOutcome, sameLine } from "./render-outcome";
import { ProjectWatch } from "./project-watch";
import type { RenderSettings } from "./settings";

export interface RenderHost {
  readonly settings: () => RenderSettings;
  /** The repository configuration's options for a chart (`.kube-rbac.yaml` `charts:`). */
  readonly chartOptions: ChartOptionsSource;
  readonly log: (message: string) => void;
  /** The timers the debounce uses (tests pass their own). */
  readonly timers?: { set(f: () => void, ms: number): unknown; clear(t: unknown): void };
}

interface State {
  readonly project: Project;
  timer?: unknown;
  running?: Promise<void>;
  controller?: AbortController;
  /** Asked again while running: render once more when the run ends. */
  again: boolean;
  last?: RenderOutcome;
}

const NODE_TIMERS = {
  set: (f: () => void, ms: number): unknown => setTimeout(f, ms),
  clear: (t: unknown) => clearTimeout(t as NodeJS.Timeout),
};

export class RenderScheduler {
  private readonly states = new Map<string, State>();
  private trustedNow = false;
  private settingsKey = "";
  private folders: string[] = [];
  private workspaceProjects: Project[] | undefined;
  private readonly timers: NonNullable<RenderHost["timers"]>;
  /** The rendered projects' folders, watched for changes made on disk. */
  private readonly watch = new ProjectWatch((file) => this.changedOnDisk(file));
  /** Told when a render finished, with the files whose rendered findings may have changed. */
  private rendered: (files: readonly string[]) => void = () => undefined;

  constructor(private readonly host: RenderHost) {
    this.timers = host.timers ?? NODE_TIMERS;
    this.settingsKey = JSON.stringify(host.settings());
  }

  get trusted(): boolean {
    return this.trustedNow;
  }

  /** Rendering runs only when the workspace is trusted and the setting is on. */
  get active(): boolean {
    return this.trustedNow && this.host.settings().enabled;
  }

  setTrusted(trusted: boolean): void {
    this.trustedNow = trusted;
    if (!trusted) for (const s of this.states.values()) s.controller?.abort();
  }

  /** The settings changed: what was rendered with other settings (another helm, no helm) is rendered again. */
  settingsChanged(): void {
    const key = JSON.stringify(this.host.settings());
    if (key === this.settingsKey) return;
    this.settingsKey = key;
    for (const s of this.states.values()) if (s.last) this.schedule(s.last.project);
  }

  setRendered(listener: (files: readonly string[]) => void): void {
    this.rendered = listener;
  }

  setFolders(folders: readonly string[]): void {
    this.folders = [...folders];
    this.workspaceProjects = undefined;
  }

  /**
   * A file was opened or saved: the projects it belongs to are rendered after the debounce (on open, only
   * those not rendered yet: their files have not changed since, or a save would have rendered them).
   */
  touched(file: string, opened = false): void {
    const base = path.basename(file);
    if (base === "Chart.yaml" || base.startsWith("kustomization") || base === "Kustomization") this.workspaceProjects = undefined;
    if (!this.active) return;
    for (const p of this.projectsOf(file)) if (!opened || !this.states.get(p.dir)?.last) this.schedule(p);
  }

  /**
   * A file changed on disk, or was created or deleted there (a checkout, another tool; an editor's save
   * too): the projects it belongs to are rendered after the debounce, as on save. A chart or kustomization
   * that is gone (its folder, its Chart.yaml or its kustomization file deleted) drops its findings.
   */
  changedOnDisk(file: string): void {
    const gone = [...this.states.values()].filter((s) => !exists(s.project));
    const files = gone.flatMap((s) => [...(s.last?.findings.keys() ?? [])]);
    for (const s of gone) {
      if (s.timer !== undefined) this.timers.clear(s.timer);
      s.controller?.abort();
      this.watch.unwatch(s.project.dir);
      this.states.delete(s.project.dir);
    }
    if (gone.length > 0) this.workspaceProjects = undefined;
    this.touched(file);
    if (files.length > 0) this.rendered([...new Set(files)]);
  }

  /** The charts (the nearest and those above it) and kustomizations (those above it and those building on them) a file belongs to. */
  projectsOf(file: string): Project[] {
    const out: Project[] = [];
    const ancestors: string[] = [];
    for (let dir = path.dirname(path.resolve(file)); ; dir = path.dirname(dir)) {
      ancestors.push(dir);
      if (!this.inWorkspace(dir)) break;
      if (isChart(dir)) out.push({ dir, kind: "chart" });
      if (kustomizationFile(dir)) out.push({ dir, kind: "kustomization" });
      if (path.dirname(dir) === dir) break;
    }
    const known = new Set(out.map((p) => p.dir));
    for (const p of this.allProjects())
      if (p.kind === "kustomization" && !known.has(p.dir) && kustomizationTree(p.dir).some((d) => ancestors.includes(d))) out.push(p);
    return out;
  }

  private inWorkspace(dir: string): boolean {
    return this.folders.some((f) => dir === f || dir.startsWith(f + path.sep));
  }

  /** Every chart and kustomization of the workspace folders (`fresh`: looked for again, not as last found). */
  allProjects(fresh = false): Project[] {
    if (!this.workspaceProjects || fresh) {
      const found = findProjects(this.folders);
      this.workspaceProjects = [
        ...found.charts.map((dir) => ({ dir, kind: "chart" as const })),
        ...found.kustomizations.map((dir) => ({ dir, kind: "kustomization" as const })),
      ];
    }
    return this.workspaceProjects;
  }

  private state(project: Project): State {
    let s = this.states.get(project.dir);
    if (!s) this.states.set(project.dir, (s = { project, again: false }));
    return s;
  }

  private schedule(project: Project): void {
    const s = this.state(project);
    if (s.timer !== undefined) this.timers.clear(s.timer);
    if (!this.active) return;
    s.timer = this.timers.set(() => {
      s.timer = undefined;
      void this.start(project);
    }, this.host.settings().debounceMs);
  }

  /** Renders now, or once more after the running render (which is stopped: its result would be stale). */
  private start(project: Project): Promise<void> {
    const s = this.state(project);
    if (s.running) {
      s.again = true;
      s.controller?.abort();
      return s.running;
    }
    const controller = (s.controller = new AbortController());
    s.running = this.run(project, controller.signal)
      .then((outcome) => {
        if (!outcome || this.states.get(project.dir) !== s) return;
        this.watch.watch(project.dir);
        const before = [...(s.last?.findings.keys() ?? [])];
        s.last = outcome;
        this.rendered([...new Set([...before, ...outcome.findings.keys()])]);
      })
      .catch((e: unknown) => this.host.log(`kube-rbac: rendering ${project.dir} failed: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => {
        s.running = undefined;
        s.controller = undefined;
        // A project dropped meanwhile (deleted on disk) is not rendered again.
        if (s.again && this.active && this.states.get(project.dir) === s) {
          s.again = false;
          void this.start(project);
        }
      });
    return s.running;
  }

  /** Resolves when no render runs (one that waits for its debounce is not waited for). */
  async idle(): Promise<void> {
    for (;;) {
      const running = [...this.states.values()].flatMap((s) => (s.running ? [s.running] : []));
      if (running.length === 0) return;
      await Promise.all(running);
    }
  }

  /** The projects' outcomes (rendered now when never rendered or while a render waits); none unless active. */
  async outcomes(projects: readonly Project[]): Promise<RenderOutcome[]> {
    if (!this.active) return [];
    const out: RenderOutcome[] = [];
    for (const p of projects) {
      const s = this.state(p);
      if (!s.last && !s.running && s.timer === undefined) await this.start(p);
      // A render that waits starts now; one that runs is waited for, and so is the one that replaces it.
      while (s.running || s.timer !== undefined) {
        if (s.timer !== undefined) {
          this.timers.clear(s.timer);
          s.timer = undefined;
          void this.start(p);
        }
        await s.running;
      }
      if (s.last) out.push(s.last);
    }
    return out;
  }

  /** The rendered findings in a file, by the projects' last renders (each kept once per line). */
  findingsIn(file: string): { findings: Finding[]; text: string } | undefined {
    const key = path.resolve(file);
    let text: string | undefined;
    const out: Finding[] = [];
    for (const s of this.states.values()) {
      const list = s.last?.findings.get(key);
      if (!list) continue;
      text ??= s.last!.texts.get(key);
      if (s.last!.texts.get(key) !== text) continue;
      for (const f of list) if (!out.some((g) => sameLine(text!, f, g) && sameReport(f, g))) out.push(f);
    }
    return text === undefined ? undefined : { findings: out, text };
  }

  /** Files with rendered findings. */
  files(): string[] {
    return [...new Set([...this.states.values()].flatMap((s) => [...(s.last?.findings.keys() ?? [])]))];
  }

  private async run(project: Project, signal: AbortSignal): Promise<RenderOutcome | undefined> {
    const settings = this.host.settings();
    const tools = findTools({ helm: settings.helmPath, kustomize: settings.kustomizePath });
    const started = Date.now();
    const outcome =
      project.kind === "chart"
        ? await this.renderChart(project, tools.helm, settings, signal)
        : await this.buildKustomization(project, tools.kustomize, settings, signal);
    if (outcome)
      this.host.log(`kube-rbac: rendered ${project.dir} in ${Date.now() - started} ms${outcome.error ? `: ${outcome.error}` : ""}`);
    return outcome;
  }

  private async renderChart(
    project: Project,
    helm: string | undefined,
    settings: RenderSettings,
    signal: AbortSignal,
  ): Promise<RenderOutcome | undefined> {
    const dir = project.dir;
    if (!helm) {
      const where = settings.helmPath ? `at ${settings.helmPath} (kubeRbac.helm.path)` : "on PATH (set kubeRbac.helm.path)";
      const message = `helm was not found ${where}: the chart is not rendered, its templates are checked in place only (without values)`;
      return outcomeOf(project, [failureAtChart(dir, message)], [], message);
    }
    const findings: Finding[] = [];
    const failed: { label: string; error: string }[] = [];
    let objects: RenderedObject[] = [];
    const renders = chartRenders(dir, this.host.chartOptions.optionsFor(dir));
    for (const [i, r] of renders.entries()) {
      const run = await renderChartAsync(helm, dir, r.options, settings.timeoutMs, signal);
      if (run.cancelled || signal.aborted) return undefined;
      if (!run.ok) failed.push({ label: r.label, error: run.error ?? "" });
      else {
        findings.push(...renderedFindings(dir, run.stdout, r.label));
        if (i === 0) objects = chartObjects(project, run.stdout);
      }
    }
    const failures = chartFailures(dir, failed);
    return outcomeOf(project, [...findings, ...failures], objects, failures[0]?.message);
  }

  private async buildKustomization(
    project: Project,
    kustomize: ReturnType<typeof findTools>["kustomize"],
    settings: RenderSettings,
    signal: AbortSignal,
  ): Promise<RenderOutcome | undefined> {
    const dir = project.dir;
    if (!kustomize) {
      const where = settings.kustomizePath ? `at ${settings.kustomizePath} (kubeRbac.kustomize.path)` : "on PATH, nor kubectl";
      const message = `kustomize was not found ${where}: the kustomization is not built, its files are checked one by one`;
      return outcomeOf(project, [buildFailure(dir, message)], [], message);
    }
    const built = await buildKustomizationAsync(kustomize, dir, settings.timeoutMs, signal);
    if (built.cancelled || signal.aborted) return undefined;
    if (!built.ok) {
      const failure = buildFailure(dir, built.error ?? "");
      return outcomeOf(project, [failure], [], failure.message);
    }
    const findings = builtFindings(dir, built, `kustomize build ${path.basename(dir)}`);
    const parsed = parseManifests(built.stdout, `${dir} (built)`);
    const starts = [...built.origins.keys()].sort((a, b) => a - b);
    const objects = parsed.objects.map((o) => {
      const at = o.source?.span.start ?? 0;
      const origin = built.origins.get(starts.filter((s) => s <= at).pop() ?? -1);
      return marked(o, project, origin);
    });
    return outcomeOf(project, findings, objects);
  }

  dispose(): void {
    this.watch.dispose();
    for (const s of this.states.values()) {
      if (s.timer !== undefined) this.timers.clear(s.timer);
      s.controller?.abort();
    }
    this.states.clear();
  }
}

/** Whether the project is still there: a folder with a Chart.yaml, or with a kustomization file. */
function exists(project: Project): boolean {
  return project.kind === "chart" ? isChart(project.dir) : kustomizationFile(project.dir) !== undefined;
}
