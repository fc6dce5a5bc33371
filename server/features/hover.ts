// Hover: plain-English explanations of rules, roles, bindings and subjects (Markdown).
import { Disposable, Hover, MarkupKind, ServerCapabilities } from "vscode-languageserver";
import { hover } from "../../core/service/hover";
import { ServerContext } from "../context";
import { toRange } from "../ranges";
import { runSafe } from "../run-safe";
import { showUnknowns } from "../../core/template/mask";

export const hoverCapability: ServerCapabilities = { hoverProvider: true };

export function registerHover(ctx: ServerContext): Disposable {
  return ctx.connection.onHover((params, token) =>
    runSafe<Hover | null>(ctx.logger, "hover", null, token, () => {
      const doc = ctx.documents.get(params.textDocument.uri);
      const file = ctx.documents.current(params.textDocument.uri);
      if (!doc || !file) return null;
      const h = hover({ file, offset: doc.offsetAt(params.position), workspace: ctx.documents.workspace, catalog: ctx.state.catalog });
      if (!h) return null;
      // In a Helm template, a templated value is unknown (core/template/mask.ts): shown as such.
      const result: Hover = { contents: { kind: MarkupKind.Markdown, value: showUnknowns(h.markdown) } };
      if (h.span) result.range = toRange(doc, h.span);
      return result;
    }),
  );
}
