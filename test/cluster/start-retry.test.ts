import { strict as assert } from "node:assert";
import { ClusterError, mayPass, startWithRetry } from "../../cluster";

const fast = { initialMs: 1, maxMs: 4 };

describe("startWithRetry (connecting again by itself)", () => {
  it("retries errors that may pass, with growing delays, until the start works", async () => {
    const kinds = ["unreachable", "unauthorized", "server", "timeout", "exec"] as const;
    let n = 0;
    const seen: { kind: string; retryInMs: number | undefined; attempt: number }[] = [];
    const result = await startWithRetry(
      async () => {
        if (n < kinds.length) throw new ClusterError(kinds[n++], "not yet");
        return "started";
      },
      { backoff: fast, random: () => 1, onFailure: (e, retryInMs, attempt) => seen.push({ kind: e.kind, retryInMs, attempt }) },
    );
    assert.equal(result, "started");
    assert.deepEqual(
      seen.map((s) => s.kind),
      [...kinds],
    );
    assert.deepEqual(
      seen.map((s) => s.retryInMs),
      [1, 2, 4, 4, 4],
    );
    assert.deepEqual(
      seen.map((s) => s.attempt),
      [1, 2, 3, 4, 5],
    );
  });

  it("stops at once on what only the user can fix (kubeconfig, TLS), and says so", async () => {
    for (const kind of ["config", "tls", "no-kubeconfig"] as const) {
      let attempts = 0;
      const failures: (number | undefined)[] = [];
      await assert.rejects(
        startWithRetry(
          async () => {
            attempts++;
            throw new ClusterError(kind, "fix me");
          },
          { backoff: fast, onFailure: (_e, retryInMs) => failures.push(retryInMs) },
        ),
        (e: unknown) => e instanceof ClusterError && e.kind === kind,
      );
      assert.equal(attempts, 1, kind);
      assert.deepEqual(failures, [undefined]);
      assert.equal(mayPass(new ClusterError(kind, "")), false);
    }
  });

  it("ends quietly when the session ends while it waits", async () => {
    const abort = new AbortController();
    let attempts = 0;
    const pending = startWithRetry(
      async () => {
        attempts++;
        throw new ClusterError("unreachable", "down");
      },
      { backoff: { initialMs: 60_000, maxMs: 60_000 }, signal: abort.signal },
    );
    await new Promise((r) => setImmediate(r));
    abort.abort();
    assert.equal(await pending, undefined);
    assert.equal(attempts, 1);
  });
});
