// The answers as reports (client/reports.ts, client/results/*), outside the editor: verdict, note,
// sections with their grant links, the Markdown rendering and the JSON.
import { strict as assert } from "node:assert";
import { describeRequest, diffPermissions, diffReport, permissionsReport, whoCanReport } from "../../client/reports";
import { reportMarkdown } from "../../client/results/report";
import { canIReport } from "../../client/results/can-i";
import { authorize } from "../../core/authorize";
import { compact, effectivePermissions } from "../../core/effective";
import { ResourceRequest } from "../../core/model";
import { parseManifests } from "../../core/parse";
import { RbacIndex } from "../../core/rbac-index";
import { whoCan } from "../../core/who-can";

const RBAC = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader, namespace: dev}
rules:
  - apiGroups: [""]
    resources: [pods, secrets]
    verbs: [get, list]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: read, namespace: dev}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
subjects:
  - {kind: User, apiGroup: rbac.authorization.k8s.io, name: alice}
  - {kind: Group, apiGroup: rbac.authorization.k8s.io, name: 3f9d}
`;

const EXTRA = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: node-reader}
rules:
  - apiGroups: [""]
    resources: [nodes]
    verbs: [get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: nodes}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: node-reader}
subjects:
  - {kind: User, apiGroup: rbac.authorization.k8s.io, name: alice}
`;

const index = (text: string) => new RbacIndex(parseManifests(text, "rbac.yaml").objects);
const request = (r: Partial<ResourceRequest>): ResourceRequest => ({
  kind: "resource",
  verb: "get",
  apiGroup: "",
  resource: "pods",
  subresource: "",
  name: "",
  namespace: "dev",
  ...r,
});
const alice = { user: "alice", groups: ["system:authenticated"] };

describe("client/reports", () => {
  it("describes a request as a sentence", () => {
    assert.equal(describeRequest(request({})), "get pods in namespace dev");
    assert.equal(
      describeRequest(
        request({ verb: "update", apiGroup: "apps", resource: "deployments", subresource: "scale", name: "web", namespace: "" }),
      ),
      "update deployments/scale.apps web at cluster scope",
    );
    assert.equal(describeRequest({ kind: "nonResource", verb: "get", path: "/metrics" }), "get /metrics");
  });

  it("who-can: the subjects, their grants as links, group names beside ids", () => {
    const req = request({});
    const r = whoCanReport(req, whoCan(index(RBAC), req), "snapshot.yaml", new Map([["3f9d", "team-a"]]));
    assert.equal(r.verdict, "2 subjects may get pods in namespace dev.");
    assert.equal(r.tone, "yes");
    const lines = r.sections[0].lines;
    assert.deepEqual(
      lines.map((l) => l.text.split(" — ")[0]),
      ["Group 3f9d (team-a)", "User alice"],
    );
    assert.deepEqual(
      lines[1].links?.map((k) => k.label),
      ["RoleBinding dev/read", "Role dev/reader", "rules[0]"],
    );
    const json = JSON.parse(r.json) as { subjects: { name: string }[] };
    assert.deepEqual(
      json.subjects.map((s) => s.name),
      ["3f9d", "alice"],
    );
    const none = whoCanReport(request({ verb: "delete" }), whoCan(index(RBAC), request({ verb: "delete" })), "snapshot.yaml");
    assert.equal(none.verdict, "No subject may delete pods in namespace dev through RBAC (only superusers).");
    assert.equal(none.tone, "no");
  });

  it("permissions: one section per scope, risky entries counted", () => {
    const perms = compact(effectivePermissions(index(RBAC + "---\n" + EXTRA), alice));
    const r = permissionsReport("User alice", { kind: "User", name: "alice", namespace: "" }, alice, perms, "snapshot.yaml");
    assert.deepEqual(
      r.sections.map((s) => s.heading),
      ["Cluster-wide (ClusterRoleBindings)", "Namespace dev (RoleBindings)"],
    );
    assert.equal(r.kind, "permissions");
    assert.equal(r.verdict, "User alice holds 3 permissions in 2 scopes, 1 risky.");
    assert.deepEqual(reportMarkdown(r).split("\n").slice(6, 15), [
      "## Cluster-wide (ClusterRoleBindings)",
      "",
      "- get on nodes — ClusterRoleBinding nodes → ClusterRole node-reader → rules[0]",
      "",
      "## Namespace dev (RoleBindings)",
      "",
      "- get, list on pods — RoleBinding dev/read → Role dev/reader → rules[0]",
      "- get, list on secrets — risk: secrets-read — RoleBinding dev/read → Role dev/reader → rules[0]",
      "",
    ]);
  });

  it("what-if: permissions added and removed, or nothing", () => {
    const before = compact(effectivePermissions(index(RBAC), alice));
    const after = compact(effectivePermissions(index(RBAC + "---\n" + EXTRA), alice));
    const diff = diffPermissions(before, after);
    assert.deepEqual(diff, { added: [{ scope: "", resource: "nodes", verb: "get" }], removed: [] });
    const r = diffReport("User alice", diff, "snapshot.yaml");
    assert.equal(r.verdict, "Applying the workspace adds 1 and removes 0 permissions of User alice.");
    assert.deepEqual(
      r.sections.map((s) => [s.heading, s.lines.length]),
      [
        ["Added (1)", 1],
        ["Removed (0)", 1],
      ],
    );
    assert.equal(r.sections[1].lines[0].text, "nothing");
    assert.equal(
      diffReport("User alice", diffPermissions(before, before), "snapshot.yaml").verdict,
      "Applying the workspace changes nothing for User alice.",
    );
  });

  it("can-i: the verdict, whose answer it is, and the grants", () => {
    const req = request({});
    const local = authorize(index(RBAC), alice, req);
    const yes = canIReport({ request: req, identity: alice, who: "you", local, server: undefined, source: "snapshot.yaml" });
    assert.equal(yes.verdict, "Yes: you may get pods in namespace dev.");
    assert.equal(yes.title, "Can I get pods in namespace dev?");
    assert.deepEqual(
      yes.sections[0].lines.map((l) => l.text),
      ["rules[0] of Role reader"],
    );
    assert.match(yes.note ?? "", /not the API server's/);
    const disagree = canIReport({ request: req, identity: alice, who: "alice", local, server: false, source: "cluster" });
    assert.equal(disagree.verdict, "Yes: alice may get pods in namespace dev.");
    assert.match(disagree.note ?? "", /The API server says no/);
    const no = canIReport({
      request: request({ verb: "delete" }),
      identity: alice,
      who: "you",
      local: authorize(index(RBAC), alice, request({ verb: "delete" })),
      server: false,
      source: "cluster",
    });
    assert.equal(no.verdict, "No: you may not delete pods in namespace dev.");
    assert.equal(no.sections[0].heading, "Why not");
    assert.match(no.note ?? "", /The API server agrees/);
  });
});
