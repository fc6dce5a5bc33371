// Quick fixes: every fix a finding carries (`data.fixes`, e.g. "Replace with 'pods'", "Suppress on
// this line") becomes a CodeAction with a WorkspaceEdit; every kube-rbac diagnostic also gets
// "Disable <code> in settings" (a command the client implements: it edits kubeRbac.severity).
import { CodeAction, CodeActionKind, CodeActionParams, Diagnostic, Disposable, Range, ServerCapabilities } from "vscode-languageserver";
import { ServerContext } from "./context";
import { DIAGNOSTIC_SOURCE, DiagnosticData } from "./diagnostics";
import { runSafe } from "./run-safe";

/** Client command that turns a check off in the user's settings; arguments: [code]. */
export const DISABLE_CHECK_COMMAND = "kubeRbac.disableCheck";

export const codeActionsCapability: ServerCapabilities = {
  codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
};

export function codeActionsFor(params: CodeActionParams): CodeAction[] {
  const uri = params.textDocument.uri;
  const actions: CodeAction[] = [];
  const disabled = new Set<string>();
  for (const d of params.context.diagnostics) {
    if (d.source !== DIAGNOSTIC_SOURCE) continue;
    const data = d.data as Partial<DiagnosticData> | undefined;
    const fixes = Array.isArray(data?.fixes) ? data.fixes : [];
    fixes.forEach((fix, i) => {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: i === 0 && !fix.title.startsWith("Suppress"),
        edit: { changes: { [uri]: fix.edits.map((e: { range: Range; newText: string }) => ({ range: e.range, newText: e.newText })) } },
      });
    });
    const code = typeof d.code === "string" ? d.code : undefined;
    if (code && code !== "yaml-syntax" && code !== "duplicate-key" && !disabled.has(code)) {
      disabled.add(code);
      actions.push(disableAction(code, d));
    }
  }
  return actions;
}

function disableAction(code: string, d: Diagnostic): CodeAction {
  return {
    title: `Disable ${code} in settings`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [d],
    command: { title: `Disable ${code} in settings`, command: DISABLE_CHECK_COMMAND, arguments: [code] },
  };
}

export function registerCodeActions(ctx: ServerContext): Disposable {
  return ctx.connection.onCodeAction((params, token) => runSafe(ctx.logger, "code actions", [], token, () => codeActionsFor(params)));
}
