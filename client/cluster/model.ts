// The cluster side of the extension: which source the permissions come from (a kubeconfig context, a
// snapshot file, the bundled example), kept current by the snapshot's watches and by watching the
// kubeconfig files; the in-memory context choice; and the what-if overlay of the workspace's manifests.
// Never shows UI: every problem becomes a state the views render. Free of `vscode`: what it needs of the
// editor (trust, the workspace folder, the log) comes through its host, so mocha tests run it as it is.
import * as path from "node:path";
import {
  ClusterConnection,
  connect,
  DiscoveryWatcher,
  KubeconfigWatcher,
  LiveRbacSnapshot,
  listContexts,
  loadKubeconfig,
  loadSnapshotFile,
  originPaths,
  resolveKubeconfigOrigin,
  whoAmI,
  writeCurrentContext,
  RbacSnapshot,
  DiscoveryResult,
  ClusterError,
  SnapshotHealth,
  formatDuration,
  startWithRetry,
  Disposable,
  Emitter,
  Event,
  toDisposable,
} from "../../cluster";
import { RbacIndex } from "../../core/rbac-index";
import { Identity, RbacObject } from "../../core/model";
import { ClientConfig } from "../config";
import { ContextList, ModelState, ReadyState, SourceKind } from "./model-state";

/** Where the model writes what happened (the extension's output channel). */
export interface ModelLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ModelHost {
  readonly extensionPath: string;
  readonly log: ModelLog;
  config(): ClientConfig;
  /** Whether the workspace is trusted: untrusted, only a snapshot file is read (no kubeconfig, no exec plugin). */
  isTrusted(): boolean;
  /** The first workspace folder's path, against which a relative snapshot file is resolved. */
  workspaceRoot(): string | undefined;
  /** The workspace's RBAC manifests (saved and unsaved), for what-if. */
  workspaceObjects(): Promise<{ objects: readonly RbacObject[]; files: number; projects?: number; failures?: readonly string[] }>;
}

interface Loaded {
  readonly source: SourceKind;
  readonly label: string;
  readonly namespace: string;
  readonly snapshot: RbacSnapshot;
  readonly me: Identity | undefined;
  readonly discovery: DiscoveryResult | undefined;
  readonly health: SnapshotHealth | undefined;
  readonly notes: readonly string[];
}

export class ClusterModel implements Disposable {
  private readonly emitter = new Emitter<ModelState>();
  readonly onDidChange: Event<ModelState> = this.emitter.event;
  private current: ModelState = { kind: "loading", label: "", version: 0 };
  private version = 0;
  private generation = 0;
  private session: Disposable[] = [];
  private loaded: Loaded | undefined;
  private overlay: { objects: readonly RbacObject[]; files: number; projects?: number; failures?: readonly string[] } | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** When the last live change was published (Date.now()): the next ones are throttled from it. */
  private liveAt = 0;
  private contextOverride: string | undefined;
  private connection: ClusterConnection | undefined;
  private kubeconfigWatch: Disposable | undefined;

  constructor(private readonly host: ModelHost) {}

  get state(): ModelState {
    return this.current;
  }

  get conn(): ClusterConnection | undefined {
    return this.connection;
  }

  get whatIf(): boolean {
    return this.overlay !== undefined;
  }

  /** (Re)connect from scratch: settings, trust, kubeconfig and context are read again. */
  async reload(): Promise<void> {
    const gen = ++this.generation;
    this.endSession();
    const cfg = this.host.config();
    this.set({ kind: "loading", label: cfg.snapshotFile || this.contextOverride || cfg.context || "kubeconfig", version: 0 });
    const next = await this.resolve(cfg, gen);
    if (gen !== this.generation) return;
    if ("kind" in next) {
      this.set(next);
      return;
    }
    this.loaded = next;
    this.publish();
  }

  private async resolve(cfg: ClientConfig, gen: number): Promise<Loaded | ModelState> {
    if (!this.host.isTrusted() && !cfg.snapshotFile) return { kind: "untrusted", version: 0 };
    if (cfg.snapshotFile) return this.fromFile(this.resolvePath(cfg.snapshotFile), "file", []);
    if (!cfg.clusterEnable) return { kind: "disabled", version: 0 };
    this.watchKubeconfig(cfg);
    // An in-memory choice that the (possibly different) kubeconfig no longer defines is dropped.
    if (this.contextOverride && !this.contexts().contexts.some((c) => c.name === this.contextOverride)) this.contextOverride = undefined;
    const res = connect({ explicitPath: cfg.kubeconfig || undefined, context: this.contextOverride ?? (cfg.context || undefined) });
    if (!res.ok) return this.notConnected(res, cfg);
    const conn = res.connection;
    this.session.push(conn);
    this.connection = conn;
    // A first connection that fails for a passing reason (server down, 5xx, token not yet refreshed) is
    // tried again with backoff until it works or the session ends (reload, context switch, kubeconfig edit).
    const abort = new AbortController();
    this.session.push(toDisposable(() => abort.abort()));
    try {
      const live = await startWithRetry(
        () => LiveRbacSnapshot.start(conn, { requestTimeoutMs: 15_000, onProblem: (e) => this.host.log.warn(`watch: ${e.message}`) }),
        {
          signal: abort.signal,
          onFailure: (e, retryInMs, attempt) => {
            if (retryInMs === undefined || gen !== this.generation) return;
            const message = `${e.message} Retrying in ${formatDuration(retryInMs)} (attempt ${attempt}).`;
            this.host.log.warn(`${conn.contextName}: ${message}`);
            this.set({ kind: "error", label: conn.contextName, message, version: 0 });
          },
        },
      );
      if (!live || gen !== this.generation) {
        live?.dispose();
        return { kind: "loading", label: conn.contextName, version: 0 };
      }
      this.session.push(live);
      const discovery = await DiscoveryWatcher.start(conn, {
        timeoutMs: 15_000,
        onProblem: (e) => this.host.log.warn(`discovery: ${e.message}`),
      }).catch(() => undefined);
      if (discovery) this.session.push(discovery);
      const me = await whoAmI(conn, { timeoutMs: 10_000 }).then(
        (w) => ({ user: w.username, groups: [...w.groups] }),
        () => undefined,
      );
      const notes = [
        ...res.warnings,
        ...(res.aks.isAks && res.aks.note ? [res.aks.note] : []),
        ...(res.aks.signIn ? [res.aks.signIn] : []),
      ];
      const loaded: Loaded = {
        source: "cluster",
        label: conn.contextName,
        namespace: conn.namespace,
        snapshot: live.current(),
        me,
        discovery: discovery?.current,
        health: live.health(),
        notes,
      };
      this.session.push(
        live.onDidChange((snapshot) => this.update({ snapshot })),
        live.onDidChangeHealth((health) => this.setHealth(health)),
        ...(discovery ? [discovery.onDidChange((d) => this.update({ discovery: d }))] : []),
      );
      this.host.log.info(
        `Connected to ${conn.contextName} (${conn.server.origin}): ${loaded.snapshot.objects.length} RBAC objects, ${loaded.snapshot.gaps.length} gaps`,
      );
      return loaded;
    } catch (e) {
      const message = e instanceof ClusterError ? e.message : String(e);
      this.host.log.error(`${conn.contextName}: ${message}`);
      return { kind: "error", label: conn.contextName, message, version: 0 };
    }
  }

  /** No connection: the example snapshot when there is no kubeconfig at all (and it is wanted), else why. */
  private notConnected(res: { reason: string; message: string }, cfg: ClientConfig): Loaded | ModelState {
    if (res.reason === "no-kubeconfig" && cfg.exampleSnapshot) {
      this.host.log.info(`${res.message} Showing the example snapshot.`);
      return this.fromFile(path.join(this.host.extensionPath, "examples", "cluster-snapshot.yaml"), "example", [
        "No kubeconfig found: showing the example snapshot",
      ]);
    }
    return res.reason === "no-kubeconfig"
      ? { kind: "no-kubeconfig", message: res.message, version: 0 }
      : { kind: "error", label: this.contextOverride ?? cfg.context, message: res.message, version: 0 };
  }

  private fromFile(file: string, source: SourceKind, notes: string[]): Loaded | ModelState {
    try {
      const { snapshot, problems } = loadSnapshotFile(file);
      for (const p of problems) this.host.log.warn(p);
      const label = source === "example" ? "example snapshot" : path.basename(file);
      return {
        source,
        label,
        namespace: "",
        snapshot,
        me: undefined,
        discovery: undefined,
        health: undefined,
        notes: [...notes, ...problems.slice(0, 3)],
      };
    } catch (e) {
      return { kind: "error", label: path.basename(file), message: e instanceof Error ? e.message : String(e), version: 0 };
    }
  }

  private resolvePath(p: string): string {
    const root = this.host.workspaceRoot();
    return path.isAbsolute(p) || !root ? p : path.join(root, p);
  }

  private watchKubeconfig(cfg: ClientConfig): void {
    if (this.kubeconfigWatch) return;
    const files = originPaths(resolveKubeconfigOrigin({ explicitPath: cfg.kubeconfig || undefined }));
    const w = new KubeconfigWatcher(files);
    w.onDidChange((c) => {
      this.host.log.info(`kubeconfig changed: ${c.files.join(", ")}`);
      void this.reload();
    });
    this.kubeconfigWatch = w;
  }

  /**
   * A live change: published at once after a quiet spell, else when `refreshDebounceMs` has passed since
   * the last live publish (a burst re-indexes at most once per that delay; the publish takes the state then).
   */
  private update(change: Partial<Pick<Loaded, "snapshot" | "discovery">>): void {
    if (!this.loaded) return;
    this.loaded = { ...this.loaded, ...change };
    if (this.timer) return;
    const wait = Math.max(0, this.liveAt + this.host.config().refreshDebounceMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.liveAt = Date.now();
      this.publish();
    }, wait);
  }

  /** Health alone changed: same data and index, new marker (no re-index). */
  private setHealth(health: SnapshotHealth): void {
    if (!this.loaded) return;
    this.loaded = { ...this.loaded, health };
    if (health.state === "live") this.host.log.info(`${this.loaded.label}: watches are current again`);
    else this.host.log.warn(`${this.loaded.label}: ${health.state}${health.error ? `: ${health.error}` : ""}`);
    if (this.current.kind === "ready") this.set({ ...this.current, health });
  }

  private publish(): void {
    const l = this.loaded;
    if (!l) return;
    const liveIndex = new RbacIndex(l.snapshot.objects);
    const index = this.overlay ? new RbacIndex([...l.snapshot.objects, ...this.overlay.objects]) : liveIndex;
    const ready: ReadyState = {
      kind: "ready",
      ...l,
      index,
      liveIndex,
      version: 0,
      whatIf: this.overlay
        ? {
            files: this.overlay.files,
            objects: this.overlay.objects.length,
            projects: this.overlay.projects ?? 0,
            failures: this.overlay.failures ?? [],
          }
        : undefined,
    };
    this.set(ready);
  }

  private set(s: ModelState): void {
    this.current = { ...s, version: ++this.version };
    this.emitter.fire(this.current);
  }

  /** What-if on/off: overlay the workspace's (unapplied) manifests on the snapshot. */
  async setWhatIf(on: boolean): Promise<void> {
    this.overlay = on ? await this.host.workspaceObjects() : undefined;
    this.publish();
  }

  /** Workspace manifests changed: refresh the overlay if it is on. */
  async refreshOverlay(): Promise<void> {
    if (this.overlay) await this.setWhatIf(true);
  }

  contexts(): ContextList {
    const cfg = this.host.config();
    const loaded = loadKubeconfig({ explicitPath: cfg.kubeconfig || undefined });
    if (!loaded.ok) return { contexts: [], active: "" };
    return { contexts: listContexts(loaded.config), active: this.contextOverride ?? (cfg.context || loaded.config.currentContext) };
  }

  /** Use another context for this session; `save` also writes current-context like kubectl use-context. */
  async switchContext(name: string, save = false): Promise<string | undefined> {
    let written: string | undefined;
    if (save) {
      const cfg = this.host.config();
      const loaded = loadKubeconfig({ explicitPath: cfg.kubeconfig || undefined });
      if (loaded.ok) written = writeCurrentContext(loaded.config, name);
    }
    this.contextOverride = name;
    await this.reload();
    return written;
  }

  /** The identity to check "my" permissions with: the SelfSubjectReview answer, else undefined. */
  me(): Identity | undefined {
    return this.current.kind === "ready" ? this.current.me : undefined;
  }

  private endSession(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.liveAt = 0;
    for (const d of this.session.splice(0).reverse()) d.dispose();
    this.connection = undefined;
    this.loaded = undefined;
  }

  dispose(): void {
    this.generation++;
    this.endSession();
    this.kubeconfigWatch?.dispose();
    this.emitter.dispose();
  }
}
