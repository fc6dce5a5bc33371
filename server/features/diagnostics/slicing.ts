// Long checks (the first open of a huge file) run in slices, so that other requests are served meanwhile,
// and show a progress notification once they take a while.
import { WorkDoneProgressServerReporter } from "vscode-languageserver";
import { ServerContext } from "../../context";

/** How long a check may hold the event loop before it lets other messages through (ms). */
const SLICE_MS = 20;
const BACKGROUND_SLICE_MS = 4;

/** Runs step generators, yielding to the event loop every SLICE_MS; gives up (undefined) once stale. */
export class Slicer {
  slices = 1;
  private sliceStart = Date.now();
  private readonly sliceMs: number;

  constructor(
    private readonly stale: () => boolean,
    private readonly progress: (phase: string, steps: number) => void,
    /** A background check waits here between slices while the user's documents are checked. */
    private readonly pause: (() => Promise<void> | undefined) | undefined,
  ) {
    // Each message from the client (a didOpen, a didClose) and each message to it is handled in a turn of
    // the event loop of its own, so one waits a whole slice per hop: a background check yields often.
    this.sliceMs = pause ? BACKGROUND_SLICE_MS : SLICE_MS;
  }

  /** `steps` yields the number of steps done so far. */
  async run<T>(steps: Generator<number, T, void>, phase: string): Promise<T | undefined> {
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
      if (Date.now() - this.sliceStart >= this.sliceMs) {
        this.progress(phase, r.value);
        await new Promise<void>((resolve) => setImmediate(resolve));
        const paused = this.pause?.();
        if (paused) await paused;
        this.slices++;
        this.sliceStart = Date.now();
        if (this.stale()) return undefined;
      }
    }
  }
}

/** Progress shown while a long check runs (after PROGRESS_AFTER_MS); nothing for the usual quick check. */
const PROGRESS_AFTER_MS = 500;

export class CheckProgress {
  private readonly started = Date.now();
  private reporter: Promise<WorkDoneProgressServerReporter> | undefined;

  constructor(
    private readonly ctx: ServerContext,
    private readonly name: string,
  ) {}

  report(phase: string, n: number): void {
    if (!this.reporter) {
      if (Date.now() - this.started < PROGRESS_AFTER_MS) return;
      this.reporter = this.ctx.connection.window.createWorkDoneProgress().then((r) => {
        r.begin(`kube-rbac: checking ${this.name}`, undefined, undefined, false);
        return r;
      });
    }
    void this.reporter.then(
      (r) => r.report(`${n} documents ${phase}`),
      () => undefined,
    );
  }

  done(): void {
    void this.reporter?.then(
      (r) => r.done(),
      () => undefined,
    );
  }
}
