// `kube-rbac can-apply`: yes/no with the reason on the first line, one line per object, exit codes as
// can-i, JSON; an object the state holds is a patch (roleRef immutable), any other a create.
import { strict as assert } from "node:assert";
import { assertPrints, cli } from "../support/cli";
import { useTempDir } from "../support/temp-dir";

const STATE = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: rbac-writer}
rules:
- {apiGroups: [rbac.authorization.k8s.io], resources: [roles, rolebindings], verbs: [create, patch]}
- {apiGroups: [""], resources: [pods], verbs: [get, list]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: binder}
rules:
- {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: writers, namespace: team-a}
subjects: [{kind: User, name: alice}, {kind: User, name: bob}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: rbac-writer}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: binders, namespace: team-a}
subjects: [{kind: User, name: bob}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: binder}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: existing, namespace: team-a}
subjects: [{kind: User, name: carol}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
`;

const role = (name: string, resource: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: ${name}, namespace: team-a}
rules:
- {apiGroups: [""], resources: [${resource}], verbs: [get]}
`;

const binding = (name: string, kind: string, ref: string, subject = "dave") => `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: ${name}, namespace: team-a}
subjects: [{kind: User, name: ${subject}}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ${kind}, name: ${ref}}
`;

describe("cli can-apply", () => {
  const tmp = useTempDir("kube-rbac-can-apply-");
  const file = tmp.write;
  let state: string;
  before(() => {
    state = file("state.yaml", STATE);
  });

  it("says yes when every object is created within the caller's permissions; a Role created first counts for its binding", async () => {
    const f = file("ok.yaml", `${role("pod-reader", "pods")}---\n${binding("pod-readers", "Role", "pod-reader")}`);
    const r = await assertPrints(["can-apply", f, "--as", "alice", "-f", state], 0, [
      "yes: every object can be applied (2 created, 0 patched)",
      "OBJECT                          WRITE   ALLOWED  WHY",
      "Role team-a/pod-reader          create  yes      holds every permission it grants",
      "RoleBinding team-a/pod-readers  create  yes      holds every permission it grants",
      "",
    ]);
    assert.equal(r.err, "");
  });

  it("says no with the first refusal: permissions not held, with what is missing", async () => {
    const f = file("secrets.yaml", role("secret-reader", "secrets"));
    await assertPrints(["can-apply", f, "--as", "alice", "-f", state], 1, [
      "no: Role team-a/secret-reader: grants permissions not held",
      "OBJECT                     WRITE   ALLOWED  WHY",
      "Role team-a/secret-reader  create  no       grants permissions not held",
      "",
      "Role team-a/secret-reader:",
      '  user "alice" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:',
      '    {APIGroups:[""], Resources:["secrets"], Verbs:["get"]}',
      "",
    ]);
  });

  it("judges an object the state holds as a patch: it needs patch rights, and its roleRef cannot change", async () => {
    const same = file("same.yaml", binding("existing", "ClusterRole", "view", "carol"));
    const changed = file("changed.yaml", binding("existing", "ClusterRole", "edit", "carol"));
    const json = async (...argv: string[]) => JSON.parse((await cli(...argv, "-o", "json")).out) as { allowed: boolean; objects: object[] };
    const bob = await json("can-apply", same, "--as", "bob", "-f", state);
    assert.deepEqual(bob.objects, [
      {
        kind: "RoleBinding",
        namespace: "team-a",
        name: "existing",
        operation: "patch",
        allowed: true,
        reason: "bind",
        details: ['may bind: RBAC: allowed by RoleBinding "binders/team-a" of ClusterRole "binder" to User "bob"'],
        missing: [],
      },
    ]);
    const ref = await json("can-apply", changed, "--as", "bob", "-f", state);
    assert.equal(ref.allowed, false);
    assert.deepEqual(
      ref.objects.map((o) => (o as { reason: string; details: string[] }).reason),
      ["role-ref-changed"],
    );
    const carol = await cli("can-apply", same, "--as", "carol", "-f", state);
    assert.equal(carol.code, 1);
    assert.equal(carol.out.split("\n")[0], "no: RoleBinding team-a/existing: no permission to write it");
    assert.match(
      carol.out,
      /"carol" cannot patch resource "rolebindings" in API group "rbac.authorization.k8s.io" in the namespace "team-a"/,
    );
  });

  it("takes -n for objects without a namespace, and says when a file holds no RBAC object", async () => {
    const f = file("nons.yaml", role("r", "pods").replace(", namespace: team-a", ""));
    assert.equal((await cli("can-apply", f, "--as", "alice", "-f", state)).code, 1);
    assert.equal((await cli("can-apply", f, "--as", "alice", "-n", "team-a", "-f", state)).code, 0);
    const empty = file("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
    const r = await cli("can-apply", empty, "--as", "alice", "-f", state);
    assert.deepEqual(
      [r.code, r.out, r.err],
      [0, "yes: every object can be applied (0 created, 0 patched)\n", `note: ${empty} holds no RBAC objects\n`],
    );
  });

  it("usage errors exit 2: no FILE, no --as with -f, a missing FILE", async () => {
    assert.equal((await cli("can-apply", "--as", "alice", "-f", state)).code, 2);
    const noAs = await cli("can-apply", state, "-f", state);
    assert.equal(noAs.code, 2);
    assert.match(noAs.err, /--as USER is required with -f/);
    const missing = await cli("can-apply", tmp.file("nope.yaml"), "--as", "alice", "-f", state);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /does not exist/);
  });
});
