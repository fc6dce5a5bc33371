import { strict as assert } from "node:assert";
import type { Diagnostic } from "vscode-languageserver";
import { prodCluster, TestClient, TestDocument, withServer } from "./lsp-client";

const ROLE = (rules: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: r
rules:
${rules}`;

const TYPOS = ROLE(`- apiGroups: ["core"]
  resources: ["pod"]
  verbs: ["lsit", "delete"]
- apiGroups: ["app"]
  resources: ["deployment"]
  verbs: ["wacth"]
- apiGroups: ["example.com"]
  resources: ["widgets"]
  verbs: ["frobnicate"]
`);

/** Applies the quick fix titled `title` of the finding at `line` and returns the findings that are left. */
async function applyFix(doc: TestDocument, code: string, line: number, title: string): Promise<Diagnostic[]> {
  const d = (await doc.diagnostics()).find((x) => x.code === code && x.range.start.line === line);
  assert.ok(d, `no ${code} on line ${line}`);
  const actions = await doc.codeActions(d.range, [d]);
  const fix = actions.find((a) => a.title === title);
  assert.ok(fix, `no "${title}" among ${actions.map((a) => a.title).join(", ")}`);
  assert.equal(fix.isPreferred, true);
  await doc.applyEdits(fix.edit!.changes![doc.uri]);
  const after = await doc.diagnostics();
  assert.deepEqual(
    after.filter((x) => x.message === d.message),
    [],
  );
  return after;
}

describe("server: every finding of a rule at once, did you mean, honest hovers", () => {
  let client: TestClient;
  withServer(
    {
      files: {
        "debugger.yaml": `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: debugger}
rules:
- apiGroups: [""]
  resources: [pods/exec]
  verbs: [create]
`,
        "sa.yaml": `apiVersion: v1
kind: ServiceAccount
metadata: {name: deployer, namespace: platform}
`,
      },
    },
    (c) => (client = c),
  );

  it("reports the group, the resource and the verb of one rule together; a dotted unknown group stays quiet", async () => {
    const doc = await client.open("typos.yaml", TYPOS);
    const diags = await doc.diagnostics();
    assert.deepEqual(
      diags.map((d) => [d.range.start.line, d.code, d.message]),
      [
        [5, "invalid-api-group", 'No API group is called "core" (the core group is written ""), so this rule never matches anything.'],
        [
          6,
          "unknown-resource",
          '"pod" is not a resource of "" (core) (the group meant by "core"): did you mean "pods" in ""? Resources are plural, lower-case names. RBAC matches names exactly, so this entry grants nothing.',
        ],
        [7, "unknown-verb", '"lsit" is not a Kubernetes verb (did you mean "list"?): it matches no request, so this entry grants nothing.'],
        [8, "invalid-api-group", 'No API group is called "app" (did you mean "apps"?), so this rule never matches anything.'],
        [
          9,
          "unknown-resource",
          '"deployment" is not a resource of apps (the group meant by "app"): did you mean "deployments" in "apps"? Resources are plural, lower-case names. RBAC matches names exactly, so this entry grants nothing.',
        ],
        [
          10,
          "unknown-verb",
          '"wacth" is not a Kubernetes verb (did you mean "watch"?): it matches no request, so this entry grants nothing.',
        ],
      ],
    );
  });

  it("reports a group without a dot that is not built in, with no fix to offer", async () => {
    const doc = await client.open("nodot.yaml", ROLE(`- apiGroups: ["widgets"]\n  resources: ["gadgets"]\n  verbs: ["get"]\n`));
    const [d] = await doc.diagnostics();
    assert.deepEqual(
      [d.code, d.message],
      [
        "invalid-api-group",
        'No API group is called "widgets" (it is not built in, and a custom resource\'s group always has a dot), so this rule never matches anything.',
      ],
    );
    assert.deepEqual(
      (await doc.codeActions(d.range, [d])).map((a) => a.title),
      ["Suppress invalid-api-group on this line", "Disable invalid-api-group in settings"],
    );
  });

  it("fixes every typo of the rules with its quick fix, and each finding goes away", async () => {
    const doc = await client.open("fix.yaml", TYPOS);
    await applyFix(doc, "unknown-verb", 7, "Use list");
    await applyFix(doc, "unknown-resource", 6, "Use pods");
    await applyFix(doc, "invalid-api-group", 5, 'Use ""');
    await applyFix(doc, "unknown-verb", 10, "Use watch");
    await applyFix(doc, "unknown-resource", 9, "Use deployments");
    const left = await applyFix(doc, "invalid-api-group", 8, 'Use "apps"');
    assert.deepEqual(left, []);
    assert.equal(
      doc.text,
      ROLE(`- apiGroups: [""]
  resources: ["pods"]
  verbs: ["list", "delete"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["watch"]
- apiGroups: ["example.com"]
  resources: ["widgets"]
  verbs: ["frobnicate"]
`),
    );
  });

  it("offers the resource in its right group", async () => {
    const doc = await client.open("group.yaml", ROLE(`- apiGroups: [""]\n  resources: [deployments]\n  verbs: [get]\n`));
    const left = await applyFix(doc, "wrong-api-group", 6, 'Use group "apps"');
    assert.deepEqual(left, []);
    assert.match(doc.text, /apiGroups: \["apps"\]/);
  });

  it("offers the verb for a case slip and for an edit-distance typo", async () => {
    const doc = await client.open("verbs.yaml", ROLE(`- apiGroups: [""]\n  resources: [pods]\n  verbs: [GET, wacth, creat]\n`));
    assert.deepEqual(
      (await doc.diagnostics()).map((d) => d.message.slice(0, d.message.indexOf(":"))),
      [
        '"GET" is not a Kubernetes verb (did you mean "get"? verbs are case-sensitive)',
        '"wacth" is not a Kubernetes verb (did you mean "watch"?)',
        '"creat" is not a Kubernetes verb (did you mean "create"?)',
      ],
    );
    await applyFix(doc, "unknown-verb", 7, "Use get");
    assert.equal(doc.text.split("\n")[7], "  verbs: [get, wacth, creat]");
  });

  it("offers the roleRef of the right kind from the workspace", async () => {
    const doc = await client.open(
      "ref.yaml",
      `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: dbg, namespace: team-a}
subjects:
- {kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: debuger
`,
    );
    const d = (await doc.diagnostics()).find((x) => x.code === "role-not-found")!;
    assert.equal(
      d.message,
      'No Role "debuger" in namespace team-a exists in the workspace: this binding grants nothing until one is created, and then it silently becomes live. Did you mean ClusterRole "debugger"?',
    );
    assert.deepEqual(await applyFix(doc, "role-not-found", 8, "Use ClusterRole debugger"), []);
    assert.match(doc.text, /kind: ClusterRole\n {2}name: debugger\n$/);
  });

  it("offers a ClusterRole the cluster knows", async () => {
    await client.clusterState(
      prodCluster({
        clusterRoles: [{ metadata: { name: "log-reader" }, rules: [{ apiGroups: [""], resources: ["pods/log"], verbs: ["get"] }] }],
        serviceAccounts: [{ namespace: "prod-ns", name: "builder" }],
        namespaces: ["prod-ns"],
      }),
    );
    try {
      const doc = await client.open(
        "cref.yaml",
        `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: logs}
subjects:
- {kind: ServiceAccount, name: buildr, namespace: prod-ns}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: log-raeder}
`,
      );
      const diags = await doc.diagnostics();
      assert.deepEqual(
        diags.map((d) => [d.code, d.message]),
        [
          [
            "service-account-not-found",
            'No ServiceAccount "buildr" in namespace prod-ns exists in the workspace or the cluster: did you mean ServiceAccount "builder" in prod-ns? The binding grants nothing until one is created.',
          ],
          [
            "role-not-found",
            'No ClusterRole "log-raeder" exists in the workspace or the cluster: this binding grants nothing until one is created, and then it silently becomes live. Did you mean ClusterRole "log-reader"?',
          ],
        ],
      );
      await applyFix(doc, "role-not-found", 5, "Use ClusterRole log-reader");
      assert.deepEqual(await applyFix(doc, "service-account-not-found", 4, "Use name builder"), []);
    } finally {
      await client.clusterState(null);
    }
  });

  it("offers the namespace of a known ServiceAccount", async () => {
    const doc = await client.open(
      "sa-ns.yaml",
      `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: deploy}
subjects:
- kind: ServiceAccount
  name: deployer
  namespace: plaform
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: debugger}
`,
    );
    assert.deepEqual(await applyFix(doc, "service-account-not-found", 6, "Use namespace platform"), []);
    assert.equal(doc.text.split("\n")[6], "  namespace: platform");
  });

  it("says first that a rule matches nothing, and what it would allow once corrected", async () => {
    const doc = await client.open(
      "hover.yaml",
      TYPOS.replace('verbs: ["lsit"', 'ver|bs: ["lsit"').replace('verbs: ["frob', 'ver|bs: ["frob'),
    );
    const text = async (i: number) => ((await doc.hover(i))!.contents as { value: string }).value;
    assert.equal(
      await text(0),
      'Matches nothing: the core group is written "", not "core"; "lsit" is not a verb; "pod" is not a resource of the core group. Would allow list and delete on pods if the group were "", "lsit" were list and "pod" were pods.',
    );
    assert.equal(await text(1), "Allows frobnicate on widgets in API group example.com.");
  });

  it("names the rules of a role that match nothing in the role's summary", async () => {
    const doc = await client.open("summary.yaml", TYPOS.replace("  name: r\n", "  name: |r\n"));
    const text = ((await doc.hover(0))!.contents as { value: string }).value;
    assert.equal(
      text.split("\n\n")[0],
      'ClusterRole r allows frobnicate on widgets in API group example.com. rules[0] matches nothing: the core group is written "", not "core"; "lsit" is not a verb; "pod" is not a resource of the core group. rules[1] matches nothing: there is no API group "app"; "wacth" is not a verb; "deployment" is not a resource of "apps".',
    );
  });

  it("names the dead entries of a rule that still matches something, and leaves them out of what it allows", async () => {
    const doc = await client.open("partial.yaml", ROLE(`- apiGroups: [""]\n  resources: [pods, pod]\n  ver|bs: [get, lsit]\n`));
    assert.equal(
      ((await doc.hover(0))!.contents as { value: string }).value,
      'Allows get on pods. "lsit" is not a verb, so that entry matches nothing. "pod" is not a resource of the core group, so that entry matches nothing.',
    );
  });
});
