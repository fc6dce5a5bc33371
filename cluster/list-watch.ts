// List-then-watch of one resource in one scope (a "reflector"): a paginated list, then a watch from the
// list's resourceVersion; on 410 Gone or a watch the server refuses, a fresh list; on a dropped
// connection, a new watch from the last resourceVersion after an exponential, capped, jittered backoff.
// It holds what its `keep` makes of each item as it arrives: the plain object without its managedFields,
// or (the snapshot's reflectors) the model object, so no copy of the server's JSON is kept beside it.

import { ClusterConnection } from "./connection";
import { ClusterError, toClusterError } from "./errors";
import { Disposable } from "./events";

export interface ResourceType {
  /** Plural resource name: "roles", "clusterrolebindings", "serviceaccounts", "namespaces". */
  readonly resource: string;
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly namespaced: boolean;
}

export function resourcePath(t: ResourceType, namespace: string): string {
  const base = t.group === "" ? `/api/${t.version}` : `/apis/${t.group}/${t.version}`;
  return t.namespaced && namespace !== "" ? `${base}/namespaces/${encodeURIComponent(namespace)}/${t.resource}` : `${base}/${t.resource}`;
}

export interface Backoff {
  readonly initialMs: number;
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { initialMs: 500, maxMs: 30_000 };

/** Attempt n (0-based) -> delay: doubling, capped, with jitter in [50%, 100%] so clients do not stampede. */
export function backoffDelay(b: Backoff, attempt: number, random: () => number = Math.random): number {
  const raw = Math.min(b.maxMs, b.initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(raw * (0.5 + random() / 2));
}

export interface ListOptions {
  readonly pageSize?: number;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

export interface ListResult {
  readonly items: Record<string, unknown>[];
  readonly resourceVersion: string;
  readonly pages: number;
}

type RawList = { metadata?: { resourceVersion?: string; continue?: string }; items?: unknown[] };

/** A full paginated list (limit/continue). An expired continue token restarts the list once. */
export async function listAll(conn: ClusterConnection, t: ResourceType, namespace: string, options: ListOptions = {}): Promise<ListResult> {
  let items: Record<string, unknown>[] = [];
  const res = await listPages(conn, t, namespace, options, () => {
    items = [];
    return (it) => void items.push(it);
  });
  return { items, ...res };
}

/**
 * A full paginated list handed over item by item as each page arrives, so a caller that keeps less than
 * the whole item (or something else) never holds more than one page of the server's JSON. `begin` is
 * called before each attempt (an expired continue token restarts the list once) and returns the sink
 * of that attempt's items.
 */
export async function listPages(
  conn: ClusterConnection,
  t: ResourceType,
  namespace: string,
  options: ListOptions,
  begin: () => (item: Record<string, unknown>) => void,
): Promise<{ readonly resourceVersion: string; readonly pages: number }> {
  const limit = options.pageSize ?? 500;
  const apiVersion = t.group === "" ? t.version : `${t.group}/${t.version}`;
  for (let attempt = 0; ; attempt++) {
    const sink = begin();
    let cont = "";
    let rv = "";
    let pages = 0;
    try {
      do {
        const q = new URLSearchParams({ limit: String(limit) });
        if (cont) q.set("continue", cont);
        const page = await conn.get<RawList>(`${resourcePath(t, namespace)}?${q.toString()}`, {
          timeoutMs: options.timeoutMs,
          signal: options.signal,
        });
        pages++;
        for (const it of page.items ?? []) {
          if (typeof it !== "object" || it === null) continue;
          // Items of a list carry no kind/apiVersion: put them back so they read like manifests.
          sink({ apiVersion, kind: t.kind, ...(it as Record<string, unknown>) });
        }
        cont = page.metadata?.continue ?? "";
        rv = page.metadata?.resourceVersion ?? rv;
      } while (cont !== "");
      return { resourceVersion: rv, pages };
    } catch (e) {
      if (e instanceof ClusterError && e.kind === "gone" && attempt === 0) continue; // the continue token expired
      throw e;
    }
  }
}

/**
 * The object without `metadata.managedFields`: server-side apply's bookkeeping, about as large as the
 * object itself and read by nothing here (kubectl hides it too). A reflector keeps every item for as long
 * as it runs: 44,000 RoleBindings are tens of MB less without it.
 */
export function withoutManagedFields(o: Record<string, unknown>): Record<string, unknown> {
  const m = o.metadata;
  if (typeof m !== "object" || m === null || !("managedFields" in m)) return o;
  const { managedFields: _dropped, ...metadata } = m as Record<string, unknown>;
  return { ...o, metadata };
}

export function objectKey(o: Record<string, unknown>): string {
  const m = (o.metadata ?? {}) as { namespace?: string; name?: string };
  return `${m.namespace ?? ""}/${m.name ?? ""}`;
}

export interface ReflectorOptions<T = Record<string, unknown>> extends ListOptions {
  /**
   * What is kept of each listed or watched item (default: the item without its managedFields); undefined
   * keeps nothing. Called on each item as its page or watch line arrives, so a reflector that keeps a
   * converted object holds one copy of the item, not the server's JSON beside it.
   */
  readonly keep?: (item: Record<string, unknown>) => T | undefined;
  readonly backoff?: Backoff;
  /** The server closes each watch after about this long; we then watch again. */
  readonly watchTimeoutSeconds?: number;
  /** A watch with no byte (not even a bookmark) for this long is considered dead. */
  readonly idleTimeoutMs?: number;
  /** When the watch itself is forbidden: relist this often instead. */
  readonly pollMs?: number;
  /** Called after every change of `items` (already applied). */
  readonly onChange: () => void;
  /** Called when the watch loop hits a problem it will retry (for a log; already sanitised). */
  readonly onProblem?: (e: ClusterError) => void;
  /** Called on every contact with the server: a list done, a watch opened, a watch line received. */
  readonly onContact?: () => void;
  readonly random?: () => number;
}

export class Reflector<T = Record<string, unknown>> implements Disposable {
  private byKey = new Map<string, T>();
  resourceVersion = "";
  /** Counters, for tests and logs. */
  readonly stats = { lists: 0, pages: 0, watches: 0, events: 0, relists: 0 };
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;
  private running = false;

  constructor(
    private readonly conn: ClusterConnection,
    readonly type: ResourceType,
    readonly namespace: string,
    private readonly options: ReflectorOptions<T>,
  ) {}

  private keep(item: Record<string, unknown>): T | undefined {
    return this.options.keep ? this.options.keep(item) : (withoutManagedFields(item) as T);
  }

  /** The first list; throws (a 403 for example) so the caller can record what is not visible. */
  async start(): Promise<void> {
    await this.relist();
    this.running = true;
    void this.loop();
  }

  private async relist(): Promise<void> {
    let next = new Map<string, T>();
    const res = await listPages(this.conn, this.type, this.namespace, { ...this.options, signal: this.abort.signal }, () => {
      next = new Map();
      return (item) => {
        const kept = this.keep(item);
        if (kept !== undefined) next.set(objectKey(item), kept);
      };
    });
    this.stats.lists++;
    this.stats.pages += res.pages;
    this.byKey = next;
    this.resourceVersion = res.resourceVersion;
    this.options.onContact?.();
  }

  private async loop(): Promise<void> {
    let failures = 0;
    let pollOnly = false;
    while (!this.abort.signal.aborted) {
      try {
        if (pollOnly) {
          await this.sleep(this.options.pollMs ?? 30_000);
          if (this.abort.signal.aborted) return;
          await this.relist();
          this.stats.relists++;
          this.options.onChange();
          failures = 0;
          continue;
        }
        const started = Date.now();
        const delivered = await this.watchOnce();
        if (delivered || Date.now() - started > 5_000) failures = 0;
        // A watch the server ends at once, with nothing in it, must not become a busy loop.
        else await this.sleep(backoffDelay(this.options.backoff ?? DEFAULT_BACKOFF, failures++, this.options.random));
      } catch (e) {
        if (this.abort.signal.aborted) return;
        const err = toClusterError(e, this.conn.secrets);
        if (err.kind === "cancelled") return; // the connection was closed under us: nothing left to watch
        this.options.onProblem?.(err);
        if (err.kind === "forbidden" && !pollOnly) {
          pollOnly = true; // allowed to list but not to watch
          continue;
        }
        // A dropped connection resumes from the last resourceVersion; anything the server itself
        // refused (410 Gone, "too large resource version" after a restore, a 5xx) is repaired by a
        // fresh list. Only 410 relists at once: the others first back off.
        const relist = err.kind !== "unreachable" && err.kind !== "timeout" && err.kind !== "tls";
        if (err.kind !== "gone") await this.sleep(backoffDelay(this.options.backoff ?? DEFAULT_BACKOFF, failures++, this.options.random));
        if (this.abort.signal.aborted) return;
        if (relist) {
          try {
            await this.relist();
            this.stats.relists++;
            this.options.onChange();
            failures = 0;
          } catch (e2) {
            if (this.abort.signal.aborted) return;
            this.options.onProblem?.(toClusterError(e2, this.conn.secrets));
            await this.sleep(backoffDelay(this.options.backoff ?? DEFAULT_BACKOFF, failures++, this.options.random));
          }
        }
      }
    }
  }

  /** One watch request; resolves when the server ends it normally; true if anything arrived. */
  private async watchOnce(): Promise<boolean> {
    const timeout = this.options.watchTimeoutSeconds ?? 240 + Math.floor((this.options.random ?? Math.random)() * 60);
    const q = new URLSearchParams({ watch: "1", allowWatchBookmarks: "true", timeoutSeconds: String(timeout) });
    if (this.resourceVersion) q.set("resourceVersion", this.resourceVersion);
    this.stats.watches++;
    let delivered = false;
    let gone: ClusterError | undefined;
    const inner = new AbortController();
    const onAbort = () => inner.abort();
    this.abort.signal.addEventListener("abort", onAbort);
    try {
      await this.conn.stream(`${resourcePath(this.type, this.namespace)}?${q.toString()}`, {
        signal: inner.signal,
        timeoutMs: this.options.timeoutMs,
        idleTimeoutMs: this.options.idleTimeoutMs ?? (timeout + 30) * 1000,
        onOpen: this.options.onContact,
        onLine: (line) => {
          if (gone) return;
          this.options.onContact?.();
          let ev: { type?: string; object?: Record<string, unknown> };
          try {
            ev = JSON.parse(line) as typeof ev;
          } catch {
            return; // a torn line: the next relist repairs whatever it carried
          }
          const obj = ev.object;
          if (!obj || typeof obj !== "object") return;
          const rv = (obj.metadata as { resourceVersion?: string } | undefined)?.resourceVersion;
          switch (ev.type) {
            case "ADDED":
            case "MODIFIED": {
              const kept = this.keep(obj);
              if (kept !== undefined) this.byKey.set(objectKey(obj), kept);
              else this.byKey.delete(objectKey(obj));
              break;
            }
            case "DELETED":
              this.byKey.delete(objectKey(obj));
              break;
            case "BOOKMARK":
              if (rv) this.resourceVersion = rv;
              return;
            case "ERROR": {
              const code = (obj as { code?: number }).code;
              gone = new ClusterError(
                code === 410 ? "gone" : "server",
                `The watch of ${this.type.resource} ended with an error (${code ?? "?"}).`,
                code,
              );
              inner.abort();
              return;
            }
            default:
              return;
          }
          if (rv) this.resourceVersion = rv;
          delivered = true;
          this.stats.events++;
          this.options.onChange();
        },
      });
    } catch (e) {
      if (!gone) throw e;
    } finally {
      this.abort.signal.removeEventListener("abort", onAbort);
    }
    if (gone) throw gone;
    return delivered;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(resolve, ms);
      this.timer.unref?.();
    });
  }

  /** What `keep` made of each item, by `namespace/name`. */
  get items(): ReadonlyMap<string, T> {
    return this.byKey;
  }

  get isRunning(): boolean {
    return this.running && !this.abort.signal.aborted;
  }

  dispose(): void {
    this.abort.abort();
    clearTimeout(this.timer);
    this.wake?.();
  }
}
