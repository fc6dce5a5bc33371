// `kube-rbac suggest` on audit logs written here (the test against the real API server's log is
// test/cluster/suggest-proof.test.ts).
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import { gzipSync } from "node:zlib";
import { parseAllDocuments } from "yaml";
import { cli } from "../support/cli";
import { useTempDir } from "../support/temp-dir";
import { auditEvent, EventFields } from "../core/audit/events";

const SA = "system:serviceaccount:dev:app";
const lines = (...events: EventFields[]) => events.map((e) => JSON.stringify(auditEvent(e)) + "\n").join("");

describe("cli suggest", () => {
  const tmp = useTempDir("kube-rbac-suggest-");
  let log: string;
  before(() => {
    log = tmp.write(
      "audit.log",
      lines(
        { auditID: "1", stage: "ResponseStarted", verb: "watch", ref: { resource: "pods", namespace: "dev" } },
        { auditID: "1", verb: "watch", ref: { resource: "pods", namespace: "dev" }, code: 200, decision: "allow" },
        { verb: "get", ref: { resource: "secrets", namespace: "dev", name: "db" }, code: 403, decision: "forbid" },
        { verb: "list", ref: { resource: "nodes" }, code: 200, decision: "allow" },
        { verb: "get", uri: "/metrics", code: 200, decision: "allow" },
        { verb: "list", ref: { resource: "pods", namespace: "dev" }, code: 401 },
        { user: "jane", verb: "delete", ref: { resource: "pods", namespace: "dev", name: "x" } },
        {
          user: "admin",
          impersonate: { user: "jane", groups: ["ops"] },
          verb: "get",
          ref: { resource: "configmaps", namespace: "ops", name: "c" },
        },
      ) + "{oops\n",
    );
  });

  it("prints Roles, ClusterRoles and bindings as YAML documents, and what it read on stderr", async () => {
    const r = await cli("suggest", "--audit-log", log, "--as", SA);
    assert.equal(r.code, 0, r.err);
    const docs = parseAllDocuments(r.out).map(
      (d) => d.toJS() as { kind: string; metadata: { name: string; namespace?: string }; rules?: unknown },
    );
    assert.deepEqual(
      docs.map((d) => `${d.kind} ${d.metadata.namespace ?? ""}/${d.metadata.name}`),
      [
        "ClusterRole /kube-rbac-suggested:system:serviceaccount:dev:app",
        "ClusterRoleBinding /kube-rbac-suggested:system:serviceaccount:dev:app",
        "Role dev/kube-rbac-suggested:system:serviceaccount:dev:app",
        "RoleBinding dev/kube-rbac-suggested:system:serviceaccount:dev:app",
      ],
    );
    assert.deepEqual(docs[0].rules, [
      { apiGroups: [""], resources: ["nodes"], verbs: ["list"] },
      { nonResourceURLs: ["/metrics"], verbs: ["get"] },
    ]);
    assert.deepEqual(docs[2].rules, [
      { apiGroups: [""], resources: ["pods"], verbs: ["watch"] },
      { apiGroups: [""], resources: ["secrets"], resourceNames: ["db"], verbs: ["get"] },
    ]);
    assert.deepEqual(r.err.split("\n"), [
      `read 8 audit events in 9 lines of 1 log: 4 requests by ${SA} (3 allowed, 1 denied, 4 distinct)`,
      "left out 1 event answered 401 (not authenticated)",
      "skipped 1 malformed line, e.g.",
      `  ${log}:9: not JSON`,
      "",
    ]);
  });

  it("gives the same answer from a gzip copy, as JSON too, and is stable", async () => {
    const zipped = tmp.write("audit.log.1", gzipSync(fs.readFileSync(log)));
    const plain = await cli("suggest", "--audit-log", log, "--as", SA, "-o", "json");
    const gz = await cli("suggest", "--audit-log", zipped, "--as", SA, "-o", "json");
    assert.equal(gz.out, plain.out);
    const list = JSON.parse(plain.out);
    assert.equal(list.kind, "List");
    assert.equal(list.items.length, 4);
    const both = await cli("suggest", "--audit-log", log, zipped, "--as", SA, "-o", "json");
    assert.equal(both.out, plain.out);
  });

  it("judges the impersonated user, and selects a group's requests with --as-group", async () => {
    const jane = await cli("suggest", "--audit-log", log, "--as", "jane", "-o", "json");
    const items = JSON.parse(jane.out).items;
    assert.deepEqual(
      items.map((i: { kind: string; metadata: { namespace: string } }) => `${i.kind} ${i.metadata.namespace}`),
      ["Role dev", "RoleBinding dev", "Role ops", "RoleBinding ops"],
    );
    assert.deepEqual(items[1].subjects, [{ kind: "User", apiGroup: "rbac.authorization.k8s.io", name: "jane" }]);
    const ops = await cli("suggest", "--audit-log", log, "--as-group", "ops", "-o", "json");
    const opsItems = JSON.parse(ops.out).items;
    assert.deepEqual(opsItems[0].rules, [{ apiGroups: [""], resources: ["configmaps"], resourceNames: ["c"], verbs: ["get"] }]);
    assert.deepEqual(opsItems[1].subjects, [{ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: "ops" }]);
  });

  it("suggests what kube-rbac check finds no error in", async () => {
    const r = await cli("suggest", "--audit-log", log, "--as", SA);
    const file = tmp.write("suggested.yaml", r.out);
    const checked = await cli("check", file);
    assert.equal(checked.code, 0, checked.out);
    assert.match(checked.err + checked.out, /\b0 error\(s\)/);
  });

  it("exits 1 with a message when the subject made no request", async () => {
    const r = await cli("suggest", "--audit-log", log, "--as", "nobody");
    assert.equal(r.code, 1);
    assert.equal(r.out, "");
    assert.match(r.err, /no requests by nobody in the audit logs: nothing to suggest/);
  });

  it("refuses bad usage and unreadable logs with exit 2 and a clear message", async () => {
    const cases: [string[], RegExp][] = [
      [["suggest", "--as", SA], /--audit-log FILE is required/],
      [["suggest", "--audit-log", log], /--as USER or --as-group GROUP is required/],
      [["suggest", "--audit-log", log, "--as", SA, "--as-group", "g"], /either --as USER or --as-group GROUP, not both/],
      [["suggest", "--audit-log", log, "--as", SA, "-o", "table"], /--output must be yaml or json/],
      [["suggest", "--audit-log", tmp.file("missing.log"), "--as", SA], /cannot read audit log .*missing\.log: ENOENT/],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(...argv);
      assert.equal(r.code, 2, argv.join(" "));
      assert.match(r.err, message);
      assert.equal(r.out, "");
    }
  });

  it("has help", async () => {
    const r = await cli("suggest", "--help");
    assert.equal(r.code, 0);
    assert.match(r.out, /^usage: kube-rbac suggest --audit-log FILE/);
  });
});
