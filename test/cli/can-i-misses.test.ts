// `kube-rbac can-i … --explain` and `-o json` list the nearest misses of a denied request.
import { strict as assert } from "node:assert";
import { assertPrints, cli } from "../support/cli";
import { useTempDir } from "../support/temp-dir";

describe("cli: can-i nearest misses", () => {
  const tmp = useTempDir("kube-rbac-miss-");
  let file: string;
  before(() => {
    file = tmp.write(
      "rbac.yaml",
      `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: creds, namespace: team-a}
rules:
- {apiGroups: [""], resources: [secrets], resourceNames: [db-creds], verbs: [get]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: creds, namespace: team-a}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: creds}
subjects: [{kind: User, name: Alice, apiGroup: rbac.authorization.k8s.io}, {kind: User, name: bob, apiGroup: rbac.authorization.k8s.io}]
`,
    );
  });

  it("--explain prints each miss with its one difference", async () => {
    await assertPrints(["can-i", "get", "secrets/other", "-n", "team-a", "--as", "bob", "-f", file, "--explain"], 1, [
      "no",
      'request: get secrets "other" in namespace team-a',
      'identity: user "bob", groups "system:authenticated"',
      "RBAC: no binding grants this request",
      "nearest misses:",
      "  resourceNames: RoleBinding team-a/creds (Role team-a/creds, rules[0]): allowed for db-creds only",
      "",
    ]);
  });

  it("-o json carries nearestMisses", async () => {
    const r = await cli("can-i", "get", "secrets/db-creds", "-n", "team-a", "--as", "alice", "-f", file, "-o", "json");
    assert.equal(r.code, 1);
    assert.deepEqual(JSON.parse(r.out).nearestMisses, [
      {
        kind: "subjectName",
        message: "names User Alice; the request is from alice (names are case-sensitive)",
        binding: "RoleBinding team-a/creds",
        role: "Role team-a/creds",
        ruleIndex: 0,
      },
    ]);
    const yes = await cli("can-i", "get", "secrets/db-creds", "-n", "team-a", "--as", "bob", "-f", file, "-o", "json");
    assert.deepEqual(JSON.parse(yes.out).nearestMisses, []);
  });
});
