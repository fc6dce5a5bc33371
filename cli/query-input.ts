// The RBAC a query runs against: manifests and dumps from `-f`, or (with --kubeconfig / --context) a
// snapshot of a live cluster (live-cluster.ts). Both become one RbacIndex.

import { RbacIndex } from "../core/rbac-index";
import { NamedObject, RbacObject } from "../core/model";
import { UsageError } from "./args";
import { LiveCluster, LiveClusterOptions, readLiveCluster } from "./live-cluster";
import type { ChartOptions } from "../render/helm";

export interface QueryInputOptions extends LiveClusterOptions {
  readonly files: readonly string[];
  /** Values for the charts among `files` (rendered with helm). */
  readonly chart?: ChartOptions;
  /** Use the default kubeconfig (KUBECONFIG, ~/.kube/config) when neither -f nor --kubeconfig/--context is given. */
  readonly defaultKubeconfig?: boolean;
}

export interface QueryInput {
  readonly index: RbacIndex;
  readonly objects: readonly RbacObject[];
  readonly others: readonly NamedObject[];
  /** Lines for stderr: unreadable documents, invisible parts of a cluster, … */
  readonly warnings: readonly string[];
  /** What the input is, for messages: "3 files" or "context aks-prod". */
  readonly description: string;
  /** Set when the input is a live cluster: the authoritative answer can be asked for. */
  readonly cluster?: LiveCluster;
}

export async function loadQueryInput(options: QueryInputOptions): Promise<QueryInput> {
  if (options.files.length > 0 && (options.kubeconfig !== undefined || options.context !== undefined)) {
    throw new UsageError("use either -f/--filename or --kubeconfig/--context as the source of RBAC state, not both");
  }
  if (options.files.length === 0) {
    if (options.kubeconfig === undefined && options.context === undefined && !options.defaultKubeconfig) {
      throw new UsageError(
        "no RBAC state given: use -f/--filename PATH (manifests or a kubectl dump), or --kubeconfig/--context for a live cluster",
      );
    }
    const cluster = await readLiveCluster(options);
    return {
      index: new RbacIndex(cluster.snapshot.objects),
      objects: cluster.snapshot.objects,
      others: cluster.snapshot.others,
      warnings: cluster.warnings,
      description: `context ${cluster.connection.contextName}`,
      cluster,
    };
  }
  // Manifests need the YAML parsers; a question to a cluster does not load them.
  const { loadState } = await import("./sources.js");
  const loaded = loadState(options.files, options.chart);
  return {
    index: new RbacIndex(loaded.objects),
    objects: loaded.objects,
    others: loaded.others,
    warnings: loaded.warnings,
    description: `${loaded.files.length} file${loaded.files.length === 1 ? "" : "s"}`,
  };
}
