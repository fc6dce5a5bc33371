// Cluster access, shared by the extension and the command line (plain Node, no vscode).
// Owns: kubeconfig resolution like kubectl (explicit path, KUBECONFIG merge, ~/.kube/config), contexts
// and watching the kubeconfig files; authentication (certificates, tokens, exec plugins such as
// kubelogin, legacy auth-providers through client-node); who-am-I and the access/rules reviews; the
// RBAC snapshot (paginated lists kept current by watches, with gaps where the user may not look);
// discovery turned into the core's ApiCatalog; offline snapshot files. Strictly read-only: GETs and
// review objects only. Every error is a sanitised ClusterError: no credential ever reaches a message.

import { ConnectionOptions, ClusterConnection } from "./connection";
import { AksInfo, detectAks } from "./aks";
import { ClusterError } from "./errors";
import { Kubeconfig, loadKubeconfig, resolveContext, ResolveOptions } from "./kubeconfig";

export * from "./aks";
export * from "./connection";
export * from "./discovery";
export * from "./errors";
export * from "./events";
export * from "./exec-credential";
export * from "./kubeconfig";
export * from "./kubeconfig-watch";
export * from "./list-watch";
export * from "./offline";
export * from "./reviews";
export * from "./snapshot";
export * from "./snapshot-health";
export * from "./start-retry";

export interface ConnectOptions extends ResolveOptions, ConnectionOptions {
  /** A context name; default: the kubeconfig's current context. */
  readonly context?: string;
}

export type ConnectResult =
  | {
      readonly ok: true;
      readonly connection: ClusterConnection;
      readonly kubeconfig: Kubeconfig;
      readonly aks: AksInfo;
      readonly warnings: readonly string[];
    }
  | { readonly ok: false; readonly reason: "no-kubeconfig" | "config"; readonly message: string };

/** Resolve the kubeconfig and the context and open a connection (no request is made yet). Never throws. */
export function connect(options: ConnectOptions = {}): ConnectResult {
  const loaded = loadKubeconfig(options);
  if (!loaded.ok) return { ok: false, reason: loaded.reason === "missing" ? "no-kubeconfig" : "config", message: loaded.message };
  return connectWith(loaded.config, options, loaded.warnings);
}

export function connectWith(
  config: Kubeconfig,
  options: ConnectionOptions & { context?: string } = {},
  warnings: readonly string[] = [],
): ConnectResult {
  const ctx = resolveContext(config, options.context ?? config.currentContext);
  if (!ctx.ok) return { ok: false, reason: "config", message: ctx.message };
  try {
    return { ok: true, connection: new ClusterConnection(ctx.value, options), kubeconfig: config, aks: detectAks(ctx.value), warnings };
  } catch (e) {
    return { ok: false, reason: "config", message: e instanceof ClusterError ? e.message : "The kubeconfig context cannot be used." };
  }
}
