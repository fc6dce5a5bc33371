import { strict as assert } from "node:assert";
import { describeHealth, formatAge, HealthTracker, SnapshotHealth } from "../../cluster";

describe("snapshot health", () => {
  function tracker() {
    let now = 1_000_000;
    const t = new HealthTracker(() => now);
    const events: SnapshotHealth[] = [];
    t.onDidChange((h) => events.push(h));
    return {
      t,
      events,
      /** At `ms`, a contact of `watch`. */
      okAt: (ms: number, watch: object) => ((now = ms), t.ok(watch)),
      /** At `ms`, a failure of `watch`. */
      failedAt: (ms: number, watch: object, error: string) => ((now = ms), t.failed(watch, error)),
    };
  }

  it("is live while every watch has contact; contacts alone fire nothing", () => {
    const { t, events, okAt } = tracker();
    const a = {},
      b = {};
    okAt(1_000_100, a);
    okAt(1_000_200, b);
    assert.deepEqual(t.health(), { state: "live", since: 1_000_200 });
    assert.deepEqual(events, []);
  });

  it("goes stale on a failure with the time of the last contact, recovering when part is back, live when all are", () => {
    const { t, events, okAt, failedAt } = tracker();
    const a = {},
      b = {};
    okAt(2_000, a);
    okAt(3_000, b);
    failedAt(5_000, a, "Cannot reach https://127.0.0.1:1: connection refused.");
    failedAt(6_000, b, "The connection to\n https://127.0.0.1:1 was reset.");
    failedAt(9_000, b, "The connection to https://127.0.0.1:1 was reset."); // the same again: no event
    okAt(10_000, b);
    okAt(11_000, a);
    assert.deepEqual(events, [
      { state: "stale", since: 2_000, error: "Cannot reach https://127.0.0.1:1: connection refused." },
      { state: "stale", since: 2_000, error: "The connection to https://127.0.0.1:1 was reset." },
      { state: "recovering", since: 2_000, error: "The connection to https://127.0.0.1:1 was reset." },
      { state: "live", since: 11_000 },
    ]);
    // A new fault after recovery starts over as stale.
    failedAt(12_000, a, "boom");
    assert.deepEqual(t.health(), { state: "stale", since: 11_000, error: "boom" });
  });

  it("caps the error at one line of 200 characters", () => {
    const { t } = tracker();
    t.failed({}, `a\r\n${"x".repeat(300)}`);
    assert.equal(t.health().error, `a ${"x".repeat(197)}…`);
  });

  it("describes the age computed at render", () => {
    assert.deepEqual([0, 59_999, 60_000, 3_599_999, 3_600_000, 86_400_000 * 3].map(formatAge), [
      "0 s",
      "59 s",
      "1 min",
      "59 min",
      "1 h",
      "3 d",
    ]);
    assert.equal(describeHealth({ state: "live", since: 0 }, 10), undefined);
    assert.equal(
      describeHealth({ state: "stale", since: 0, error: "Cannot reach x: connection refused." }, 125_000),
      "stale for 2 min: Cannot reach x: connection refused — retrying",
    );
    assert.equal(describeHealth({ state: "recovering", since: 0 }, 5_000), "recovering, partly stale for 5 s — retrying");
  });

  it("fires nothing after dispose", () => {
    const { t, events } = tracker();
    t.dispose();
    t.failed({}, "x");
    assert.deepEqual(events, []);
  });
});
