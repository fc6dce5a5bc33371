// What "Who can…", "Can I…" and "Who am I" answer from: the loaded cluster or snapshot, else the
// workspace's own manifests, charts and kustomizations (nothing is connected, yet the repository's RBAC
// can still be asked). `answerSourceLabel` names it in the answers' notes, with the what-if overlay.
import * as vscode from "vscode";
import { RbacIndex } from "../../core/rbac-index";
import { ReadyState } from "../cluster/model-state";
import { workspaceObjects } from "../workspace-objects";
import { CommandDeps, readyOrSay } from "./deps";

export async function answerSource(deps: CommandDeps): Promise<ReadyState | undefined> {
  if (deps.model.state.kind === "ready" || !vscode.workspace.isTrusted || !vscode.workspace.workspaceFolders?.length)
    return readyOrSay(deps);
  // The charts and kustomizations count as the language server renders them (none in an untrusted workspace).
  const { objects, projects, failures } = await workspaceObjects(() => deps.lsp.renderedObjects());
  if (objects.length === 0) return readyOrSay(deps);
  const index = new RbacIndex(objects);
  return {
    kind: "ready",
    source: "file",
    label: projects > 0 || failures.length > 0 ? "the workspace's manifests, charts and kustomizations" : "the workspace's manifests",
    namespace: "",
    snapshot: { source: { kind: "file", file: "workspace" }, objects, others: [], complete: true, gaps: [] },
    index,
    liveIndex: index,
    whatIf: undefined,
    notes: failures,
    me: undefined,
    discovery: undefined,
    health: undefined,
    version: -1,
  };
}

/** Where answers come from, for their notes: with what-if on, the overlay and the charts and kustomizations rendered into it. */
export function answerSourceLabel(s: ReadyState): string {
  if (!s.whatIf) return s.label;
  const { projects, failures } = s.whatIf;
  const rendered =
    projects > 0 ? `, with ${projects} rendered chart${projects === 1 ? "" : "s"} or kustomization${projects === 1 ? "" : "s"}` : "";
  const left = failures.length > 0 ? `; left out: ${failures.join("; ")}` : "";
  return `${s.label} + workspace (what-if${rendered}${left})`;
}
