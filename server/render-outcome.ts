// What one render of a chart or kustomization gave, as the render scheduler keeps it
// (render-scheduler.ts): the findings by file with the text they were read against, the objects it would
// apply (marked with the template or source file each came from), and the failure that says why not.

import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { Finding, RbacObject } from "../core/model";
import { parseManifests } from "../core/parse";
import { helmSources } from "../core/render";
import { sameReport } from "../render/findings";
import type { RenderedObject } from "../protocol/index";

export interface Project {
  /** The chart's or kustomization's folder (absolute). */
  readonly dir: string;
  readonly kind: "chart" | "kustomization";
}

/** What the last render of a project gave. */
export interface RenderOutcome {
  readonly project: Project;
  /** Findings by file (absolute path), each on the line it came from. */
  readonly findings: ReadonlyMap<string, readonly Finding[]>;
  /** The text of each file with findings as it was read for them (a finding's span is in that text). */
  readonly texts: ReadonlyMap<string, string>;
  /** The RBAC objects it would apply (of the first render: the chart's values.yaml and configured options). */
  readonly objects: readonly RenderedObject[];
  /** Why it failed (the tool's message); undefined when it rendered. */
  readonly error?: string;
}

export function failureAtChart(dir: string, message: string): Finding {
  const file = path.join(dir, "Chart.yaml");
  let firstLine = 0;
  try {
    firstLine = Math.max(0, fs.readFileSync(file, "utf8").split("\n")[0].length);
  } catch {
    /* removed meanwhile */
  }
  return { code: "render-failed", severity: "warning", message, file, span: { start: 0, end: firstLine } };
}

export function outcomeOf(project: Project, findings: readonly Finding[], objects: RenderedObject[], error?: string): RenderOutcome {
  const byFile = new Map<string, Finding[]>();
  const texts = new Map<string, string>();
  for (const f of findings) {
    const key = path.resolve(f.file);
    if (!texts.has(key)) texts.set(key, readOrEmpty(key));
    const list = byFile.get(key) ?? [];
    // The same finding from another render: kept once, as first reported.
    if (!list.some((g) => sameLine(texts.get(key)!, f, g) && sameReport(f, g))) list.push(f);
    byFile.set(key, list);
  }
  return { project, findings: byFile, texts, objects, error };
}

function readOrEmpty(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

/** Whether two findings start on the same line of `text`. */
export function sameLine(text: string, a: Finding, b: Finding): boolean {
  const [lo, hi] = a.span.start <= b.span.start ? [a.span.start, b.span.start] : [b.span.start, a.span.start];
  return !text.slice(lo, hi).includes("\n");
}

export function chartObjects(project: Project, text: string): RenderedObject[] {
  const parsed = parseManifests(text, `${project.dir} (rendered)`);
  const docs = helmSources(text);
  return parsed.objects.map((o) => {
    const at = o.source?.span.start ?? 0;
    const d = docs.find((x) => x.start <= at && at <= x.end);
    return marked(o, project, d && path.join(project.dir, d.path));
  });
}

/** The object as the overlay shows it: its source is the file it was written in (or the project's folder). */
export function marked(o: RbacObject, project: Project, file: string | undefined): RenderedObject {
  const uri = pathToFileURL(file ?? project.dir).toString();
  const object = { ...o, source: { file: uri, docIndex: 0, span: { start: 0, end: 0 } } } as RbacObject;
  return { object, project: pathToFileURL(project.dir).toString(), kind: project.kind, file: file && uri };
}
