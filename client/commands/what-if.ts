// What-if: the workspace's unapplied manifests overlaid on the snapshot; per-subject diff; and
// "Can I apply this file?" (the API server's escalation checks, evaluated for the current identity).
import * as vscode from "vscode";
import { canApplyObjects, ObjectVerdict } from "../../core/can-apply";
import type { ApplyResult, EscalationPath } from "../../core/escalation-prevention";
import { impersonatedIdentity } from "../../core/identity";
import * as path from "node:path";
import { Identity, RbacObject } from "../../core/model";
import { parseManifests } from "../../core/parse";
import { diffPermissions, diffReport } from "../reports";
import { canApplyReport } from "../results/can-apply";
import { identityOf, permissionsOf } from "../tree/permissions";
import { SubjectNode } from "../tree/subject-node";
import { describeSubject, SubjectRef } from "../tree/subjects";
import { CommandDeps, readyOrSay } from "./deps";
import { pickSubject } from "./subject-picker";

export function registerWhatIfCommands(deps: CommandDeps): vscode.Disposable {
  const toggle = async (on?: boolean) => {
    await deps.model.setWhatIf(on ?? !deps.model.whatIf);
    return deps.model.whatIf;
  };

  const diff = async (node?: SubjectNode | SubjectRef) => {
    const s = readyOrSay(deps);
    if (!s) return undefined;
    const ref =
      node instanceof SubjectNode ? node.subject : (node ?? (await pickSubject(s, "What would applying the workspace change for")));
    if (!ref) return undefined;
    if (!s.whatIf) await deps.model.setWhatIf(true);
    const now = deps.model.state;
    if (now.kind !== "ready") return undefined;
    const id = identityOf(ref);
    const d = diffPermissions(permissionsOf(now.liveIndex, id).compact, permissionsOf(now.index, id).compact);
    deps.results.show(diffReport(describeSubject(ref), d, now.label));
    return d;
  };

  const canApplyFile = async (args?: { uri?: string; user?: string; groups?: string[] }) => {
    const s = readyOrSay(deps);
    if (!s) return undefined;
    const doc = args?.uri ? await vscode.workspace.openTextDocument(vscode.Uri.parse(args.uri)) : vscode.window.activeTextEditor?.document;
    if (!doc) {
      void vscode.window.showInformationMessage("kube-rbac: open a manifest first.");
      return undefined;
    }
    let me: Identity | undefined = args?.user ? impersonatedIdentity(args.user, args.groups ?? []) : s.me;
    if (!me) {
      const user = await vscode.window.showInputBox({
        title: "Can I apply this file?",
        prompt: "Offline snapshot: which user should be checked? (user, or user,group1,group2)",
      });
      if (!user) return undefined;
      const [u, ...g] = user.split(",").map((x) => x.trim());
      me = impersonatedIdentity(u, g);
    }
    const applied = await objectsToApply(deps, doc);
    if (!applied) return undefined;
    // In order, as kubectl apply: an object the cluster holds is a patch (roleRef immutable), others creates.
    const verdicts = canApplyObjects(s.liveIndex, me, applied.objects, { namespace: s.namespace || "default" }).objects;
    const results = verdicts.map((v) => ({ object: v.object, result: asApplyResult(v) }));
    deps.results.show(canApplyReport(applied.label, me, results, s.label));
    return results.map((r) => ({ object: `${r.object.kind} ${r.object.metadata.name}`, allowed: r.result.allowed }));
  };

  return vscode.Disposable.from(
    vscode.commands.registerCommand("kubeRbac.toggleWhatIf", toggle),
    vscode.commands.registerCommand("kubeRbac.whatIfDiff", diff),
    vscode.commands.registerCommand("kubeRbac.canApplyFile", canApplyFile),
  );
}

/**
 * What applying the file applies: its objects; for a Helm template or a kustomization file, the objects of
 * its chart or kustomization as rendered (`helm template`, `kustomize build`: the language server renders).
 */
async function objectsToApply(deps: CommandDeps, doc: vscode.TextDocument): Promise<{ objects: RbacObject[]; label: string } | undefined> {
  const label = vscode.workspace.asRelativePath(doc.uri);
  const parsed = parseManifests(doc.getText(), doc.uri.toString());
  const kustomization = /^(kustomization\.ya?ml|Kustomization)$/.test(path.posix.basename(doc.uri.path));
  if (!parsed.templated && !kustomization) return { objects: [...parsed.objects], label };
  const rendered = await deps.lsp.renderedObjects(doc.uri.toString());
  if (!rendered || rendered.failures.length > 0 || rendered.projects.length === 0) {
    const why = rendered?.failures.map((f) => f.message).join("; ") || "it is not part of a chart or kustomization that can be rendered";
    void vscode.window.showWarningMessage(
      `kube-rbac: ${label} is a template: applying it means applying its chart or kustomization, which was not rendered: ${why}`,
    );
    return undefined;
  }
  const projects = rendered.projects.map((p) => vscode.workspace.asRelativePath(vscode.Uri.parse(p))).join(", ");
  return { objects: rendered.objects.map((o) => o.object), label: `${label} (as rendered: ${projects})` };
}

const PATHS: readonly string[] = ["superuser", "escalate", "bind", "covered", "unchanged"];

/** A verdict in the shape the report reads, its first reason saying whether the write is a create or a patch. */
function asApplyResult(v: ObjectVerdict): ApplyResult {
  const write = v.operation === "patch" ? "The cluster holds it: applying it is a patch." : "New: applying it is a create.";
  return {
    allowed: v.allowed,
    writeAllowed: v.reason !== "no-write-permission",
    escalation: PATHS.includes(v.reason) ? (v.reason as EscalationPath) : undefined,
    reasons: [write, ...v.details],
    missing: v.missing,
    notFound: v.reason === "role-not-found",
  };
}
