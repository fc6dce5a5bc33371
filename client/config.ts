// The `kubeRbac.*` settings the client reads, parsed once at the boundary into a typed object. The
// keys listed in CLIENT_SETTINGS are checked against package.json's `contributes.configuration` by
// the in-editor test suite, so a setting cannot be read here without being declared there.
// No `vscode` import: the caller hands in a getter, which keeps this module testable anywhere.

export interface ClientConfig {
  /** Explicit kubeconfig path ("" = KUBECONFIG / ~/.kube/config, like kubectl). Machine-scoped. */
  readonly kubeconfig: string;
  /** Context to use instead of the kubeconfig's current-context ("" = current-context). */
  readonly context: string;
  /** Offline snapshot file read instead of a cluster ("" = none). */
  readonly snapshotFile: string;
  /** Cluster access on/off altogether (static checks keep working). */
  readonly clusterEnable: boolean;
  /** Show the bundled example snapshot when no kubeconfig is found. */
  readonly exampleSnapshot: boolean;
  /** Delay before the tree and the server see a burst of cluster changes (ms). */
  readonly refreshDebounceMs: number;
  /** At most this many subjects are listed under one node; filter to see the others. */
  readonly treePageSize: number;
}

/** Every setting the client reads, relative to the `kubeRbac` section, with its default. */
export const CLIENT_SETTINGS = {
  kubeconfig: "",
  context: "",
  snapshotFile: "",
  "cluster.enable": true,
  "cluster.exampleSnapshot": true,
  "cluster.refreshDebounceMs": 300,
  "tree.pageSize": 500,
  "tree.groupNames": {},
  /** Read by the tree (client/audit-log.ts) and by the language server (its unused-grant hints). */
  auditLog: [],
} as const;

/** Settings only the language server reads (forwarded as the whole section). */
export const SERVER_SETTINGS = {
  severity: {},
  disabledChecks: [],
  "diagnostics.enable": true,
  "diagnostics.debounceMs": 200,
  maxFileSize: 5 * 1024 * 1024,
  logLevel: "info",
  "helm.path": "",
  "kustomize.path": "",
  "render.enabled": true,
  "render.timeoutMs": 30000,
  "render.debounceMs": 500,
} as const;

/** Settings ignored in untrusted workspaces (package.json `capabilities.untrustedWorkspaces`). */
export const RESTRICTED_SETTINGS = [
  "kubeRbac.kubeconfig",
  "kubeRbac.snapshotFile",
  "kubeRbac.cluster.enable",
  "kubeRbac.helm.path",
  "kubeRbac.kustomize.path",
] as const;

type Getter = (key: keyof typeof CLIENT_SETTINGS) => unknown;

const str = (v: unknown, d: string): string => (typeof v === "string" ? v.trim() : d);
const bool = (v: unknown, d: boolean): boolean => (typeof v === "boolean" ? v : d);
const num = (v: unknown, d: number, min: number): number => (typeof v === "number" && Number.isFinite(v) && v >= min ? v : d);

export const ClientConfig = {
  from(get: Getter): ClientConfig {
    const d = CLIENT_SETTINGS;
    return {
      kubeconfig: str(get("kubeconfig"), d.kubeconfig),
      context: str(get("context"), d.context),
      snapshotFile: str(get("snapshotFile"), d.snapshotFile),
      clusterEnable: bool(get("cluster.enable"), d["cluster.enable"]),
      exampleSnapshot: bool(get("cluster.exampleSnapshot"), d["cluster.exampleSnapshot"]),
      refreshDebounceMs: num(get("cluster.refreshDebounceMs"), d["cluster.refreshDebounceMs"], 0),
      treePageSize: Math.floor(num(get("tree.pageSize"), d["tree.pageSize"], 10)),
    };
  },
};
