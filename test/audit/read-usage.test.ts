import { strict as assert } from "node:assert";
import { readLoggedUsage } from "../../audit/read-usage";
import { auditEvent, EventFields } from "../core/audit/events";
import { useTempDir } from "../support/temp-dir";

describe("audit/read-usage", () => {
  const tmp = useTempDir("kube-rbac-read-usage-");
  const write = (name: string, events: (EventFields & { time?: string })[]) => {
    const lines = events.map(({ time, ...e }) => JSON.stringify({ ...auditEvent(e), ...(time ? { requestReceivedTimestamp: time } : {}) }));
    return tmp.write(name, lines.join("\n"));
  };

  it("groups the requests by user, counts each once, leaves out what was forbidden every time, and spans the logs' times", async () => {
    const a = write("a.log", [
      {
        auditID: "1",
        stage: "RequestReceived",
        user: "alice",
        groups: ["devs"],
        verb: "list",
        ref: { resource: "pods", namespace: "dev" },
        time: "2026-01-02T00:00:00Z",
      },
      {
        auditID: "1",
        user: "alice",
        groups: ["devs"],
        verb: "list",
        ref: { resource: "pods", namespace: "dev" },
        decision: "allow",
        time: "2026-01-02T00:00:00Z",
      },
      {
        auditID: "2",
        user: "alice",
        verb: "delete",
        ref: { resource: "pods", namespace: "dev", name: "x" },
        decision: "forbid",
        code: 403,
        time: "2026-01-03T00:00:00Z",
      },
    ]);
    const b = write("b.log", [
      { auditID: "3", user: "bob", verb: "get", uri: "/healthz", decision: "allow", time: "2026-01-01T00:00:00Z" },
    ]);
    const { usage, report } = await readLoggedUsage([a, b]);
    assert.equal(report.events, 4);
    assert.deepEqual(usage.identities, [
      {
        identity: { user: "alice", groups: ["devs", "system:authenticated", "system:serviceaccounts"] },
        requests: [
          {
            request: { kind: "resource", verb: "list", apiGroup: "", resource: "pods", subresource: "", name: "", namespace: "dev" },
            count: 1,
          },
        ],
      },
      {
        identity: { user: "bob", groups: ["system:authenticated", "system:serviceaccounts"] },
        requests: [{ request: { kind: "nonResource", verb: "get", path: "/healthz" }, count: 1 }],
      },
    ]);
    assert.equal(usage.total, 2);
    assert.deepEqual([usage.from, usage.to], ["2026-01-01T00:00:00Z", "2026-01-03T00:00:00Z"]);
  });
});
