import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { Diagnostic, DiagnosticSeverity, DiagnosticTag } from "vscode-languageserver";
import { auditEvent, EventFields } from "../../core/audit/events";
import { devRole } from "../../support/manifests";
import { TestClient, TestDocument } from "../lsp-client";

const ROLE = devRole(
  "reader",
  `  - apiGroups: [""]
    resources: ["pods", "pods/log"]
    verbs: ["get", "list", "delete"]
  - apiGroups: [""]
    resources:
      - secrets
    verbs:
      - get
`,
);

const BINDING = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: read, namespace: dev}
subjects: [{kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}]
roleRef: {kind: Role, name: reader, apiGroup: rbac.authorization.k8s.io}
`;

/** The text a one-line diagnostic covers, or the lines (1-based) of a longer one. */
function shown(doc: TestDocument, d: Diagnostic): string {
  const { start, end } = d.range;
  if (start.line !== end.line) return `lines ${start.line + 1}-${end.line + 1}`;
  return doc.text.split("\n")[start.line].slice(start.character, end.character);
}

const lines = (events: EventFields[]) => events.map((e) => JSON.stringify(auditEvent(e))).join("\n") + "\n";
const ALICE_READS: EventFields[] = [
  { user: "alice", groups: ["devs"], verb: "get", ref: { resource: "pods", namespace: "dev", name: "web" }, decision: "allow" },
  { user: "alice", groups: ["devs"], verb: "list", ref: { resource: "pods", namespace: "dev" }, decision: "allow" },
];

describe("server: unused grants from an audit log", () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({
      files: { "bindings.yaml": BINDING, "logs/audit.log": lines(ALICE_READS) },
      settings: { auditLog: "logs/audit.log" },
    });
    await client.scanned;
  });
  after(() => client?.stop());

  /** The document's diagnostics once they satisfy `ready` (the log is read in the background). */
  async function diagnosticsWhere(doc: TestDocument, ready: (d: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
    for (;;) {
      const p = client.published.get(doc.uri);
      if (p && p.version === doc.version && ready(p.diagnostics)) return p.diagnostics;
      await client.nextDiagnostics(doc.uri);
    }
  }
  const unused = (d: Diagnostic[]) => d.filter((x) => x.code === "unused-grant");

  it("fades what no logged request used, and the quick fix narrows the rule until no hint is left", async () => {
    const doc = await client.open("roles.yaml", ROLE);
    const found = unused(await diagnosticsWhere(doc, (d) => unused(d).length > 0));
    assert.deepEqual(
      found.map((d) => [shown(doc, d), d.severity, d.tags]),
      [
        ['"pods/log"', DiagnosticSeverity.Hint, [DiagnosticTag.Unnecessary]],
        ['"delete"', DiagnosticSeverity.Hint, [DiagnosticTag.Unnecessary]],
        ["lines 10-14", DiagnosticSeverity.Hint, [DiagnosticTag.Unnecessary]],
      ],
    );
    assert.match(
      found[1].message,
      /^Unused grant: verb "delete" of this rule was used by no request it authorized in the audit log \(2 logged requests of User alice at 2026-01-01T00:00:00.000000Z\)\.$/,
    );
    assert.match(found[0].codeDescription!.href, /docs\/checks\/unused-grant\.md$/);
    const narrow = (await doc.codeActions(found[0].range, [found[0]])).find((a) => a.title === "Narrow rule to what the audit log shows")!;
    await doc.applyEdits(narrow.edit!.changes![doc.uri]);
    assert.ok(doc.text.includes('    resources: ["pods"]\n    verbs: ["get", "list"]\n'), doc.text);
    const rule = unused(await doc.diagnostics());
    assert.equal(rule.length, 1);
    const remove = (await doc.codeActions(rule[0].range, rule)).find((a) => a.title === "Narrow rule to what the audit log shows")!;
    await doc.applyEdits(remove.edit!.changes![doc.uri]);
    assert.ok(!doc.text.includes("secrets"), doc.text);
    assert.deepEqual(unused(await doc.diagnostics()), []);
  });

  it("reads the log again when it changes", async () => {
    const doc = await client.open("logs-reader.yaml", LOG_READER);
    const before = unused(await diagnosticsWhere(doc, (d) => unused(d).length > 0));
    assert.match(before[0].message, /^Unused grant: no request authorized by this rule is in the audit log/);
    // alice now reads a pod's log too.
    const more: EventFields[] = [
      ...ALICE_READS,
      { user: "alice", verb: "get", ref: { resource: "pods", subresource: "log", namespace: "dev", name: "web" }, decision: "allow" },
    ];
    fs.writeFileSync(path.join(client.folder, "logs", "audit.log"), lines(more));
    assert.deepEqual(unused(await diagnosticsWhere(doc, (d) => unused(d).length === 0)), []);
  });

  it("checks an open role again when a binding in another file gives it to a subject of the log", async () => {
    const role = await client.open("writer.yaml", WRITER);
    await client.settled();
    assert.deepEqual(unused(await role.diagnostics()), []);
    await client.open("writer-binding.yaml", BINDING.replace(/reader/g, "writer").replace("name: read,", "name: write,"));
    const found = unused(await diagnosticsWhere(role, (d) => unused(d).length > 0));
    assert.match(
      found[0].message,
      /^Unused grant: no request authorized by this rule is in the audit log \(\d+ logged requests of User alice/,
    );
  });
});

const WRITER = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: writer, namespace: dev}
rules:
  - apiGroups: [""]
    resources: [configmaps]
    verbs: [update]
`;

const LOG_READER = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: log-reader}
rules:
  - apiGroups: [""]
    resources: [pods/log]
    verbs: [get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: log-reader}
subjects: [{kind: Group, name: devs, apiGroup: rbac.authorization.k8s.io}]
roleRef: {kind: ClusterRole, name: log-reader, apiGroup: rbac.authorization.k8s.io}
`;

describe("server: unused grants from the audit log .kube-rbac.yaml names", () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({
      files: {
        "team/.kube-rbac.yaml": "auditLog: ../logs/audit.log\n",
        "team/bindings.yaml": BINDING,
        "logs/audit.log": lines(ALICE_READS),
      },
    });
    await client.scanned;
  });
  after(() => client?.stop());

  it("reads the log relative to the configuration, for the files below it only", async () => {
    const below = await client.open("team/roles.yaml", ROLE);
    for (;;) {
      const p = client.published.get(below.uri);
      if (p && p.version === below.version && p.diagnostics.some((d) => d.code === "unused-grant")) break;
      await client.nextDiagnostics(below.uri);
    }
    const outside = await client.open("roles.yaml", ROLE);
    await client.settled();
    assert.deepEqual(
      (await outside.diagnostics()).filter((d) => d.code === "unused-grant"),
      [],
    );
  });
});
