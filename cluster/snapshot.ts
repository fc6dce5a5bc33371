// The RBAC state of a cluster as the core sees it: Roles, ClusterRoles, their bindings, ServiceAccounts
// and Namespaces, converted to the model with the API server's defaulting. A live snapshot lists them
// (paginated) and keeps them current with watches; what the user may not list is recorded as a gap, so
// the UI can say "incomplete: cannot list clusterrolebindings at cluster scope: forbidden" instead of
// pretending the cluster has none. Namespaced kinds forbidden cluster-wide are tried per namespace.

import { namedFromPlain, rbacFromPlain } from "../core/defaulting";
import { NamedObject, RbacObject } from "../core/model";
import { ClusterConnection } from "./connection";
import { ClusterError, toClusterError } from "./errors";
import { Disposable, DisposableStore, Emitter, Event } from "./events";
import { Backoff, Reflector, ResourceType } from "./list-watch";
import { SelfRules, selfRulesReview } from "./reviews";
import { HealthTracker, SnapshotHealth } from "./snapshot-health";

export const SNAPSHOT_TYPES: readonly ResourceType[] = [
  { resource: "clusterroles", group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRole", namespaced: false },
  { resource: "clusterrolebindings", group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRoleBinding", namespaced: false },
  { resource: "roles", group: "rbac.authorization.k8s.io", version: "v1", kind: "Role", namespaced: true },
  { resource: "rolebindings", group: "rbac.authorization.k8s.io", version: "v1", kind: "RoleBinding", namespaced: true },
  { resource: "serviceaccounts", group: "", version: "v1", kind: "ServiceAccount", namespaced: true },
  { resource: "namespaces", group: "", version: "v1", kind: "Namespace", namespaced: false },
];

/** Something the snapshot could not see. */
export interface SnapshotGap {
  readonly resource: string;
  /** "" = at cluster scope. */
  readonly namespace: string;
  /** The error kind: "forbidden", "timeout", "not-found", ... */
  readonly reason: string;
  /** "cannot list clusterrolebindings at cluster scope: forbidden" */
  readonly message: string;
}

export type SnapshotSource =
  { readonly kind: "cluster"; readonly context: string; readonly server: string } | { readonly kind: "file"; readonly file: string };

export interface RbacSnapshot {
  readonly source: SnapshotSource;
  readonly objects: readonly RbacObject[];
  /** ServiceAccounts and Namespaces. */
  readonly others: readonly NamedObject[];
  /** False when some kinds or namespaces could not be read (see gaps). */
  readonly complete: boolean;
  readonly gaps: readonly SnapshotGap[];
  /** When incomplete: the user's own rules in the context namespace, from SelfSubjectRulesReview. */
  readonly ownRules?: SelfRules;
  /**
   * When incomplete: the user's own rules per namespace (the context namespace first, then every
   * namespace the user could see anything in, at most OWN_RULES_NAMESPACES), from SelfSubjectRulesReview.
   */
  readonly ownRulesByNamespace?: readonly SelfRules[];
}

/** At most this many namespaces get a SelfSubjectRulesReview of their own. */
export const OWN_RULES_NAMESPACES = 20;

export function gapMessage(resource: string, namespace: string, reason: string): string {
  return `cannot list ${resource} ${namespace === "" ? "at cluster scope" : `in namespace ${namespace}`}: ${reason}`;
}

export interface LiveSnapshotOptions {
  readonly pageSize?: number;
  readonly requestTimeoutMs?: number;
  /** Change events are coalesced for this long. Default 100 ms. */
  readonly debounceMs?: number;
  readonly backoff?: Backoff;
  readonly watchTimeoutSeconds?: number;
  /** A watch with no byte for this long is considered dead. Default: the watch timeout + 30 s. */
  readonly idleTimeoutMs?: number;
  /** At most this many per-namespace attempts for a kind forbidden cluster-wide. Default 200. */
  readonly maxNamespaceFallback?: number;
  readonly onProblem?: (e: ClusterError) => void;
}

/** What a snapshot's reflector keeps of an item: the model object (RBAC kinds) or the named object. */
type Kept = RbacObject | NamedObject;

/** A snapshot kept current by watches. Create with `LiveRbacSnapshot.start`. */
export class LiveRbacSnapshot implements Disposable {
  private readonly store = new DisposableStore();
  private readonly emitter = this.store.add(new Emitter<RbacSnapshot>());
  private readonly reflectors: Reflector<Kept>[] = [];
  private readonly tracker = this.store.add(new HealthTracker());
  private gaps: SnapshotGap[] = [];
  private ownRules: SelfRules[] = [];
  private cached: RbacSnapshot | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** Fired (debounced) after any add, update, delete or relist. */
  readonly onDidChange: Event<RbacSnapshot> = this.emitter.event;
  /** Fired when the health changes state (live, stale, recovering) or error; not on every contact. */
  readonly onDidChangeHealth: Event<SnapshotHealth> = this.tracker.onDidChange;

  private constructor(
    private readonly conn: ClusterConnection,
    private readonly options: LiveSnapshotOptions,
  ) {}

  /** Lists everything visible, starts the watches, and resolves with the live snapshot. Never rejects for a 403. */
  static async start(conn: ClusterConnection, options: LiveSnapshotOptions = {}): Promise<LiveRbacSnapshot> {
    const live = new LiveRbacSnapshot(conn, options);
    try {
      await live.init();
    } catch (e) {
      live.dispose();
      throw toClusterError(e, conn.secrets);
    }
    return live;
  }

  private reflector(t: ResourceType, namespace: string): Reflector<Kept> {
    const onChange = () => this.changed();
    const key = {};
    // A reflector whose first list fails never made contact, so it never counts here.
    return new Reflector<Kept>(this.conn, t, namespace, {
      // Converted as each page arrives: the snapshot keeps the model object alone, and an unchanged
      // object keeps its identity from one snapshot to the next (the extension sends the language
      // server only what changed, found by identity).
      keep: t.group === "" ? (plain) => namedFromPlain(plain) : (plain) => rbacFromPlain(plain),
      pageSize: this.options.pageSize,
      timeoutMs: this.options.requestTimeoutMs,
      backoff: this.options.backoff,
      watchTimeoutSeconds: this.options.watchTimeoutSeconds,
      idleTimeoutMs: this.options.idleTimeoutMs,
      onProblem: (e) => {
        // A forbidden watch falls back to polling and a 410 relists at once: neither makes data stale.
        if (e.kind !== "forbidden" && e.kind !== "gone") this.tracker.failed(key, e.message);
        this.options.onProblem?.(e);
      },
      onContact: () => this.tracker.ok(key),
      onChange,
    });
  }

  /** Live, stale (watches failing, data as of `since`) or recovering; see snapshot-health.ts. */
  health(): SnapshotHealth {
    return this.tracker.health();
  }

  private async init(): Promise<void> {
    const failures = new Map<ResourceType, ClusterError>();
    // Cluster-wide first, all kinds in parallel.
    await Promise.all(
      SNAPSHOT_TYPES.map(async (t) => {
        const refused = await this.startReflector(t, "");
        if (refused) failures.set(t, refused);
      }),
    );
    const gaps: SnapshotGap[] = [];
    for (const t of SNAPSHOT_TYPES) {
      const err = failures.get(t);
      if (!err) continue;
      gaps.push({ resource: t.resource, namespace: "", reason: err.kind, message: gapMessage(t.resource, "", err.kind) });
    }
    // Namespaced kinds we may not list cluster-wide: try the namespaces we can see, the context's at least.
    const nsReflector = this.reflectors.find((r) => r.type.resource === "namespaces");
    const visible = nsReflector ? [...nsReflector.items.values()].map((o) => o.metadata.name).filter((n) => n !== "") : [];
    const candidates = [...new Set([this.conn.namespace, ...visible.sort()])].slice(0, this.options.maxNamespaceFallback ?? 200);
    for (const t of SNAPSHOT_TYPES) {
      if (!t.namespaced || !failures.has(t)) continue;
      const refused: string[] = [];
      await mapLimit(candidates, 8, async (ns) => {
        if (await this.startReflector(t, ns)) refused.push(ns);
      });
      for (const ns of refused.sort())
        gaps.push({ resource: t.resource, namespace: ns, reason: "forbidden", message: gapMessage(t.resource, ns, "forbidden") });
    }
    this.gaps = gaps;
    if (gaps.length > 0) {
      // What we cannot list, the server can still tell us about ourselves.
      await this.reviewOwnRules(visible);
    }
  }

  /** SelfSubjectRulesReview in the context namespace and every namespace seen; one failure ends it (same cause for all). */
  private async reviewOwnRules(visible: readonly string[]): Promise<void> {
    const seen = this.reflectors.flatMap((r) => [...r.items.values()].map((o) => o.metadata.namespace));
    const namespaces = [...new Set([this.conn.namespace, ...[...new Set([...seen, ...visible])].filter((n) => n !== "").sort()])].slice(
      0,
      OWN_RULES_NAMESPACES,
    );
    const out = new Map<string, SelfRules>();
    try {
      await mapLimit(namespaces, 4, async (ns) => {
        out.set(ns, await selfRulesReview(this.conn, ns, { timeoutMs: this.options.requestTimeoutMs }));
      });
    } catch (e) {
      this.options.onProblem?.(toClusterError(e, this.conn.secrets));
    }
    this.ownRules = namespaces.flatMap((ns) => out.get(ns) ?? []);
  }

  /**
   * Lists and starts watching one kind in one namespace ("" = cluster-wide). Resolves with the error
   * when the server refuses (403/404: a gap, not a failure); anything else (credentials refused, server
   * unreachable, bad TLS) means nothing will work, and is thrown at once.
   */
  private async startReflector(t: ResourceType, namespace: string): Promise<ClusterError | undefined> {
    const r = this.reflector(t, namespace);
    try {
      await r.start();
      this.reflectors.push(this.store.add(r));
      return undefined;
    } catch (e) {
      r.dispose();
      const err = toClusterError(e, this.conn.secrets);
      if (err.kind !== "forbidden" && err.kind !== "not-found") throw err;
      return err;
    }
  }

  private changed(): void {
    this.cached = undefined;
    if (this.store.isDisposed) return;
    if (this.timer) return; // coalesce a burst; the event carries the state at its end
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.store.isDisposed) this.emitter.fire(this.current());
    }, this.options.debounceMs ?? 100);
    this.timer.unref?.();
  }

  /** The state now. */
  current(): RbacSnapshot {
    if (this.cached) return this.cached;
    const objects: RbacObject[] = [];
    const others: NamedObject[] = [];
    const seen = new Set<string>();
    for (const r of this.reflectors) {
      for (const [key, kept] of r.items) {
        const id = `${r.type.kind}/${key}`;
        if (seen.has(id)) continue;
        seen.add(id);
        if (r.type.group === "") others.push(kept as NamedObject);
        else objects.push(kept as RbacObject);
      }
    }
    const order = (a: { kind: string; metadata: { namespace: string; name: string } }, b: typeof a) =>
      cmp(a.kind, b.kind) || cmp(a.metadata.namespace, b.metadata.namespace) || cmp(a.metadata.name, b.metadata.name);
    objects.sort(order);
    others.sort(order);
    const snap: RbacSnapshot = {
      source: { kind: "cluster", context: this.conn.contextName, server: this.conn.server.origin },
      objects,
      others,
      complete: this.gaps.length === 0,
      gaps: this.gaps,
      ...(this.ownRules.length > 0 && this.ownRules[0].namespace === this.conn.namespace ? { ownRules: this.ownRules[0] } : {}),
      ...(this.ownRules.length > 0 ? { ownRulesByNamespace: this.ownRules } : {}),
    };
    this.cached = snap;
    return snap;
  }

  /** Watch statistics (lists, pages, watches, events, relists) summed over all kinds. */
  stats(): { lists: number; pages: number; watches: number; events: number; relists: number } {
    const s = { lists: 0, pages: 0, watches: 0, events: 0, relists: 0 };
    for (const r of this.reflectors) for (const k of Object.keys(s) as (keyof typeof s)[]) s[k] += r.stats[k];
    return s;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.store.dispose();
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

async function mapLimit<T>(items: readonly T[], limit: number, fn: (t: T) => Promise<void>): Promise<void> {
  let i = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (i < items.length) await fn(items[i++]);
  });
  await Promise.all(workers);
}
