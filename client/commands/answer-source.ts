// What "Who can…", "Can I…" and "Who am I" answer from: the loaded cluster or snapshot, else the
// workspace's own manifests (nothing is connected, yet the repository's RBAC can still be asked).
import * as vscode from "vscode";
import { RbacIndex } from "../../core/rbac-index";
import { ReadyState } from "../cluster/model-state";
import { workspaceObjects } from "../workspace-objects";
import { CommandDeps, readyOrSay } from "./deps";

export async function answerSource(deps: CommandDeps): Promise<ReadyState | undefined> {
  if (deps.model.state.kind === "ready" || !vscode.workspace.isTrusted || !vscode.workspace.workspaceFolders?.length)
    return readyOrSay(deps);
  const { objects } = await workspaceObjects();
  if (objects.length === 0) return readyOrSay(deps);
  const index = new RbacIndex(objects);
  return {
    kind: "ready",
    source: "file",
    label: "the workspace's manifests",
    namespace: "",
    snapshot: { source: { kind: "file", file: "workspace" }, objects, others: [], complete: true, gaps: [] },
    index,
    liveIndex: index,
    whatIf: undefined,
    me: undefined,
    discovery: undefined,
    health: undefined,
    notes: [],
    version: -1,
  };
}
