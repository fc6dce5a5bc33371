import { strict as assert } from "node:assert";
import { ALL_CHECKS } from "../../../core/checks";
import { applyEdits, check, fixesOf, fixture, RAISED_ELSEWHERE } from "./helpers";

/** Apply fix `title` of the first `code` finding and return the new text (asserting the fix exists). */
function fixed(text: string, code: string, title?: RegExp): string {
  const f = check(text).find((x) => x.code === code);
  assert.ok(f, `no ${code} finding`);
  const fix = fixesOf(f).find((x) => (title ? title.test(x.title) : !x.title.startsWith("Suppress")));
  assert.ok(
    fix,
    `no fix for ${code}: ${fixesOf(f)
      .map((x) => x.title)
      .join(", ")}`,
  );
  return applyEdits(text, fix.edits);
}

function assertGone(text: string, code: string): void {
  const after = check(text);
  assert.deepEqual(
    after.filter((x) => x.code === code || x.code === "yaml-syntax" || x.code === "duplicate-key").map((x) => x.code),
    [],
    text,
  );
}

const ROLE = (rule: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r, namespace: dev}\nrules:\n${rule}`;
const CR = (rule: string) => ROLE(rule).replace("kind: Role", "kind: ClusterRole").replace(", namespace: dev", "");

describe("core/checks quick fixes", () => {
  // Every fix offered on the bad fixtures removes its finding and leaves valid YAML.
  for (const c of ALL_CHECKS.filter((x) => !RAISED_ELSEWHERE.has(x.code))) {
    it(`${c.code}: every fix on bad.yaml makes the finding go away`, () => {
      const text = fixture(c.code, "bad");
      const findings = check(text).filter((x) => x.code === c.code);
      for (const f of findings) {
        for (const fix of fixesOf(f)) {
          const after = check(applyEdits(text, fix.edits));
          const same = after.filter((x) => x.code === c.code && x.message === f.message);
          assert.equal(same.length, 0, `${fix.title}`);
          assert.equal(after.filter((x) => x.code === "yaml-syntax" || x.code === "duplicate-key").length, 0, fix.title);
        }
      }
    });
  }

  it("singular → plural, in flow and block lists", () => {
    assert.equal(
      fixed(ROLE(`- apiGroups: [""]\n  resources: [pod]\n  verbs: [get]\n`), "unknown-resource"),
      ROLE(`- apiGroups: [""]\n  resources: [pods]\n  verbs: [get]\n`),
    );
    const block = fixed(ROLE(`- apiGroups: [""]\n  resources:\n  - "pod"\n  verbs: [get]\n`), "unknown-resource");
    assert.equal(block, ROLE(`- apiGroups: [""]\n  resources:\n  - "pods"\n  verbs: [get]\n`));
    assertGone(block, "unknown-resource");
  });

  it("wrong group → right group", () => {
    const t = fixed(ROLE(`- apiGroups: [""]\n  resources: [deployments]\n  verbs: [get]\n`), "wrong-api-group");
    assert.equal(t, ROLE(`- apiGroups: ["apps"]\n  resources: [deployments]\n  verbs: [get]\n`));
    assertGone(t, "wrong-api-group");
  });

  it('adds apiGroups: [""] to block and flow rules', () => {
    const block = fixed(ROLE(`- resources: [pods]\n  verbs: [get]\n`), "missing-api-groups");
    assert.equal(block, ROLE(`- apiGroups: [""]\n  resources: [pods]\n  verbs: [get]\n`));
    assertGone(block, "missing-api-groups");
    const flow = fixed(ROLE(`- {resources: [pods], verbs: [get]}\n`), "missing-api-groups");
    assert.equal(flow, ROLE(`- {apiGroups: [""], resources: [pods], verbs: [get]}\n`));
    assertGone(flow, "missing-api-groups");
  });

  it("adds a namespace to a ServiceAccount subject of a ClusterRoleBinding", () => {
    const src = `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: b}\nroleRef: {kind: ClusterRole, name: view}\nsubjects:\n- kind: ServiceAccount\n  name: app\n- {kind: ServiceAccount, name: app2}\n`;
    const once = fixed(src, "missing-subject-namespace");
    assert.ok(once.includes("- namespace: default\n  kind: ServiceAccount\n  name: app\n"), once);
    const twice = fixed(once, "missing-subject-namespace");
    assert.ok(twice.includes("- {namespace: default, kind: ServiceAccount, name: app2}"), twice);
    assertGone(twice, "missing-subject-namespace");
  });

  it("renames resourceName → resourceNames", () => {
    const t = fixed(ROLE(`- apiGroups: [""]\n  resources: [configmaps]\n  resourceName: [cfg]\n  verbs: [get]\n`), "unknown-field");
    assert.ok(t.includes("  resourceNames: [cfg]\n"));
    assertGone(t, "unknown-field");
  });

  it("expands * in verbs into the catalog's verbs (flow and block)", () => {
    const flow = fixed(ROLE(`- apiGroups: [apps]\n  resources: [deployments]\n  verbs: ["*"]\n`), "wildcard", /verbs/);
    assert.equal(
      flow,
      ROLE(
        `- apiGroups: [apps]\n  resources: [deployments]\n  verbs: [get, list, watch, create, update, patch, delete, deletecollection]\n`,
      ),
    );
    assertGone(flow, "wildcard");
    const block = fixed(ROLE(`- apiGroups: [apps]\n  resources: [deployments]\n  verbs:\n    - "*"\n`), "wildcard", /verbs/);
    assert.equal(
      block,
      ROLE(
        `- apiGroups: [apps]\n  resources: [deployments]\n  verbs:\n    - get\n    - list\n    - watch\n    - create\n    - update\n    - patch\n    - delete\n    - deletecollection\n`,
      ),
    );
    assertGone(block, "wildcard");
  });

  it("expands * in resources into the group's resources", () => {
    const t = fixed(ROLE(`- apiGroups: [batch]\n  resources: ["*"]\n  verbs: [get]\n`), "wildcard", /resources/);
    assert.ok(
      t.includes("resources: [cronjobs, cronjobs/status, jobs, jobs/status]") || /resources: \[[a-z/, ]*jobs[a-z/, ]*\]/.test(t),
      t,
    );
    assertGone(t, "wildcard");
  });

  it("splits a rule mixing resources and URLs (block and flow)", () => {
    const block = fixed(CR(`- apiGroups: [""]\n  resources: [pods]\n  nonResourceURLs: [/healthz]\n  verbs: [get]\n`), "mixed-rule");
    assert.equal(block, CR(`- {verbs: [get], apiGroups: [""], resources: [pods]}\n- {verbs: [get], nonResourceURLs: [/healthz]}\n`));
    assertGone(block, "mixed-rule");
    const flow = fixed(CR(`  [{apiGroups: [""], resources: [pods], nonResourceURLs: [/healthz], verbs: [get]}]\n`), "mixed-rule");
    assertGone(flow, "mixed-rule");
  });

  it("suppresses a finding on its line, with the line's indentation, and appends to an existing comment", () => {
    const src = ROLE(`- apiGroups: [""]\n  resources: [pods]\n  verbs:\n    - GET\n`);
    const t = fixed(src, "unknown-verb", /^Suppress/);
    assert.ok(t.includes("  verbs:\n    # kube-rbac-disable-next-line unknown-verb\n    - GET\n"), t);
    assertGone(t, "unknown-verb");
    const two = ROLE(`- apiGroups: [""]\n  # kube-rbac-disable-next-line wildcard\n  resources: [pod, "*"]\n  verbs: [get]\n`);
    const t2 = fixed(two, "unknown-resource", /^Suppress/);
    assert.ok(t2.includes("# kube-rbac-disable-next-line wildcard, unknown-resource\n"), t2);
    assertGone(t2, "unknown-resource");
  });
});
