// Go to definition: from a binding's roleRef to the role, in a workspace file or (read-only) in the cluster.
import { Disposable, Location, ServerCapabilities } from "vscode-languageserver";
import { definition } from "../../core/service/navigation";
import { ServerContext } from "../context";
import { toLocation } from "../locations";
import { runSafe } from "../run-safe";

export const definitionCapability: ServerCapabilities = { definitionProvider: true };

export function registerDefinition(ctx: ServerContext): Disposable {
  return ctx.connection.onDefinition((params, token) =>
    runSafe<Location[] | null>(ctx.logger, "definition", null, token, () => {
      const doc = ctx.documents.get(params.textDocument.uri);
      const file = ctx.documents.current(params.textDocument.uri);
      if (!doc || !file) return null;
      const targets = definition(file, doc.offsetAt(params.position), ctx.documents.workspace);
      const locations = targets.map((t) => toLocation(ctx.documents, t)).filter((l): l is Location => l !== undefined);
      return locations.length ? locations : null;
    }),
  );
}
