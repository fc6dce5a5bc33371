// Find references: from a role (or a roleRef) to every binding that references it, across the workspace.
import { Disposable, Location, ServerCapabilities } from "vscode-languageserver";
import { references } from "../../core/service/navigation";
import { ServerContext } from "../context";
import { toLocation } from "../locations";
import { runSafe } from "../run-safe";

export const referencesCapability: ServerCapabilities = { referencesProvider: true };

export function registerReferences(ctx: ServerContext): Disposable {
  return ctx.connection.onReferences((params, token) =>
    runSafe<Location[] | null>(ctx.logger, "references", null, token, () => {
      const doc = ctx.documents.get(params.textDocument.uri);
      const file = ctx.documents.current(params.textDocument.uri);
      if (!doc || !file) return null;
      const targets = references(file, doc.offsetAt(params.position), ctx.documents.workspace, params.context.includeDeclaration);
      return targets.map((t) => toLocation(ctx.documents, t, true)).filter((l): l is Location => l !== undefined);
    }),
  );
}
