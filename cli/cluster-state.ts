// A live cluster as the CLI's state: resolve the kubeconfig like kubectl, list everything visible
// once (no watches are kept), and say plainly what could not be seen. Read-only.

import { connect, ClusterConnection } from "../cluster";
import { LiveRbacSnapshot, RbacSnapshot } from "../cluster/snapshot";
import { ClusterError } from "../cluster/errors";
import { RbacIndex } from "../core/rbac-index";
import { InputError } from "./sources";
import type { QueryState, StateOptions } from "./state";

export interface ClusterState {
  readonly connection: ClusterConnection;
  readonly snapshot: RbacSnapshot;
  /** Notes the user must read with any answer (AKS: Azure RBAC is invisible here). */
  readonly notes: readonly string[];
}

export async function loadClusterState(options: StateOptions): Promise<QueryState> {
  const connected = connect({ explicitPath: options.kubeconfig, context: options.context });
  if (!connected.ok) throw new InputError(connected.message);
  const conn = connected.connection;
  let live: LiveRbacSnapshot;
  try {
    live = await LiveRbacSnapshot.start(conn, { requestTimeoutMs: 30000 });
  } catch (e) {
    conn.dispose();
    throw new InputError(e instanceof ClusterError ? e.message : "the cluster could not be read");
  }
  const snapshot = live.current();
  live.dispose();
  const warnings = [...connected.warnings];
  for (const gap of snapshot.gaps) warnings.push(`incomplete: ${gap.message}`);
  const notes: string[] = [];
  if (connected.aks.isAks && connected.aks.note) notes.push(connected.aks.note);
  return {
    index: new RbacIndex(snapshot.objects),
    objects: snapshot.objects,
    others: snapshot.others,
    warnings: [...warnings, ...notes],
    description: `context ${conn.contextName}`,
    cluster: { connection: conn, snapshot, notes },
  };
}
