// The live cluster as the client reports it (kubeRbac/clusterState): converted to the model once, and
// served back as read-only YAML documents (kubeRbac/readClusterObject) for go-to-definition.
import { stringify } from "yaml";
import { catalogFromDiscovery, mergeCatalogs, builtInCatalog } from "../core/catalog";
import { rbacFromPlain } from "../core/defaulting";
import { RBAC_API_VERSION, RbacObject } from "../core/model";
import { ClusterSnapshot } from "../core/service/workspace";
import { ClusterState, ClusterStateNotification, parseClusterObjectUri, ReadClusterObjectRequest } from "../protocol/index";
import { Disposable } from "vscode-languageserver";
import { ServerContext } from "./context";
import { guard, runSafe } from "./run-safe";
import { ClusterObjects, rawKey } from "./cluster-objects";
import { registerClusterChanges } from "./cluster-changes";

export { rawKey };

const KINDS = [
  ["roles", "Role"],
  ["clusterRoles", "ClusterRole"],
  ["roleBindings", "RoleBinding"],
  ["clusterRoleBindings", "ClusterRoleBinding"],
] as const;

export interface ConvertedState {
  readonly snapshot: ClusterSnapshot;
  /** Raw API objects by "kind/namespace/name", for read-only documents. */
  readonly raw: Map<string, Record<string, unknown>>;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Never throws: malformed entries are skipped. */
export function convertClusterState(state: ClusterState): ConvertedState {
  const objects: RbacObject[] = [];
  const raw = new Map<string, Record<string, unknown>>();
  for (const [field, kind] of KINDS) {
    const list = Array.isArray(state[field]) ? state[field] : [];
    for (const item of list) {
      if (!isObject(item)) continue;
      const full = { apiVersion: RBAC_API_VERSION, kind, ...item };
      full.kind = kind;
      const o = rbacFromPlain(full);
      objects.push(o);
      raw.set(rawKey(kind, kind === "Role" || kind === "RoleBinding" ? o.metadata.namespace : "", o.metadata.name), full);
    }
  }
  const serviceAccounts = (Array.isArray(state.serviceAccounts) ? state.serviceAccounts : []).filter(
    (s) => isObject(s) && typeof s.name === "string" && typeof s.namespace === "string",
  );
  const namespaces = (Array.isArray(state.namespaces) ? state.namespaces : []).filter((n): n is string => typeof n === "string");
  return {
    snapshot: { context: typeof state.context === "string" ? state.context : "cluster", objects, serviceAccounts, namespaces },
    raw,
  };
}

export function registerReportedCluster(ctx: ServerContext): Disposable {
  const store = new ClusterObjects();
  const subs = [
    registerClusterChanges(ctx, store),
    ctx.connection.onNotification(ClusterStateNotification, (params) =>
      guard(ctx.logger, "cluster state", () => {
        const state = params?.state;
        if (!state) {
          store.clear();
          ctx.documents.workspace.setCluster(undefined);
          ctx.state.setCatalog(builtInCatalog());
        } else {
          const converted = convertClusterState(state);
          store.replace(converted.snapshot, converted.raw);
          ctx.documents.workspace.setCluster(converted.snapshot);
          ctx.state.setCatalog(
            Array.isArray(state.discovery) && state.discovery.length > 0
              ? mergeCatalogs(catalogFromDiscovery(state.discovery, state.context))
              : builtInCatalog(),
          );
          ctx.logger.info(`kube-rbac: cluster ${converted.snapshot.context}: ${converted.snapshot.objects.length} RBAC objects`);
        }
        ctx.revalidate();
      }),
    ),
    ctx.connection.onRequest(ReadClusterObjectRequest, (params, token) =>
      runSafe(ctx.logger, "read cluster object", { text: null }, token, () => {
        const ref = parseClusterObjectUri(params.uri);
        const obj = ref && store.plain(ref);
        return {
          text: obj
            ? `# Read-only: ${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ""}${ref.name} from the cluster\n${stringify(obj)}`
            : null,
        };
      }),
    ),
  ];
  return Disposable.create(() => subs.forEach((s) => s.dispose()));
}
