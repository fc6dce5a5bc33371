// Young garbage collected while the server is idle (server/idle-gc.ts): once the server has been quiet
// for a moment, never while a check is pending or running, and not at all without V8's collector.
import { strict as assert } from "node:assert";
import { IdleCollector, youngCollector } from "../../server/idle-gc";
import { TestClient } from "./lsp-client";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
type GcStub = ((options?: { type?: string }) => void) | undefined;
const global = globalThis as { gc?: GcStub };

describe("server: idle collection", () => {
  it("collects once after a quiet spell, however often the server went quiet meanwhile", async () => {
    let collected = 0;
    const collector = new IdleCollector(
      () => false,
      () => collected++,
      20,
    );
    collector.quiet();
    collector.quiet();
    await sleep(5);
    collector.quiet();
    assert.equal(collected, 0, "not before the quiet spell");
    await sleep(60);
    assert.equal(collected, 1);
    collector.dispose();
  });

  it("does not collect while the server is busy, and not after it is disposed", async () => {
    let collected = 0;
    let busy = true;
    const collector = new IdleCollector(
      () => busy,
      () => collected++,
      10,
    );
    collector.quiet();
    await sleep(40);
    assert.equal(collected, 0, "busy when the spell ended");
    busy = false;
    collector.quiet();
    collector.dispose();
    await sleep(40);
    assert.equal(collected, 0, "disposed");
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
    global.gc = () => {
      assert.ok(!checking, "collected while a document waited for its diagnostics");
      collections.push(Date.now());
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
      for (let waited = 0; collections.length === 0 && waited < 5_000; waited += 20) await sleep(20);
      assert.equal(collections.length, 1);
      assert.ok(collections[0] - published >= 50, `collected ${collections[0] - published} ms after the diagnostics`);
    } finally {
      await client?.stop();
      global.gc = saved;
    }
  });
});
