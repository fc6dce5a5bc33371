import { strict as assert } from "node:assert";
import { readAuditEvent } from "../../../core/audit/event";
import { AuditUsage } from "../../../core/audit/usage";
import { auditEvent, EventFields } from "./events";

function add(usage: AuditUsage, f: EventFields) {
  const r = readAuditEvent(auditEvent(f));
  if (!r.ok) assert.fail(r.reason);
  usage.add(r.event);
}

const PODS = { resource: "pods", namespace: "dev" };

describe("core/audit/usage", () => {
  it("counts a request once, whatever its stages, and its decision once", () => {
    const u = new AuditUsage();
    add(u, { auditID: "w", stage: "RequestReceived", verb: "watch", ref: PODS });
    add(u, { auditID: "w", stage: "ResponseStarted", verb: "watch", ref: PODS, code: 200, decision: "allow" });
    add(u, { auditID: "w", stage: "ResponseComplete", verb: "watch", ref: PODS, code: 200, decision: "allow" });
    add(u, { auditID: "l", stage: "RequestReceived", verb: "list", ref: PODS });
    add(u, { auditID: "l", stage: "ResponseComplete", verb: "list", ref: PODS, code: 403, decision: "forbid" });
    add(u, { auditID: "l2", verb: "list", ref: PODS, code: 200, decision: "allow" });
    assert.deepEqual(u.stats, { events: 6, requests: 3, repeatedStages: 3, unauthenticated: 0, allowed: 2, denied: 1 });
    assert.deepEqual(
      u.entries().map((e) => [e.request.verb, e.count, e.allowed, e.denied]),
      [
        ["list", 2, 1, 1],
        ["watch", 1, 1, 0],
      ],
    );
    assert.equal(u.openRequests, 0);
  });

  it("leaves out requests answered 401", () => {
    const u = new AuditUsage();
    add(u, { verb: "list", ref: PODS, code: 401 });
    assert.deepEqual(u.entries(), []);
    assert.equal(u.stats.unauthenticated, 1);
  });

  it("keeps users apart and remembers their groups", () => {
    const u = new AuditUsage();
    add(u, { user: "jane", groups: ["dev"], verb: "get", ref: { ...PODS, name: "a" } });
    add(u, { user: "jane", groups: ["ops"], verb: "get", ref: { ...PODS, name: "a" } });
    add(u, { user: "bob", verb: "get", ref: { ...PODS, name: "a" } });
    assert.deepEqual(u.users(), ["bob", "jane"]);
    assert.deepEqual(u.groupsOf("jane"), ["dev", "ops"]);
    assert.deepEqual(
      u.entriesOf("jane").map((e) => e.count),
      [2],
    );
    assert.equal(u.entries().length, 2);
  });

  it("remembers at most maxOpen unfinished requests, the newest", () => {
    const u = new AuditUsage(2);
    for (const id of ["a", "b", "c"]) add(u, { auditID: id, stage: "RequestReceived", ref: PODS });
    assert.equal(u.openRequests, 2);
    // "a" was forgotten: its last stage counts again; "c" is still known.
    add(u, { auditID: "a", ref: PODS });
    add(u, { auditID: "c", ref: PODS });
    assert.deepEqual(u.stats, { events: 5, requests: 4, repeatedStages: 1, unauthenticated: 0, allowed: 0, denied: 0 });
  });
});
