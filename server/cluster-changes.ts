// kubeRbac/clusterChanges: the live cluster as changes since the last message (see protocol/index.ts).
// The server applies them to what it holds and re-checks, without converting the unchanged objects again.
import { Disposable } from "vscode-languageserver";
import { builtInCatalog, catalogFromDiscovery, mergeCatalogs } from "../core/catalog";
import { ClusterChangesNotification } from "../protocol/index";
import { ClusterObjects } from "./cluster-objects";
import { ServerContext } from "./context";
import { guard } from "./run-safe";

export function registerClusterChanges(ctx: ServerContext, store: ClusterObjects): Disposable {
  /** Whether the change whose pages are arriving began with a whole state (for the log). */
  let whole = false;
  return ctx.connection.onNotification(ClusterChangesNotification, (change) =>
    guard(ctx.logger, "cluster changes", () => {
      if (!change || typeof change !== "object") return;
      if (!store.apply(change)) {
        ctx.logger.warn(`kube-rbac: cluster change ${String(change.seq)} does not follow the state held; ignored`);
        return;
      }
      whole ||= change.full;
      if (change.more === true) return; // a page of a larger change: the last one re-checks
      const snapshot = store.snapshot();
      ctx.documents.workspace.setCluster(snapshot);
      if (change.discovery !== undefined)
        ctx.state.setCatalog(
          Array.isArray(change.discovery) && change.discovery.length > 0
            ? mergeCatalogs(catalogFromDiscovery(change.discovery, snapshot.context))
            : builtInCatalog(),
        );
      ctx.logger.info(
        `kube-rbac: cluster ${snapshot.context}: ${snapshot.objects.length} RBAC objects (${whole ? "whole state" : `${change.upserts.length} changed, ${change.deletes.length} removed`})`,
      );
      whole = false;
      ctx.revalidate();
    }),
  );
}
