// Tree commands: filter, find a subject, open where a permission comes from, details, export.
import * as vscode from "vscode";
import { Provenance } from "../../core/effective";
import { permissionsReport } from "../reports";
import { reportMarkdown } from "../results/report";
import { PermNode } from "../tree/node";
import { ProvenanceNode } from "../tree/provenance-node";
import { SubjectNode } from "../tree/subject-node";
import { describeSubject, SubjectRef } from "../tree/subjects";
import { identityOf, permissionsOf } from "../tree/permissions";
import { answerSourceLabel } from "./answer-source";
import { CommandDeps, readyOrSay } from "./deps";
import { openProvenance } from "./open-source";
import { pickSubject } from "./subject-picker";

export function registerTreeCommands(deps: CommandDeps): vscode.Disposable {
  const setFilter = (text: string) => {
    deps.tree.setFilter(text);
    deps.view.message = text ? `Filtered: "${text}"` : undefined;
    void vscode.commands.executeCommand("setContext", "kubeRbac.filtered", text !== "");
  };

  const filter = async (text?: string) => {
    const t =
      text ??
      (await vscode.window.showInputBox({
        title: "Filter subjects",
        prompt: "Part of a user, group or service account name (namespace/name works too)",
        value: deps.tree.filter,
      }));
    if (t !== undefined) setFilter(t);
  };

  const findSubject = async (ref?: SubjectRef) => {
    const s = readyOrSay(deps);
    if (!s) return undefined;
    const target = ref ?? (await pickSubject(s, "Find a subject"));
    if (!target) return undefined;
    setFilter(target.namespace ? `${target.namespace}/${target.name}` : target.name);
    await new Promise<void>((resolve) => {
      const d = deps.tree.onDidRefresh(() => {
        d.dispose();
        resolve();
      });
    });
    const node = findNode(deps.tree.rootNodes(), target);
    if (node) await deps.view.reveal(node, { select: true, focus: true, expand: true });
    return node?.id;
  };

  const openSource = async (node?: ProvenanceNode | Provenance, which: "rule" | "binding" = "rule") => {
    const p = node instanceof ProvenanceNode ? node.provenance : node;
    return p ? openProvenance(p, which) : undefined;
  };

  /** A subject's permissions in the result view (a node from the tree, a subject, or picked). */
  const showPermissions = async (node?: SubjectNode | SubjectRef, format?: "markdown" | "json") => {
    const s = readyOrSay(deps);
    if (!s) return undefined;
    const ref = node instanceof SubjectNode ? node.subject : (node ?? (await pickSubject(s, "Show the permissions of")));
    if (!ref) return undefined;
    const id = identityOf(ref);
    const perms = permissionsOf(s.index, id).compact;
    const report = permissionsReport(describeSubject(ref), ref, id, perms, answerSourceLabel(s));
    deps.results.show(report);
    return format === "json" ? report.json : reportMarkdown(report);
  };

  return vscode.Disposable.from(
    vscode.commands.registerCommand("kubeRbac.filter", filter),
    vscode.commands.registerCommand("kubeRbac.clearFilter", () => setFilter("")),
    vscode.commands.registerCommand("kubeRbac.findSubject", findSubject),
    vscode.commands.registerCommand("kubeRbac.openSource", (n?: ProvenanceNode) => openSource(n, "rule")),
    vscode.commands.registerCommand("kubeRbac.openBinding", (n?: ProvenanceNode) => openSource(n, "binding")),
    vscode.commands.registerCommand("kubeRbac.showDetails", (n?: SubjectNode | SubjectRef) => showPermissions(n)),
    // Shown, then written to a file the user chooses (with a format: the text, for tests and scripts).
    vscode.commands.registerCommand("kubeRbac.exportPermissions", async (n?: SubjectNode | SubjectRef, format?: "markdown" | "json") => {
      const text = await showPermissions(n, format);
      if (text !== undefined && format === undefined) await deps.results.export();
      return text;
    }),
  );
}

function findNode(roots: readonly PermNode[], target: SubjectRef): PermNode | undefined {
  const want = `subject:${target.kind}:${target.namespace}:${target.name}`;
  const cat = roots.find((r) => r.id === `cat:${target.kind}`);
  if (!cat) return undefined;
  for (const c of cat.children()) {
    if (c.id === want) return c;
    if (c.id === `ns:${target.namespace}`) return c.children().find((x) => x.id === want);
  }
  return undefined;
}
