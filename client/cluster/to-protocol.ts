// The snapshot as the language server's kubeRbac/clusterState payload: API JSON per kind, plus the
// ServiceAccounts, namespaces and (when discovery worked) the cluster's own API catalog; and the same
// parts for the kubeRbac/clusterChanges messages (protocol/cluster-changes.ts), objects as the model has them.
import { snapshotToList } from "../../cluster";
import type { ClusterStateParts } from "../../protocol/cluster-changes";
import type { ClusterServiceAccount, ClusterState, DiscoveredGroup } from "../../protocol/index";
import type { ReadyState } from "./state";

export function clusterStateParts(state: ReadyState): ClusterStateParts {
  return {
    origin: `${state.source}\u0000${state.label}`,
    context: state.label,
    objects: state.snapshot.objects,
    serviceAccounts: serviceAccountsOf(state),
    namespaces: namespacesOf(state),
    discovery: () => discoveryOf(state),
    discoveryIdentity: state.discovery,
  };
}

function serviceAccountsOf(state: ReadyState): ClusterServiceAccount[] {
  return state.snapshot.others
    .filter((o) => o.kind === "ServiceAccount")
    .map((o) => ({ namespace: o.metadata.namespace ?? "", name: o.metadata.name }));
}

function namespacesOf(state: ReadyState): string[] {
  const namespaces = new Set<string>(state.snapshot.others.filter((o) => o.kind === "Namespace").map((o) => o.metadata.name));
  for (const ns of state.liveIndex.namespaces()) namespaces.add(ns);
  return [...namespaces].sort();
}

function discoveryOf(state: ReadyState): DiscoveredGroup[] | undefined {
  return state.discovery?.groups.map((g) => ({
    group: g.group,
    resources: g.resources.map((r) => ({
      name: r.name,
      namespaced: r.namespaced,
      verbs: r.verbs ?? [],
      ...(r.kind ? { kind: r.kind } : {}),
    })),
  }));
}

export function toClusterState(state: ReadyState): ClusterState {
  const items = snapshotToList(state.snapshot).items as { kind: string; metadata: { name: string; namespace?: string } }[];
  const of = (kind: string) => items.filter((i) => i.kind === kind);
  const discovery = discoveryOf(state);
  return {
    context: state.label,
    roles: of("Role"),
    clusterRoles: of("ClusterRole"),
    roleBindings: of("RoleBinding"),
    clusterRoleBindings: of("ClusterRoleBinding"),
    serviceAccounts: serviceAccountsOf(state),
    namespaces: namespacesOf(state),
    ...(discovery ? { discovery } : {}),
  };
}
