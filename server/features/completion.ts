// Completion: the language service's candidates mapped to LSP items (text edits over the word being
// typed, Markdown documentation, snippets for whole objects).
import {
  CompletionItem,
  CompletionItemKind,
  CompletionList,
  Disposable,
  InsertTextFormat,
  MarkupKind,
  ServerCapabilities,
} from "vscode-languageserver";
import { CandidateKind, completions } from "../../core/service/completion";
import { ServerContext } from "../context";
import { toRange } from "../ranges";
import { runSafe } from "../run-safe";

export const completionCapability: ServerCapabilities = {
  completionProvider: { triggerCharacters: [":", " ", "[", ",", '"', "/"], resolveProvider: false },
};

const KIND: Record<CandidateKind, CompletionItemKind> = {
  value: CompletionItemKind.Value,
  enum: CompletionItemKind.EnumMember,
  keyword: CompletionItemKind.Keyword,
  reference: CompletionItemKind.Reference,
  snippet: CompletionItemKind.Snippet,
  module: CompletionItemKind.Module,
  constant: CompletionItemKind.Constant,
  folder: CompletionItemKind.Folder,
  field: CompletionItemKind.Property,
};

export function registerCompletion(ctx: ServerContext): Disposable {
  return ctx.connection.onCompletion((params, token) =>
    runSafe<CompletionList | null>(ctx.logger, "completion", null, token, () => {
      const doc = ctx.documents.get(params.textDocument.uri);
      const file = ctx.documents.current(params.textDocument.uri);
      if (!doc || !file) return null;
      const candidates = completions({
        file,
        offset: doc.offsetAt(params.position),
        workspace: ctx.documents.workspace,
        catalog: ctx.state.catalog,
      });
      if (candidates.length === 0) return null;
      const items = candidates.map((c): CompletionItem => {
        const item: CompletionItem = {
          label: c.label,
          kind: KIND[c.kind],
          textEdit: { range: toRange(doc, c.range), newText: c.insertText },
        };
        if (c.detail) item.detail = c.detail;
        if (c.documentation) item.documentation = { kind: MarkupKind.Markdown, value: c.documentation };
        if (c.snippet) item.insertTextFormat = InsertTextFormat.Snippet;
        if (c.sortText) item.sortText = c.sortText;
        if (c.filterText) item.filterText = c.filterText;
        return item;
      });
      return { isIncomplete: false, items };
    }),
  );
}
