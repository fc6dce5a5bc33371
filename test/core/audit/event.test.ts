import { strict as assert } from "node:assert";
import { isFinalStage, readAuditEvent } from "../../../core/audit/event";
import { auditEvent } from "./events";

function read(value: unknown) {
  const r = readAuditEvent(value);
  if (!r.ok) assert.fail(`not read: ${r.reason}`);
  return r.event;
}

describe("core/audit/event", () => {
  it("reads a resource request with its attributes, code and decision", () => {
    const e = read(
      auditEvent({
        auditID: "a1",
        verb: "get",
        uri: "/api/v1/namespaces/dev/secrets/db?timeout=5s",
        ref: { resource: "secrets", namespace: "dev", name: "db" },
        code: 403,
        decision: "forbid",
      }),
    );
    assert.deepEqual(e, {
      auditID: "a1",
      stage: "ResponseComplete",
      identity: { user: "system:serviceaccount:dev:app", groups: ["system:serviceaccounts", "system:authenticated"] },
      requests: [{ kind: "resource", verb: "get", apiGroup: "", resource: "secrets", subresource: "", name: "db", namespace: "dev" }],
      code: 403,
      decision: "forbid",
      time: "2026-01-01T00:00:00.000000Z",
    });
  });

  it("keeps group and subresource, and a subresource create's name", () => {
    const e = read(
      auditEvent({
        verb: "create",
        ref: { apiGroup: "policy", resource: "pods", subresource: "eviction", namespace: "dev", name: "web-1" },
      }),
    );
    assert.deepEqual(e.requests, [
      { kind: "resource", verb: "create", apiGroup: "policy", resource: "pods", subresource: "eviction", name: "web-1", namespace: "dev" },
    ]);
  });

  it("drops the name the log takes from the body of a create on a collection", () => {
    const e = read(auditEvent({ verb: "create", ref: { resource: "configmaps", namespace: "dev", name: "from-body" }, code: 201 }));
    assert.equal(e.requests.length, 1);
    assert.equal(e.requests[0].kind === "resource" && e.requests[0].name, "");
  });

  it("adds the create an update or patch answered 201 Created also needed", () => {
    const e = read(
      auditEvent({ verb: "patch", ref: { apiGroup: "apps", resource: "deployments", namespace: "dev", name: "web" }, code: 201 }),
    );
    assert.deepEqual(
      e.requests.map((r) => r.verb),
      ["patch", "create"],
    );
    const plain = read(
      auditEvent({ verb: "patch", ref: { apiGroup: "apps", resource: "deployments", namespace: "dev", name: "web" }, code: 200 }),
    );
    assert.deepEqual(
      plain.requests.map((r) => r.verb),
      ["patch"],
    );
  });

  it("reads a non-resource request from the request URI without its query", () => {
    const e = read(auditEvent({ verb: "get", uri: "/metrics?format=text" }));
    assert.deepEqual(e.requests, [{ kind: "nonResource", verb: "get", path: "/metrics" }]);
    const encoded = read(auditEvent({ verb: "get", uri: "/logs/kube%20apiserver.log" }));
    assert.deepEqual(encoded.requests, [{ kind: "nonResource", verb: "get", path: "/logs/kube apiserver.log" }]);
    const broken = read(auditEvent({ verb: "get", uri: "/logs/%zz" }));
    assert.deepEqual(broken.requests, [{ kind: "nonResource", verb: "get", path: "/logs/%zz" }]);
  });

  it("judges the impersonated identity when the request impersonated", () => {
    const e = read(
      auditEvent({ user: "admin", impersonate: { user: "jane", groups: ["dev"] }, ref: { resource: "pods", namespace: "dev" } }),
    );
    assert.deepEqual(e.identity, { user: "jane", groups: ["dev"] });
  });

  it("gives a reason, never an exception, for anything that is not an audit event", () => {
    const bad: unknown[] = [
      null,
      42,
      "text",
      [],
      { kind: "Pod" },
      { apiVersion: "v1", kind: "Event" },
      { ...auditEvent(), auditID: 7 },
      { ...auditEvent(), stage: "Later" },
      { ...auditEvent(), verb: undefined },
      { ...auditEvent(), user: {} },
      { ...auditEvent(), user: "x" },
      { ...auditEvent(), requestURI: undefined },
      { ...auditEvent({ ref: { resource: "" } }) },
    ];
    for (const v of bad) {
      const r = readAuditEvent(v);
      assert.equal(r.ok, false, JSON.stringify(v));
      assert.ok(!r.ok && r.reason.length > 0);
    }
  });

  it("knows which stages are the last of a request", () => {
    assert.deepEqual((["RequestReceived", "ResponseStarted", "ResponseComplete", "Panic"] as const).map(isFinalStage), [
      false,
      false,
      true,
      true,
    ]);
  });
});
