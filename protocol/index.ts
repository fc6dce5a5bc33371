// Custom LSP messages between the kube-rbac client and language server, defined once and imported by
// both sides. The server never talks to a cluster itself: everything it knows about the live cluster
// arrives through these messages. Method names share the `kubeRbac/` prefix.

import { NotificationType, RequestType } from "vscode-languageserver-protocol";
import type { RbacObject } from "../core/model";

/** A namespaced name of a ServiceAccount seen in the cluster. */
export interface ClusterServiceAccount {
  readonly namespace: string;
  readonly name: string;
}

/** One resource (or `resource/subresource`) of an API group, as discovery reports it. */
export interface DiscoveredResource {
  /** Plural name, or `parent/sub` for a subresource. */
  readonly name: string;
  readonly namespaced: boolean;
  readonly verbs: readonly string[];
  readonly kind?: string;
}

export interface DiscoveredGroup {
  /** "" for the core group. */
  readonly group: string;
  readonly resources: readonly DiscoveredResource[];
}

/**
 * A summary of the RBAC state of the current kubeconfig context. Objects are the API's JSON as
 * listed (list items have no `kind`/`apiVersion`: the arrays say what they are).
 */
export interface ClusterState {
  /** kubeconfig context name, for messages ("from cluster aks-prod"). */
  readonly context: string;
  readonly roles: readonly unknown[];
  readonly clusterRoles: readonly unknown[];
  readonly roleBindings: readonly unknown[];
  readonly clusterRoleBindings: readonly unknown[];
  readonly serviceAccounts: readonly ClusterServiceAccount[];
  readonly namespaces: readonly string[];
  /** The discovery catalog of the cluster (built-ins + CRDs); absent when discovery failed. */
  readonly discovery?: readonly DiscoveredGroup[];
}

export interface ClusterStateParams {
  /** null: no cluster (no kubeconfig, context unreachable, or cluster features turned off). */
  readonly state: ClusterState | null;
}

/**
 * client → server, notification. Sent after start-up and whenever the client's view of the current
 * context changes (context switch, watch events, refresh): completion, hover, go-to-definition and the
 * "role not found" checks then take the live cluster into account. `state: null` means "none".
 */
export const ClusterStateNotification = new NotificationType<ClusterStateParams>("kubeRbac/clusterState");

/** A cluster object's identity: kind, namespace ("" at cluster scope) and name. */
export interface ClusterObjectKey {
  readonly kind: RbacObject["kind"];
  readonly namespace: string;
  readonly name: string;
}

/**
 * What changed in the live cluster since the last message, as typed objects of the model (defaulted by
 * the client, used by the server as they are). `full`: the objects replace everything the server had
 * (first state, context switch, after a null state); otherwise they apply to the state of message
 * `seq - 1`. The lists of ServiceAccounts and namespaces and the discovery catalog are sent whole, and
 * only when they changed.
 */
export interface ClusterChangesParams {
  readonly seq: number;
  readonly full: boolean;
  readonly context: string;
  /** Objects added or changed. */
  readonly upserts: readonly RbacObject[];
  readonly deletes: readonly ClusterObjectKey[];
  readonly serviceAccounts?: readonly ClusterServiceAccount[];
  readonly namespaces?: readonly string[];
  /** null: discovery failed (the built-in catalog applies). */
  readonly discovery?: readonly DiscoveredGroup[] | null;
  /**
   * More messages of the same change follow (a large change is sent in pages, seq after seq): the
   * server applies this one and re-checks only after the last.
   */
  readonly more?: boolean;
}

/**
 * client → server, notification: the live cluster as changes (the client sends these instead of
 * kubeRbac/clusterState for a ready state; kubeRbac/clusterState with `state: null` still says "none").
 */
export const ClusterChangesNotification = new NotificationType<ClusterChangesParams>("kubeRbac/clusterChanges");

export interface ReadClusterObjectParams {
  /** A `kube-rbac-cluster:` URI, as produced by `clusterObjectUri`. */
  readonly uri: string;
}

export interface ReadClusterObjectResult {
  /** YAML text of the object, or null when the server no longer knows it. */
  readonly text: string | null;
}

/**
 * client → server, request. Go to definition on a `roleRef` whose role exists only in the cluster
 * answers with a `kube-rbac-cluster:` URI; the client's read-only text document provider for that
 * scheme asks the server for the content with this request (the server holds the cluster snapshot).
 */
export const ReadClusterObjectRequest = new RequestType<ReadClusterObjectParams, ReadClusterObjectResult, void>(
  "kubeRbac/readClusterObject",
);

/** URI scheme of read-only documents showing cluster objects. */
export const CLUSTER_OBJECT_SCHEME = "kube-rbac-cluster";

/** `kube-rbac-cluster:/ClusterRole/view.yaml`, `kube-rbac-cluster:/Role/team-a/reader.yaml`. */
export function clusterObjectUri(kind: string, namespace: string, name: string): string {
  const parts = [kind, ...(namespace ? [namespace] : []), name].map(encodeURIComponent);
  return `${CLUSTER_OBJECT_SCHEME}:/${parts.join("/")}.yaml`;
}

/** The inverse of `clusterObjectUri`; undefined for other URIs. */
export function parseClusterObjectUri(uri: string): { kind: string; namespace: string; name: string } | undefined {
  const prefix = `${CLUSTER_OBJECT_SCHEME}:/`;
  if (!uri.startsWith(prefix) || !uri.endsWith(".yaml")) return undefined;
  const parts = uri
    .slice(prefix.length, -".yaml".length)
    .split("/")
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    });
  if (parts.length === 2) return { kind: parts[0], namespace: "", name: parts[1] };
  if (parts.length === 3) return { kind: parts[0], namespace: parts[1], name: parts[2] };
  return undefined;
}

export interface WorkspaceScannedParams {
  /** Number of YAML files read. */
  readonly files: number;
  /** URIs of files skipped because they exceed `kubeRbac.maxFileSize`. */
  readonly skipped: readonly string[];
}

/**
 * server → client, notification. Sent when the initial scan of the workspace's YAML files is done:
 * from then on completion and navigation know every role of the workspace (the client may show it in
 * the status bar; tests wait for it).
 */
export const WorkspaceScannedNotification = new NotificationType<WorkspaceScannedParams>("kubeRbac/workspaceScanned");

export interface CheckStatusParams {
  /** True while open documents are waiting to be checked or being checked. */
  readonly busy: boolean;
}

/**
 * server → client, notification. Sent when the server starts checking open documents after being idle,
 * and when it has published the diagnostics of every open document and has nothing left to check (the
 * client may show a "checking…" indicator, e.g. during the first open of a huge file; tests wait for it).
 */
export const CheckStatusNotification = new NotificationType<CheckStatusParams>("kubeRbac/checkStatus");

export interface WorkspaceTrustParams {
  /** True when the user trusts the workspace: only then may the server run helm and kustomize on it. */
  readonly trusted: boolean;
}

/**
 * client → server, notification. The server cannot know the editor's workspace trust: the client says it
 * at start-up (initializationOptions.trusted, the same shape) and with this message when the user grants
 * trust. Until told, the server takes the workspace as untrusted.
 */
export const WorkspaceTrustNotification = new NotificationType<WorkspaceTrustParams>("kubeRbac/workspaceTrust");

/** A RBAC object of a rendered chart or built kustomization, marked with where it comes from. */
export interface RenderedObject {
  readonly object: RbacObject;
  /** The chart's or kustomization's folder (a file URI). */
  readonly project: string;
  /** "chart" or "kustomization". */
  readonly kind: "chart" | "kustomization";
  /** The file the object was written in (a template's URI, or a kustomization's resource), when known. */
  readonly file?: string;
}

export interface RenderedObjectsParams {
  /** Only the projects holding this file (a URI); every chart and kustomization of the workspace when absent. */
  readonly uri?: string;
}

export interface RenderedObjectsResult {
  readonly objects: readonly RenderedObject[];
  /** Projects rendered. */
  readonly projects: readonly string[];
  /** Projects that could not be rendered, with the tool's message (or why rendering is off). */
  readonly failures: readonly { readonly project: string; readonly message: string }[];
}

/**
 * client → server, request. The RBAC objects the workspace's charts and kustomizations would apply, as
 * rendered (the latest render, or one made now): for the what-if overlay and "Can I apply this file?" on
 * a template. Empty, with a failure saying so, when rendering is off or the workspace is not trusted.
 */
export const RenderedObjectsRequest = new RequestType<RenderedObjectsParams, RenderedObjectsResult, void>("kubeRbac/renderedObjects");
