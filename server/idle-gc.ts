// Young garbage collected while the server is idle. Checking a file allocates many short-lived objects
// and keeps some (the open file's parse, findings and diagnostics). V8 collects its young generation
// when that fills up, which is usually in the middle of the next check, and the collection then copies
// everything still alive: the check in progress and what recent files kept (docs/benchmarks.md has the
// figures). Collected once the server
// has been quiet for a moment instead, the young generation holds little more than what the last check
// kept, and the next check starts with an empty one.
//
// V8's collector is reachable only when the process runs with `--expose-gc` (protocol/launch.ts);
// without it (an embedder's own process) nothing is collected early.

/** How long the server must have been quiet before its young garbage is collected (ms). */
export const IDLE_COLLECT_MS = 100;

type GcFunction = (options?: { type?: "minor" | "major" }) => void;

/** A collection of V8's young generation, when the process exposes V8's collector; else undefined. */
export function youngCollector(): (() => void) | undefined {
  const gc = (globalThis as { gc?: GcFunction }).gc;
  return typeof gc === "function" ? () => gc({ type: "minor" }) : undefined;
}

/** Timers as the collector uses them (the tests hand in a clock they advance themselves). */
export interface IdleTimers {
  set(fn: () => void, ms: number): { cancel(): void };
}

const NODE_TIMERS: IdleTimers = {
  set(fn, ms) {
    const t = setTimeout(fn, ms);
    // A pending collection never keeps the process alive.
    t.unref?.();
    return { cancel: () => clearTimeout(t) };
  },
};

/**
 * Calls `collect` once the server has been quiet (`busy()` false) for `quietMs`. `quiet()` is called
 * whenever the server's work is done; any work started meanwhile postpones the collection.
 */
export class IdleCollector {
  private timer: { cancel(): void } | undefined;

  constructor(
    private readonly busy: () => boolean,
    private readonly collect: (() => void) | undefined = youngCollector(),
    private readonly quietMs = IDLE_COLLECT_MS,
    private readonly timers: IdleTimers = NODE_TIMERS,
  ) {}

  /** The server's work is done for now: collect after `quietMs`, unless work starts again. */
  quiet(): void {
    if (!this.collect) return;
    this.timer?.cancel();
    this.timer = this.timers.set(() => {
      this.timer = undefined;
      if (!this.busy()) this.collect?.();
    }, this.quietMs);
  }

  dispose(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }
}
