// Quick fixes: every fix a finding carries (its `data.fixes`, kept on the server, e.g. "Replace with 'pods'", "Suppress on
// this line") becomes a CodeAction with a WorkspaceEdit; every kube-rbac diagnostic also gets
// "Disable <code> in settings" (a command the client implements: it edits kubeRbac.severity).
import { CodeAction, CodeActionKind, CodeActionParams, Diagnostic, Disposable, ServerCapabilities } from "vscode-languageserver";
import { ServerContext } from "../context";
import type { Validator } from "./diagnostics";
import { DIAGNOSTIC_SOURCE, LspFix } from "./diagnostics";
import { runSafe } from "../run-safe";

/** Client command that turns a check off in the user's settings; arguments: [code]. */
export const DISABLE_CHECK_COMMAND = "kubeRbac.disableCheck";

export const codeActionsCapability: ServerCapabilities = {
  codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
};

export function codeActionsFor(params: CodeActionParams, fixesFor: (d: Diagnostic) => readonly LspFix[]): CodeAction[] {
  const uri = params.textDocument.uri;
  const actions: CodeAction[] = [];
  const disabled = new Set<string>();
  for (const d of params.context.diagnostics) {
    if (d.source !== DIAGNOSTIC_SOURCE) continue;
    const fixes = fixesFor(d);
    fixes.forEach((fix, i) => {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: i === 0 && !fix.title.startsWith("Suppress"),
        edit: { changes: { [uri]: fix.edits.map((e) => ({ range: e.range, newText: e.newText })) } },
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

export function registerCodeActions(ctx: ServerContext, validator: Validator): Disposable {
  return ctx.connection.onCodeAction((params, token) =>
    runSafe(ctx.logger, "code actions", [], token, () => codeActionsFor(params, (d) => validator.fixesFor(params.textDocument.uri, d))),
  );
}
