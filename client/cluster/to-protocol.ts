// The snapshot as the language server's kubeRbac/clusterState payload: API JSON per kind, plus the
// ServiceAccounts, namespaces and (when discovery worked) the cluster's own API catalog.
import { snapshotToList } from "../../cluster";
import type { ClusterState, DiscoveredGroup } from "../../protocol/index";
import type { ReadyState } from "./model-state";

export function toClusterState(state: ReadyState): ClusterState {
  const items = snapshotToList(state.snapshot).items as { kind: string; metadata: { name: string; namespace?: string } }[];
  const of = (kind: string) => items.filter((i) => i.kind === kind);
  const serviceAccounts = of("ServiceAccount").map((i) => ({ namespace: i.metadata.namespace ?? "", name: i.metadata.name }));
  const namespaces = new Set<string>(of("Namespace").map((i) => i.metadata.name));
  for (const ns of state.liveIndex.namespaces()) namespaces.add(ns);
  const discovery: DiscoveredGroup[] | undefined = state.discovery?.groups.map((g) => ({
    group: g.group,
    resources: g.resources.map((r) => ({
      name: r.name,
      namespaced: r.namespaced,
      verbs: r.verbs ?? [],
      ...(r.kind ? { kind: r.kind } : {}),
    })),
  }));
  return {
    context: state.label,
    roles: of("Role"),
    clusterRoles: of("ClusterRole"),
    roleBindings: of("RoleBinding"),
    clusterRoleBindings: of("ClusterRoleBinding"),
    serviceAccounts,
    namespaces: [...namespaces].sort(),
    ...(discovery ? { discovery } : {}),
  };
}
