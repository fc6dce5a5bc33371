// Wires the render scheduler (render-scheduler.ts) to the session: the workspace trust the client reports,
// renders on open and save, the rendered findings of files that are not open (published as they are:
// an open file's are merged into its own by features/diagnostics.ts), and the rendered objects the client
// asks for (the what-if overlay, "Can I apply this file?" on a template).

import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Diagnostic, Disposable } from "vscode-languageserver";
import { positionAt } from "../core/parse";
import { RenderedObjectsRequest, RenderedObjectsResult, WorkspaceTrustNotification } from "../protocol/index";
import { ServerContext } from "./context";
import { DIAGNOSTIC_SOURCE, SEVERITY } from "./features/diagnostics/conversion";
import { kustomizationTree } from "../render/project";
import type { Project } from "./render-outcome";
import { RenderScheduler } from "./render-scheduler";

function filePath(uri: string): string | undefined {
  if (!uri.startsWith("file:")) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function registerRenders(ctx: ServerContext, renders: RenderScheduler, schedule: (uri: string) => void): Disposable {
  const { connection, documents } = ctx;
  const { open } = documents;
  const touched = (uri: string, opened = false) => {
    const file = filePath(uri);
    if (file) renders.touched(file, opened);
  };
  const subs = [
    connection.onNotification(WorkspaceTrustNotification, (p) => {
      const was = renders.trusted;
      renders.setTrusted(p?.trusted === true);
      if (was === renders.trusted) return;
      ctx.revalidate();
      for (const uri of open.keys()) touched(uri);
    }),
    open.onDidOpen((e) => touched(e.document.uri, true)),
    open.onDidSave((e) => touched(e.document.uri)),
    // After the diagnostics feature cleared a closed file: its rendered findings stay in view.
    open.onDidClose((e) => publishClosed(ctx, renders, e.document.uri)),
    connection.onRequest(RenderedObjectsRequest, (p) => renderedObjects(renders, p?.uri)),
  ];
  renders.setRendered((files) => {
    for (const file of files) {
      const uri = pathToFileURL(file).toString();
      if (open.get(uri)) schedule(uri);
      else publishClosed(ctx, renders, uri);
    }
  });
  return Disposable.create(() => {
    for (const s of subs) s.dispose();
    renders.dispose();
  });
}

/** A file that is not open: its rendered findings alone (its own are published when it is opened). */
function publishClosed(ctx: ServerContext, renders: RenderScheduler, uri: string): void {
  const file = filePath(uri);
  if (!file || ctx.documents.open.get(uri)) return;
  const rendered = renders.active ? renders.findingsIn(file) : undefined;
  const severity = ctx.state.settings.severity;
  const lineStarts = [0];
  const text = rendered?.text ?? "";
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lineStarts.push(i + 1);
  const diagnostics: Diagnostic[] = [];
  for (const f of rendered?.findings ?? []) {
    const level = severity[f.code];
    if (level === "off") continue;
    diagnostics.push({
      range: { start: positionAt(lineStarts, f.span.start), end: positionAt(lineStarts, f.span.end) },
      severity: SEVERITY[level ?? f.severity],
      code: f.code,
      source: DIAGNOSTIC_SOURCE,
      message: f.message,
    });
  }
  void ctx.connection.sendDiagnostics({ uri, diagnostics });
}

async function renderedObjects(renders: RenderScheduler, uri: string | undefined): Promise<RenderedObjectsResult> {
  const file = uri ? filePath(uri) : undefined;
  const projects = file ? renders.projectsOf(file) : topProjects(renders.allProjects(true));
  if (!renders.active) {
    const why = renders.trusted
      ? "rendering is off (kubeRbac.render.enabled)"
      : "the workspace is not trusted, so helm and kustomize do not run";
    return {
      objects: [],
      projects: [],
      failures: projects.map((p) => ({ project: pathToFileURL(p.dir).toString(), message: `${path.basename(p.dir)}: ${why}` })),
    };
  }
  const outcomes = await renders.outcomes(projects);
  return {
    objects: outcomes.flatMap((o) => o.objects),
    projects: outcomes.filter((o) => !o.error).map((o) => pathToFileURL(o.project.dir).toString()),
    failures: outcomes
      .filter((o) => o.error)
      .map((o) => ({ project: pathToFileURL(o.project.dir).toString(), message: `${path.basename(o.project.dir)}: ${o.error}` })),
  };
}

/** The charts, and the kustomizations no other kustomization builds on (a base's objects come with its overlay's). */
function topProjects(projects: readonly Project[]): Project[] {
  const kustomizations = projects.filter((p) => p.kind === "kustomization");
  const below = new Set(kustomizations.flatMap((k) => kustomizationTree(k.dir).slice(1)));
  return projects.filter((p) => p.kind === "chart" || !below.has(p.dir));
}
