// Starting again by itself when the first connection fails for a reason that can pass without the user
// doing anything: the server down or restarting, a 5xx or a garbled answer, a timeout, credentials
// refused until a token is refreshed or rotated, an exec plugin that fails until the user logs in.
// Attempts are paced by the same capped, jittered backoff as the watches. Problems only the user can
// fix (an unusable kubeconfig, a certificate that does not verify) end the attempts at once: the
// kubeconfig watcher starts over when the file changes.
import { ClusterError, ClusterErrorKind, toClusterError } from "./errors";
import { Backoff, backoffDelay } from "./list-watch";

/** Between attempts to connect: 2 s, doubling, at most a minute (jittered). */
export const START_BACKOFF: Backoff = { initialMs: 2_000, maxMs: 60_000 };

const PASSING: ReadonlySet<ClusterErrorKind> = new Set([
  "unreachable",
  "timeout",
  "unauthorized",
  "server",
  "invalid-response",
  "exec",
  "gone",
]);

/** Whether trying again later may succeed with the same kubeconfig. */
export function mayPass(e: ClusterError): boolean {
  return PASSING.has(e.kind);
}

export interface StartRetryOptions {
  readonly backoff?: Backoff;
  readonly signal?: AbortSignal;
  /** After each failed attempt: the error, and the delay before the next attempt (undefined: no more). */
  readonly onFailure?: (error: ClusterError, retryInMs: number | undefined, attempt: number) => void;
  readonly random?: () => number;
}

/**
 * Runs `attempt` until it succeeds, retrying errors that may pass. Rejects with the first error that will
 * not pass by itself; resolves undefined when `signal` aborts (a reload, a new context, the end).
 */
export async function startWithRetry<T>(attempt: () => Promise<T>, options: StartRetryOptions = {}): Promise<T | undefined> {
  const backoff = options.backoff ?? START_BACKOFF;
  for (let n = 0; ; n++) {
    if (options.signal?.aborted) return undefined;
    try {
      return await attempt();
    } catch (e) {
      const err = toClusterError(e);
      if (options.signal?.aborted) return undefined;
      if (err.kind === "cancelled") return undefined;
      if (!mayPass(err)) {
        options.onFailure?.(err, undefined, n + 1);
        throw err;
      }
      const delay = backoffDelay(backoff, n, options.random);
      options.onFailure?.(err, delay, n + 1);
      if (!(await sleep(delay, options.signal))) return undefined;
    }
  }
}

/** Resolves true after `ms`, false at once if `signal` aborts first. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
