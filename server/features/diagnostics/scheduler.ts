// When documents are checked: debounced while typing, at once when opened; a check in progress is
// cancelled when its document changes again. Documents the user opened or edited go first: background
// re-checks (because something else changed) wait for them. The client is told when checking starts and
// when everything open has been checked.
import { CancellationToken, CancellationTokenSource, Disposable } from "vscode-languageserver";

/**
 * Checks one document. `background` is undefined for a document the user opened or edited; for a
 * background re-check, it is what to wait for between slices.
 */
export type RunCheck = (uri: string, token: CancellationToken, background: (() => Promise<void> | undefined) | undefined) => Promise<void>;

export interface SchedulerHooks {
  /** The delay after an edit (ms). */
  debounceMs(): number;
  /** What background checks also wait for between slices (undefined when there is nothing to wait for). */
  yieldTo(): Promise<void> | undefined;
  /** Called when checking starts (true) and when every open document has been checked (false). */
  busyChanged(busy: boolean): void;
  failed(uri: string, e: unknown): void;
}

export class CheckScheduler implements Disposable {
  /** Checks scheduled and not started, per document: how to call each off. */
  private readonly pending = new Map<string, () => void>();
  /** Documents the user opened or edited whose check is pending or running: background re-checks wait for them. */
  private readonly foreground = new Set<string>();
  private readonly waiting: (() => void)[] = [];
  /** Callers of idle() waiting for every check to be done. */
  private readonly idleWaiters: (() => void)[] = [];
  /** The check in progress per document; cancelled when the document changes again. */
  private readonly running = new Map<string, CancellationTokenSource>();
  private reportedBusy = false;

  constructor(
    private readonly runCheck: RunCheck,
    private readonly hooks: SchedulerHooks,
  ) {}

  /**
   * `background`: a re-check because something else changed (another file, the settings, the cluster).
   * It waits while a document the user opened or edited waits for its own check.
   */
  schedule(uri: string, delay = this.hooks.debounceMs(), background = false): void {
    if (!background) this.foreground.add(uri);
    // Whatever is being checked for this document is about to be out of date: stop it at its next slice.
    this.running.get(uri)?.cancel();
    this.pending.get(uri)?.();
    const start = () => {
      this.pending.delete(uri);
      void this.validate(uri);
    };
    // No delay (an opened document): in this turn of the event loop's check phase, not after a 1 ms timer.
    if (delay > 0) {
      const t = setTimeout(start, delay);
      this.pending.set(uri, () => clearTimeout(t));
    } else {
      const t = setImmediate(start);
      this.pending.set(uri, () => clearImmediate(t));
    }
    this.updateStatus();
  }

  /** True while a document waits for its check or is being checked. */
  get busy(): boolean {
    return this.pending.size > 0 || this.running.size > 0;
  }

  /** Resolves once no document waits for its check or is being checked (at once when none does). */
  idle(): Promise<void> {
    return this.busy ? new Promise((resolve) => this.idleWaiters.push(resolve)) : Promise.resolve();
  }

  /** Checks one document now (unless it became stale meanwhile). */
  private async validate(uri: string): Promise<void> {
    this.running.get(uri)?.cancel();
    const source = new CancellationTokenSource();
    this.running.set(uri, source);
    try {
      const background = this.foreground.has(uri) ? undefined : () => this.whenForegroundDone() ?? this.hooks.yieldTo();
      await this.runCheck(uri, source.token, background);
    } catch (e) {
      this.hooks.failed(uri, e);
    } finally {
      if (this.running.get(uri) === source) this.running.delete(uri);
      // Done with what the user asked for, unless a newer check of the same document is under way.
      if (!this.running.has(uri) && !this.pending.has(uri)) this.foregroundDone(uri);
      source.dispose();
      this.updateStatus();
    }
  }

  /** Calls off what is scheduled or running for the document. */
  forget(uri: string): void {
    this.running.get(uri)?.cancel();
    this.pending.get(uri)?.();
    this.pending.delete(uri);
    this.foregroundDone(uri);
    this.updateStatus();
  }

  dispose(): void {
    for (const cancel of this.pending.values()) cancel();
    this.pending.clear();
    for (const r of this.running.values()) r.cancel();
    this.foreground.clear();
    for (const resolve of this.waiting.splice(0)) resolve();
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private updateStatus(): void {
    const busy = this.busy;
    if (busy === this.reportedBusy) return;
    this.reportedBusy = busy;
    this.hooks.busyChanged(busy);
    if (!busy) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private foregroundDone(uri: string): void {
    if (!this.foreground.delete(uri) || this.foreground.size > 0) return;
    for (const resolve of this.waiting.splice(0)) resolve();
  }

  /** Undefined when no opened or edited document waits for its check; else resolves when none does. */
  private whenForegroundDone(): Promise<void> | undefined {
    return this.foreground.size === 0 ? undefined : new Promise((resolve) => this.waiting.push(resolve));
  }
}
