// `kube-rbac check --audit-log`: the editor's unused-grant hints on the command line, in every format.
import { strict as assert } from "node:assert";
import { gzipSync } from "node:zlib";
import type { JsonDiagnostic } from "../../cli/commands/check";
import { cli } from "../support/cli";
import { useTempDir } from "../support/temp-dir";
import { auditEvent, EventFields } from "../core/audit/events";

const MANIFESTS = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: deployer}
rules:
  - apiGroups: ["apps"]
    resources: ["*"]
    verbs: ["get", "update", "delete"]
  - nonResourceURLs: ["/metrics"]
    verbs: [get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: deployer}
subjects: [{kind: ServiceAccount, name: ci, namespace: build}]
roleRef: {kind: ClusterRole, name: deployer, apiGroup: rbac.authorization.k8s.io}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: idle, namespace: build}
rules:
  - apiGroups: [""]
    resources: [configmaps]
    verbs: [get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: idle, namespace: build}
subjects: [{kind: User, name: nobody-logged, apiGroup: rbac.authorization.k8s.io}]
roleRef: {kind: Role, name: idle, apiGroup: rbac.authorization.k8s.io}
`;

const CI = {
  user: "system:serviceaccount:build:ci",
  groups: ["system:serviceaccounts", "system:serviceaccounts:build", "system:authenticated"],
};
const EVENTS: EventFields[] = [
  { ...CI, verb: "get", ref: { apiGroup: "apps", resource: "deployments", namespace: "web", name: "front" }, decision: "allow" },
  {
    ...CI,
    verb: "update",
    ref: { apiGroup: "apps", resource: "deployments", subresource: "scale", namespace: "web", name: "front" },
    decision: "allow",
  },
  // Forbidden every time: it used no grant.
  {
    ...CI,
    verb: "delete",
    ref: { apiGroup: "apps", resource: "deployments", namespace: "web", name: "front" },
    decision: "forbid",
    code: 403,
  },
];

describe("cli check --audit-log", function () {
  this.timeout(60000);
  const tmp = useTempDir("kube-rbac-audit-check-");
  before(() => {
    tmp.write("rbac.yaml", MANIFESTS);
    tmp.write("audit.log.gz", gzipSync(EVENTS.map((e) => JSON.stringify(auditEvent(e))).join("\n")));
  });

  it("adds the unused-grant hints, as JSON", async () => {
    const r = await cli("check", tmp.file("rbac.yaml"), "--audit-log", tmp.file("audit.log.gz"), "-o", "json");
    assert.equal(r.code, 0, r.err);
    const unused = (JSON.parse(r.out) as JsonDiagnostic[]).filter((d) => d.code === "unused-grant");
    assert.deepEqual(
      unused.map((d) => [d.range.start.line, d.severity, d.message.split(":")[0]]),
      [
        [6, "hint", "Unused grant"],
        [7, "hint", "Unused grant"],
        [
          18,
          "hint",
          "None of the subjects this role is given to (User nobody-logged) made a request in the audit log (2 requests at 2026-01-01T00",
        ],
      ],
    );
    assert.match(
      unused[0].message,
      /verb "delete" of this rule was used by no request it authorized in the audit log \(2 logged requests of ServiceAccount build\/ci at /,
    );
    assert.match(unused[1].message, /^Unused grant: no request authorized by this rule is in the audit log/);
  });

  it("in SARIF and text too; without the flag, none", async () => {
    const sarif = await cli("check", tmp.file("rbac.yaml"), "--audit-log", tmp.file("audit.log.gz"), "-o", "sarif");
    const results = (JSON.parse(sarif.out) as { runs: { results: { ruleId: string; level: string }[] }[] }).runs[0].results;
    assert.deepEqual(
      results.filter((x) => x.ruleId === "unused-grant").map((x) => x.level),
      ["note", "note", "note"],
    );
    const text = await cli("check", tmp.file("rbac.yaml"), "--audit-log", tmp.file("audit.log.gz"));
    assert.equal(text.out.match(/unused-grant/g)?.length, 3, text.out);
    const without = await cli("check", tmp.file("rbac.yaml"), "-o", "json");
    assert.equal(without.out.includes("unused-grant"), false);
  });

  it("a log that cannot be read is an input error (exit 2), with its name", async () => {
    const r = await cli("check", tmp.file("rbac.yaml"), "--audit-log", tmp.file("missing.log"));
    assert.equal(r.code, 2);
    assert.match(r.err, /cannot read audit log .*missing\.log: ENOENT/);
  });
});
