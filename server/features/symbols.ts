// Document symbols (outline: objects, rules, subjects, roleRef) and workspace symbols (roles and bindings).
import { DocumentSymbol, Disposable, ServerCapabilities, SymbolInformation, SymbolKind } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { documentSymbols, DocumentSymbolData, SymbolKind as CoreSymbolKind, workspaceSymbols } from "../../core/service/symbols";
import { ServerContext } from "../context";
import { toRange } from "../ranges";
import { runSafe } from "../run-safe";
import { showUnknowns } from "../../core/template/mask";

export const symbolsCapability: ServerCapabilities = { documentSymbolProvider: true, workspaceSymbolProvider: true };

const KIND: Record<CoreSymbolKind, SymbolKind> = {
  class: SymbolKind.Class,
  object: SymbolKind.Object,
  array: SymbolKind.Array,
  field: SymbolKind.Field,
  key: SymbolKind.Key,
};

function toSymbol(doc: TextDocument, s: DocumentSymbolData): DocumentSymbol {
  const sym: DocumentSymbol = {
    // In a Helm template, a templated value is unknown (core/template/mask.ts): shown as such.
    name: showUnknowns(s.name) || "(unnamed)",
    kind: KIND[s.kind],
    range: toRange(doc, s.span),
    selectionRange: toRange(doc, s.selection),
    children: s.children.map((c) => toSymbol(doc, c)),
  };
  if (s.detail) sym.detail = showUnknowns(s.detail);
  return sym;
}

export function registerSymbols(ctx: ServerContext): Disposable {
  const a = ctx.connection.onDocumentSymbol((params, token) =>
    runSafe<DocumentSymbol[]>(ctx.logger, "document symbols", [], token, () => {
      const doc = ctx.documents.get(params.textDocument.uri);
      const file = ctx.documents.current(params.textDocument.uri);
      if (!doc || !file) return [];
      return documentSymbols(file).map((s) => toSymbol(doc, s));
    }),
  );
  const b = ctx.connection.onWorkspaceSymbol((params, token) =>
    runSafe<SymbolInformation[]>(ctx.logger, "workspace symbols", [], token, () =>
      workspaceSymbols(ctx.documents.workspace, params.query).flatMap((s) => {
        const doc = ctx.documents.get(s.file);
        if (!doc) return [];
        const info: SymbolInformation = { name: s.name, kind: KIND[s.kind], location: { uri: s.file, range: toRange(doc, s.span) } };
        if (s.container) info.containerName = s.container;
        return [info];
      }),
    ),
  );
  return Disposable.create(() => {
    a.dispose();
    b.dispose();
  });
}
