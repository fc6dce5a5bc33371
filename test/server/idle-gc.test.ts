// Young garbage collected while the server is idle (server/idle-gc.ts): once the server has been quiet
// for a moment, never while a check is pending or running, and not at all without V8's collector.
import { strict as assert } from "node:assert";
import { IdleCollector, IdleTimers, youngCollector } from "../../server/idle-gc";
import { TestClient } from "./lsp-client";

/** A clock the test advances: timers fire in order when their time is reached, never on their own. */
class FakeTimers implements IdleTimers {
  private now = 0;
  private pending: { at: number; fn: () => void; cancelled: boolean }[] = [];
  set(fn: () => void, ms: number) {
    const t = { at: this.now + ms, fn, cancelled: false };
    this.pending.push(t);
    return { cancel: () => void (t.cancelled = true) };
  }
  advance(ms: number): void {
    this.now += ms;
    const due = this.pending.filter((t) => t.at <= this.now).sort((a, b) => a.at - b.at);
    this.pending = this.pending.filter((t) => t.at > this.now);
    for (const t of due) if (!t.cancelled) t.fn();
  }
}
type GcStub = ((options?: { type?: string }) => void) | undefined;
const global = globalThis as { gc?: GcStub };

/** A collector on a FakeTimers clock, after `quietMs` of quiet and while `busy()` does not hold, counting its collections. */
function fakeCollector(quietMs: number, busy: () => boolean = () => false) {
  let collections = 0;
  const clock = new FakeTimers();
  const collector = new IdleCollector(busy, () => collections++, quietMs, clock);
  return { clock, collector, collected: () => collections };
}

describe("server: idle collection", () => {
  it("collects once after a quiet spell, however often the server went quiet meanwhile", async () => {
    const { clock, collector, collected } = fakeCollector(20);
    collector.quiet();
    collector.quiet();
    clock.advance(5);
    collector.quiet();
    clock.advance(19);
    assert.equal(collected(), 0, "not before the quiet spell");
    clock.advance(1);
    assert.equal(collected(), 1);
    clock.advance(100);
    assert.equal(collected(), 1, "once");
    collector.dispose();
  });

  it("does not collect while the server is busy, and not after it is disposed", async () => {
    let busy = true;
    const { clock, collector, collected } = fakeCollector(10, () => busy);
    collector.quiet();
    clock.advance(40);
    assert.equal(collected(), 0, "busy when the spell ended");
    busy = false;
    collector.quiet();
    collector.dispose();
    clock.advance(40);
    assert.equal(collected(), 0, "disposed");
  });

  it("uses V8's collector for the young generation when the process exposes it, else nothing", () => {
    const saved = global.gc;
    try {
      global.gc = undefined;
      assert.equal(youngCollector(), undefined);
      const calls: unknown[] = [];
      global.gc = (options) => calls.push(options);
      youngCollector()?.();
      assert.deepEqual(calls, [{ type: "minor" }]);
    } finally {
      global.gc = saved;
    }
  });

  it("the server collects once its documents are checked, and not while a check is under way", async function () {
    this.timeout(20_000);
    const saved = global.gc;
    const collections: number[] = [];
    let client: TestClient | undefined;
    let checking = false;
    let firstCollection: () => void = () => undefined;
    const collected = new Promise<void>((resolve) => (firstCollection = resolve));
    global.gc = () => {
      assert.ok(!checking, "collected while a document waited for its diagnostics");
      collections.push(Date.now());
      firstCollection();
    };
    try {
      client = await TestClient.start();
      checking = true;
      const doc = await client.open(
        "a.yaml",
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r, namespace: a}\nrules:\n- apiGroups: [""]\n  resources: [pod]\n  verbs: [get]\n',
      );
      assert.deepEqual(
        (await doc.diagnostics()).map((d) => d.code),
        ["unknown-resource"],
      );
      checking = false;
      const published = Date.now();
      await collected;
      assert.equal(collections.length, 1);
      assert.ok(collections[0] - published >= 50, `collected ${collections[0] - published} ms after the diagnostics`);
    } finally {
      await client?.stop();
      global.gc = saved;
    }
  });
});
