// A live cluster as the RBAC a query runs against: resolve the kubeconfig like kubectl, list what the
// question needs once (no watches are kept), and say plainly what could not be seen. Read-only.

import { connect, ClusterConnection } from "../cluster";
import { listAll } from "../cluster/list-watch";
import { gapMessage, LiveRbacSnapshot, RbacSnapshot, SNAPSHOT_TYPES, SnapshotGap } from "../cluster/snapshot";
import { objectsFromPlain } from "../core/load";
import { RBAC_GROUP, RbacObject } from "../core/model";
import { ClusterError } from "../cluster/errors";
import { InputError } from "./io";

export interface LiveClusterOptions {
  readonly kubeconfig?: string;
  readonly context?: string;
  /**
   * What the question needs from a live cluster: the RBAC objects that can apply in `namespace` ("" =
   * cluster scope). Without it, everything visible is read (ServiceAccounts and Namespaces too).
   */
  readonly scope?: { readonly namespace: string };
}

export interface LiveCluster {
  readonly connection: ClusterConnection;
  readonly snapshot: RbacSnapshot;
  /** Notes the user must read with any answer (AKS: Azure RBAC is invisible here). */
  readonly notes: readonly string[];
  /** Lines for stderr: the kubeconfig's warnings and what could not be listed, then the notes. */
  readonly warnings: readonly string[];
}

export async function readLiveCluster(options: LiveClusterOptions): Promise<LiveCluster> {
  const connected = connect({ explicitPath: options.kubeconfig, context: options.context });
  if (!connected.ok) throw new InputError(connected.message);
  const conn = connected.connection;
  let snapshot: RbacSnapshot | undefined;
  try {
    // A question about one namespace (or about cluster scope) needs only the bindings that can apply
    // there: list those once, in parallel, and say what was refused.
    if (options.scope) snapshot = await scopedList(conn, options.scope.namespace);
    if (!snapshot) {
      const live = await LiveRbacSnapshot.start(conn, { requestTimeoutMs: 30000 });
      snapshot = live.current();
      live.dispose();
    }
  } catch (e) {
    conn.dispose();
    throw new InputError(e instanceof ClusterError ? e.message : "the cluster could not be read");
  }
  const warnings = [...connected.warnings];
  for (const gap of snapshot.gaps) warnings.push(`incomplete: ${gap.message}`);
  const notes: string[] = [];
  if (connected.aks.isAks && connected.aks.note) notes.push(connected.aks.note);
  return { connection: conn, snapshot, notes, warnings: [...warnings, ...notes] };
}

/**
 * ClusterRoles and ClusterRoleBindings, plus Roles and RoleBindings of `namespace` only ("" = none: at
 * cluster scope RoleBindings never apply). What the server refuses (403) becomes a gap, as in the full
 * snapshot; anything else (credentials refused, server unreachable) is thrown.
 */
export async function scopedList(conn: ClusterConnection, namespace: string): Promise<RbacSnapshot> {
  const kinds = SNAPSHOT_TYPES.filter((t) => t.group === RBAC_GROUP && (!t.namespaced || namespace !== ""));
  const gaps: SnapshotGap[] = [];
  // Each list is converted as it arrives, and the objects are kept in the order of the kinds, not of
  // arrival: answers list their grants in that order (ClusterRoleBindings first, as the authorizer visits).
  const perKind = await Promise.all(
    kinds.map(async (t): Promise<readonly RbacObject[]> => {
      const ns = t.namespaced ? namespace : "";
      try {
        // Large pages: a one-shot question pays a round trip per page (the lists of a big cluster's
        // ClusterRoles and ClusterRoleBindings took two pages of the default 500 each).
        const l = await listAll(conn, t, ns, { timeoutMs: 30000, pageSize: 5000 });
        return objectsFromPlain({ kind: "List", items: l.items }).objects;
      } catch (e) {
        if (!(e instanceof ClusterError) || (e.kind !== "forbidden" && e.kind !== "not-found")) throw e;
        gaps.push({ resource: t.resource, namespace: ns, reason: e.kind, message: gapMessage(t.resource, ns, e.kind) });
        return [];
      }
    }),
  );
  gaps.sort((a, b) => (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
  return {
    source: { kind: "cluster", context: conn.contextName, server: conn.context.cluster.server },
    objects: perKind.flat(),
    others: [],
    complete: gaps.length === 0,
    gaps,
  };
}
