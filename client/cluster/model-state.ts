// The state of the cluster model (client/cluster/model.ts): what the extension currently knows about
// the cluster side, as one immutable value. The tree, the status bar, the welcome views and the language
// server all render from it.
import type { RbacSnapshot, DiscoveryResult, ContextInfo, SnapshotHealth } from "../../cluster";
import type { Identity } from "../../core/model";
import type { RbacIndex } from "../../core/rbac-index";

export type SourceKind = "cluster" | "file" | "example";

export interface ReadyState {
  readonly kind: "ready";
  readonly source: SourceKind;
  /** Context name, or the snapshot file's base name. */
  readonly label: string;
  /** Context namespace (cluster only). */
  readonly namespace: string;
  readonly snapshot: RbacSnapshot;
  /** The snapshot indexed (what-if off) or the snapshot overlaid with the workspace's manifests. */
  readonly index: RbacIndex;
  /** The snapshot alone (equals `index` when what-if is off). */
  readonly liveIndex: RbacIndex;
  /** The overlay: objects of `files` plain manifests and of `projects` rendered charts and kustomizations; `failures` were left out. */
  readonly whatIf:
    { readonly files: number; readonly objects: number; readonly projects: number; readonly failures: readonly string[] } | undefined;
  /** Who the connection authenticates as (SelfSubjectReview); undefined offline or when unavailable. */
  readonly me: Identity | undefined;
  readonly discovery: DiscoveryResult | undefined;
  /** Whether the watches are current (cluster only): stale data is shown marked stale, with its age. */
  readonly health: SnapshotHealth | undefined;
  /** Why the example snapshot or a file is shown instead of a cluster, etc. */
  readonly notes: readonly string[];
  /** Bumped on every change: cache keys. */
  readonly version: number;
}

export type ModelState =
  | { readonly kind: "loading"; readonly label: string; readonly version: number }
  | { readonly kind: "untrusted"; readonly version: number }
  | { readonly kind: "disabled"; readonly version: number }
  | { readonly kind: "no-kubeconfig"; readonly message: string; readonly version: number }
  | { readonly kind: "error"; readonly label: string; readonly message: string; readonly version: number }
  | ReadyState;

/** The kubeconfig contexts, for the status bar and the context picker. */
export interface ContextList {
  readonly contexts: readonly ContextInfo[];
  /** The context in use (the in-memory choice, else the setting, else current-context). */
  readonly active: string;
}
