// Tree commands: filter, find a subject, open where a permission comes from (open-source.ts), details, export.
import * as vscode from "vscode";
import { permissionsJson, permissionsMarkdown } from "../reports";
import { PermNode } from "../tree/node";
import { ProvenanceNode } from "../tree/provenance-node";
import { SubjectNode } from "../tree/subject-node";
import { describeSubject, SubjectRef, subjectLists } from "../tree/subjects";
import { identityOf, permissionsOf } from "../tree/permissions";
import { CommandDeps, readyOrSay, showText } from "./deps";
import { openSource } from "./open-source";

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
    let target = ref;
    if (!target) {
      const lists = subjectLists(s.index, s.snapshot.others);
      const all = [...lists.users, ...lists.groups, ...[...lists.serviceAccounts.values()].flat()];
      const pick = await vscode.window.showQuickPick(
        all.map((x) => ({ label: x.namespace ? `${x.namespace}/${x.name}` : x.name, description: x.kind, x })),
        { title: "Find a subject", matchOnDescription: true },
      );
      target = pick?.x;
    }
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

  return vscode.Disposable.from(
    vscode.commands.registerCommand("kubeRbac.filter", filter),
    vscode.commands.registerCommand("kubeRbac.clearFilter", () => setFilter("")),
    vscode.commands.registerCommand("kubeRbac.findSubject", findSubject),
    vscode.commands.registerCommand("kubeRbac.openSource", (n?: ProvenanceNode) => openSource(n, "role")),
    vscode.commands.registerCommand("kubeRbac.openBinding", (n?: ProvenanceNode) => openSource(n, "binding")),
    vscode.commands.registerCommand("kubeRbac.showDetails", (n?: SubjectNode) => exportPermissions(deps, n, "markdown")),
    vscode.commands.registerCommand("kubeRbac.exportPermissions", (n?: SubjectNode | SubjectRef, f?: "markdown" | "json") =>
      exportPermissions(deps, n, f),
    ),
  );
}

/** Opens a subject's permissions as Markdown or JSON; returns the text. */
async function exportPermissions(
  deps: CommandDeps,
  node?: SubjectNode | SubjectRef,
  format?: "markdown" | "json",
): Promise<string | undefined> {
  const s = readyOrSay(deps);
  if (!s) return undefined;
  const ref = node instanceof SubjectNode ? node.subject : node;
  if (!ref) return undefined;
  const f =
    format ??
    ((await vscode.window.showQuickPick(["markdown", "json"], { title: `Export ${describeSubject(ref)} as` })) as
      "markdown" | "json" | undefined);
  if (!f) return undefined;
  const id = identityOf(ref);
  const perms = permissionsOf(s.index, id).compact;
  const doc = await showText(
    f === "json"
      ? permissionsJson(ref, id, perms)
      : permissionsMarkdown(describeSubject(ref), id, perms, `${s.label}${s.whatIf ? " + workspace (what-if)" : ""}`),
    f,
  );
  return doc.getText();
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
