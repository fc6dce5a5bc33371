// `kube-rbac what-if`: what applying manifests on top of a state adds to and removes from each
// subject's permissions (several subjects, additions and removals), text and JSON, exit codes as diff.
import { strict as assert } from "node:assert";
import { assertPrints, cli } from "../support/cli";
import { useTempDir } from "../support/temp-dir";

const STATE = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: deployer, namespace: team-a}
rules:
- {apiGroups: [apps], resources: [deployments], verbs: [get, update]}
- {apiGroups: [""], resources: [secrets], verbs: [get]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: deployers, namespace: team-a}
subjects: [{kind: User, name: alice}, {kind: ServiceAccount, name: ci, namespace: team-a}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: deployer}
`;

// The Role loses secrets and gains patch; a new ClusterRole and binding give the group ops /healthz/*;
// bob joins the binding (without a namespace: -n team-a).
const CHANGE = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: deployer, namespace: team-a}
rules:
- {apiGroups: [apps], resources: [deployments], resourceNames: [web], verbs: [patch]}
- {apiGroups: [apps], resources: [deployments], verbs: [get, update]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: deployers}
subjects: [{kind: User, name: alice}, {kind: User, name: bob}, {kind: ServiceAccount, name: ci, namespace: team-a}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: deployer}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: health-reader}
rules:
- {nonResourceURLs: ["/healthz/*"], verbs: [get]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: health}
subjects: [{kind: Group, name: ops}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: health-reader}
`;

describe("cli what-if", () => {
  const tmp = useTempDir("kube-rbac-what-if-");
  let state: string;
  let change: string;
  before(() => {
    state = tmp.write("state.yaml", STATE);
    change = tmp.write("change.yaml", CHANGE);
  });

  it("lists what each subject gains and loses (exit 1: something changes)", async () => {
    await assertPrints(["what-if", change, "-n", "team-a", "-f", state], 1, [
      "4 subjects change: 6 permissions added, 2 removed",
      "",
      "Group ops: +1 -0",
      "  + get /healthz/* (non-resource URL)",
      "",
      "ServiceAccount team-a/ci: +1 -1",
      "  + patch apps/deployments [web] in namespace team-a",
      "  - get secrets in namespace team-a",
      "",
      "User alice: +1 -1",
      "  + patch apps/deployments [web] in namespace team-a",
      "  - get secrets in namespace team-a",
      "",
      "User bob: +3 -0",
      "  + get apps/deployments in namespace team-a",
      "  + update apps/deployments in namespace team-a",
      "  + patch apps/deployments [web] in namespace team-a",
      "",
    ]);
  });

  it("--as limits it to one identity (with its groups), in JSON", async () => {
    const r = await cli("what-if", change, "-n", "team-a", "-f", state, "--as", "carol", "--as-group", "ops", "-o", "json");
    assert.equal(r.code, 1);
    assert.deepEqual(JSON.parse(r.out), {
      subjects: [
        {
          kind: "User",
          name: "carol",
          namespace: "",
          added: [{ scope: "", resource: "/healthz/*", resourceNames: [], verb: "get" }],
          removed: [],
        },
      ],
    });
  });

  it("says so when nothing changes (exit 0), and needs FILEs (exit 2)", async () => {
    const same = await cli("what-if", state, "-f", state);
    assert.deepEqual([same.code, same.out], [0, "no change: applying 2 RBAC objects changes no subject's permissions\n"]);
    assert.equal((await cli("what-if", "-f", state)).code, 2);
    assert.equal((await cli("toString", "-f", state)).code, 2);
  });
});
