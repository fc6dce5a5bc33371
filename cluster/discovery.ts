// API discovery: which groups, resources, subresources, verbs and scopes the cluster serves (CRDs and
// aggregated APIs included). Aggregated discovery (apidiscovery.k8s.io v2, one request per root) when the
// server offers it, the legacy per-group-version endpoints otherwise. Kept fresh by watching
// CustomResourceDefinitions when we may, or by polling with backoff when we may not.

import { ApiCatalog, catalogFromDiscovery, DiscoveryGroup, DiscoveryResource, mergeCatalogs } from "../core/catalog";
import { ClusterConnection } from "./connection";
import { ClusterError, toClusterError } from "./errors";
import { Disposable, DisposableStore, Emitter, Event, toDisposable } from "./events";
import { backoffDelay, Backoff, DEFAULT_BACKOFF, Reflector, ResourceType } from "./list-watch";

export interface DiscoveryResult {
  /** Core group first; within a group, the preferred version's resources first. */
  readonly groups: readonly DiscoveryGroup[];
  /** Whether aggregated discovery answered (one round trip per root). */
  readonly aggregated: boolean;
  /** Group-versions whose discovery failed (an aggregated API that is down, for example). */
  readonly failed: readonly string[];
}

const AGGREGATED_ACCEPT = [
  "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList",
  "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList",
  "application/json",
].join(",");

interface AggResource {
  resource?: string;
  responseKind?: { kind?: string };
  scope?: string;
  singularResource?: string;
  verbs?: string[];
  shortNames?: string[];
  subresources?: { subresource?: string; responseKind?: { kind?: string }; verbs?: string[] }[];
}
interface AggList {
  kind?: string;
  items?: { metadata?: { name?: string }; versions?: { version?: string; resources?: AggResource[] }[] }[];
}

export async function discover(
  conn: ClusterConnection,
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<DiscoveryResult> {
  const [core, named] = await Promise.all([
    conn.get<AggList>("/api", { ...options, accept: AGGREGATED_ACCEPT }),
    conn.get<AggList>("/apis", { ...options, accept: AGGREGATED_ACCEPT }),
  ]);
  if (core.kind === "APIGroupDiscoveryList" && named.kind === "APIGroupDiscoveryList") {
    return { groups: [...fromAggregated(core, true), ...fromAggregated(named, false)], aggregated: true, failed: [] };
  }
  return legacyDiscovery(conn, core as unknown as { versions?: string[] }, named as unknown as LegacyGroupList, options);
}

function fromAggregated(list: AggList, coreGroup: boolean): DiscoveryGroup[] {
  const out: DiscoveryGroup[] = [];
  for (const g of list.items ?? []) {
    const group = coreGroup ? "" : (g.metadata?.name ?? "");
    const versions: string[] = [];
    const resources: DiscoveryResource[] = [];
    // Versions come in preference order; catalogFromDiscovery keeps the first of each name.
    for (const v of g.versions ?? []) {
      if (v.version) versions.push(v.version);
      for (const r of v.resources ?? []) {
        if (!r.resource) continue;
        const namespaced = r.scope === "Namespaced";
        resources.push({
          name: r.resource,
          namespaced,
          verbs: r.verbs ?? [],
          kind: r.responseKind?.kind ?? "",
          singularName: r.singularResource ?? "",
          shortNames: r.shortNames ?? [],
        });
        for (const s of r.subresources ?? []) {
          if (!s.subresource) continue;
          resources.push({ name: `${r.resource}/${s.subresource}`, namespaced, verbs: s.verbs ?? [], kind: s.responseKind?.kind ?? "" });
        }
      }
    }
    out.push({ group, versions, resources });
  }
  return out;
}

interface LegacyGroupList {
  groups?: { name?: string; versions?: { version?: string }[]; preferredVersion?: { version?: string } }[];
}
interface LegacyResourceList {
  resources?: { name?: string; namespaced?: boolean; verbs?: string[]; kind?: string; singularName?: string; shortNames?: string[] }[];
}

async function legacyDiscovery(
  conn: ClusterConnection,
  core: { versions?: string[] },
  named: LegacyGroupList,
  options: { timeoutMs?: number; signal?: AbortSignal },
): Promise<DiscoveryResult> {
  const failed: string[] = [];
  const fetchGv = async (path: string, gv: string): Promise<DiscoveryResource[]> => {
    try {
      const l = await conn.get<LegacyResourceList>(path, options);
      return (l.resources ?? [])
        .filter((r) => typeof r.name === "string")
        .map((r) => ({
          name: r.name!,
          namespaced: r.namespaced === true,
          verbs: r.verbs ?? [],
          kind: r.kind ?? "",
          singularName: r.singularName ?? "",
          shortNames: r.shortNames ?? [],
        }));
    } catch (e) {
      const err = toClusterError(e, conn.secrets);
      if (err.kind === "unauthorized" || err.kind === "unreachable" || err.kind === "tls" || err.kind === "cancelled") throw err;
      failed.push(gv);
      return [];
    }
  };
  const groups: DiscoveryGroup[] = [];
  const coreVersions = core.versions ?? ["v1"];
  const coreRes = await Promise.all(coreVersions.map((v) => fetchGv(`/api/${v}`, v)));
  groups.push({ group: "", versions: coreVersions, resources: coreRes.flat() });
  const named2 = await Promise.all(
    (named.groups ?? []).map(async (g) => {
      const name = g.name ?? "";
      const pref = g.preferredVersion?.version;
      const versions = (g.versions ?? []).map((v) => v.version ?? "").filter((v) => v !== "");
      const ordered = pref ? [pref, ...versions.filter((v) => v !== pref)] : versions;
      const res = await Promise.all(ordered.map((v) => fetchGv(`/apis/${name}/${v}`, `${name}/${v}`)));
      return { group: name, versions: ordered, resources: res.flat() };
    }),
  );
  groups.push(...named2);
  return { groups, aggregated: false, failed: failed.sort() };
}

/** The discovery as an ApiCatalog, keeping the built-in authorization-only entries discovery cannot show. */
export function discoveryCatalog(result: DiscoveryResult, cluster: string): ApiCatalog {
  return mergeCatalogs(catalogFromDiscovery(result.groups, cluster));
}

const CRD_TYPE: ResourceType = {
  resource: "customresourcedefinitions",
  group: "apiextensions.k8s.io",
  version: "v1",
  kind: "CustomResourceDefinition",
  namespaced: false,
};

export interface DiscoveryWatchOptions {
  /** Re-discovery this long after the last CRD change. Default 300 ms. */
  readonly debounceMs?: number;
  /** When CRDs cannot be watched: rediscover this often. Default 5 min. */
  readonly pollMs?: number;
  readonly backoff?: Backoff;
  readonly timeoutMs?: number;
  readonly onProblem?: (e: ClusterError) => void;
}

/** Discovery kept current. `onDidChange` fires only when the result differs. */
export class DiscoveryWatcher implements Disposable {
  private readonly store = new DisposableStore();
  private readonly emitter = this.store.add(new Emitter<DiscoveryResult>());
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private last: string;
  private running: Promise<void> | undefined;
  private again = false;
  /** How the watcher keeps discovery fresh: "watching CRDs" or "polling". */
  mode: "crd-watch" | "poll" = "poll";
  readonly onDidChange: Event<DiscoveryResult> = this.emitter.event;

  private constructor(
    private readonly conn: ClusterConnection,
    public current: DiscoveryResult,
    private readonly options: DiscoveryWatchOptions,
  ) {
    this.last = JSON.stringify(current);
    this.store.add(toDisposable(() => clearTimeout(this.timer)));
  }

  static async start(conn: ClusterConnection, options: DiscoveryWatchOptions = {}): Promise<DiscoveryWatcher> {
    const first = await discover(conn, { timeoutMs: options.timeoutMs });
    const w = new DiscoveryWatcher(conn, first, options);
    const crds = new Reflector(conn, CRD_TYPE, "", {
      onChange: () => w.schedule(options.debounceMs ?? 300),
      timeoutMs: options.timeoutMs,
      backoff: options.backoff,
      onProblem: options.onProblem,
    });
    try {
      await crds.start();
      w.store.add(crds);
      w.mode = "crd-watch";
    } catch (e) {
      crds.dispose();
      options.onProblem?.(toClusterError(e, conn.secrets));
      w.schedule(options.pollMs ?? 5 * 60_000);
    }
    return w;
  }

  private schedule(ms: number): void {
    if (this.store.isDisposed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), ms);
    this.timer.unref?.();
  }

  /** Rediscover now (also what CRD changes trigger). */
  refresh(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        const next = await discover(this.conn, { timeoutMs: this.options.timeoutMs });
        this.failures = 0;
        const key = JSON.stringify(next);
        this.current = next;
        if (key !== this.last && !this.store.isDisposed) {
          this.last = key;
          this.emitter.fire(next);
        }
        if (this.mode === "poll") this.schedule(this.options.pollMs ?? 5 * 60_000);
      } catch (e) {
        this.options.onProblem?.(toClusterError(e, this.conn.secrets));
        this.schedule(backoffDelay(this.options.backoff ?? DEFAULT_BACKOFF, this.failures++));
      } finally {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          void this.refresh();
        }
      }
    })();
    return this.running;
  }

  dispose(): void {
    this.store.dispose();
  }
}
