// The command line's contract: kubectl-compatible syntax, yes/no on the first line, exit codes, JSON.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { cli } from "../support/cli";
import { useTempDir } from "../support/temp-dir";
import { CORPUS_DIR } from "../support/corpus";

/** The parts of the command line's JSON answers these tests read. */
interface WhoCanJson {
  subjects: { kind: string; name: string }[];
  superuserGroups: string[];
}
interface PermissionsJson {
  resources: { scope: string; resource: string; verbs: string[] }[];
}

const BOOT = path.join(CORPUS_DIR, "kubernetes__kubernetes__plugin_pkg_auth_authorizer_rbac_bootstrappolicy_testdata_");
const BOOTSTRAP = ["cluster-roles", "cluster-role-bindings", "namespace-roles", "namespace-role-bindings"].flatMap((f) => [
  "-f",
  `${BOOT}${f}.yaml`,
]);

describe("cli", () => {
  const tmp = useTempDir("kube-rbac-cli-");
  let dir: string;
  before(() => {
    dir = tmp.dir();
    fs.writeFileSync(
      path.join(dir, "team.yaml"),
      `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader, namespace: team-a}
rules:
- {apiGroups: [""], resources: [pods, pods/log], verbs: [get, list, watch]}
- {apiGroups: [apps], resources: [deployments], resourceNames: [web], verbs: [get, update]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: readers, namespace: team-a}
subjects:
- {kind: Group, name: devs}
- {kind: ServiceAccount, name: ci}
roleRef: {kind: Role, name: reader}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: node-reader}
rules:
- {apiGroups: [""], resources: [nodes], verbs: [get, list]}
- {nonResourceURLs: ["/healthz/*"], verbs: [get]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: node-readers}
subjects: [{kind: User, name: alice}]
roleRef: {kind: ClusterRole, name: node-reader, apiGroup: rbac.authorization.k8s.io}
`,
    );
    // A `kubectl get … -o json` dump of the same binding, in another folder.
    fs.mkdirSync(path.join(dir, "dump"));
    fs.writeFileSync(
      path.join(dir, "dump", "rb.json"),
      JSON.stringify({
        apiVersion: "v1",
        kind: "List",
        items: [
          {
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "RoleBinding",
            metadata: { name: "ops", namespace: "team-a" },
            subjects: [{ kind: "User", name: "carol", apiGroup: "rbac.authorization.k8s.io" }],
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "reader" },
          },
        ],
      }),
    );
  });

  describe("can-i", () => {
    it("answers yes (exit 0) and no (exit 1) on the first line", async () => {
      const yes = await cli("can-i", "list", "pods", "-n", "team-a", "--as", "bob", "--as-group", "devs", "-f", dir);
      assert.deepEqual([yes.code, yes.out], [0, "yes\n"]);
      const no = await cli("can-i", "delete", "pods", "-n", "team-a", "--as", "bob", "--as-group", "devs", "-f", dir);
      assert.deepEqual([no.code, no.out], [1, "no\n"]);
    });

    it("defaults to namespace default, and -A asks at cluster scope", async () => {
      assert.equal((await cli("can-i", "list", "pods", "--as", "bob", "--as-group", "devs", "-f", dir)).out, "no\n");
      assert.equal((await cli("can-i", "list", "pods", "-A", "--as", "bob", "--as-group", "devs", "-f", dir)).out, "no\n");
    });

    it("resolves singular, short and group-qualified TYPEs and TYPE/NAME", async () => {
      const base = ["-n", "team-a", "--as", "bob", "--as-group", "devs", "-f", dir];
      assert.equal((await cli("can-i", "get", "po", ...base)).code, 0);
      assert.equal((await cli("can-i", "get", "pod/x", ...base)).code, 0);
      assert.equal((await cli("can-i", "update", "deployments.apps/web", ...base)).code, 0);
      assert.equal((await cli("can-i", "update", "deploy/api", ...base)).code, 1);
      assert.equal((await cli("can-i", "get", "pods", "--subresource", "log", ...base)).code, 0);
      assert.equal((await cli("can-i", "get", "pods", "--subresource", "exec", ...base)).code, 1);
    });

    it("asks about cluster-scoped resources at cluster scope, with kubectl's warning", async () => {
      const r = await cli("can-i", "list", "nodes", "-n", "team-a", "--as", "alice", "-f", dir);
      assert.equal(r.out, "yes\n");
      assert.match(r.err, /resource 'nodes' is not namespace scoped/);
    });

    it("handles non-resource URLs with the trailing-* prefix rule", async () => {
      assert.equal((await cli("can-i", "get", "/healthz/etcd", "--as", "alice", "-f", dir)).code, 0);
      assert.equal((await cli("can-i", "get", "/healthz", "--as", "alice", "-f", dir)).code, 1);
    });

    it("gives service accounts their groups, and reads kubectl JSON dumps in folders", async () => {
      assert.equal((await cli("can-i", "watch", "pods", "-n", "team-a", "--as", "system:serviceaccount:team-a:ci", "-f", dir)).code, 0);
      assert.equal((await cli("can-i", "watch", "pods", "-n", "team-a", "--as", "system:serviceaccount:other:ci", "-f", dir)).code, 1);
      assert.equal(
        (
          await cli(
            "can-i",
            "get",
            "pods",
            "-n",
            "team-a",
            "--as",
            "carol",
            "-f",
            path.join(dir, "team.yaml"),
            "-f",
            path.join(dir, "dump"),
          )
        ).code,
        0,
      );
    });

    it("--explain names the binding and the role; -o json carries the grants", async () => {
      const r = await cli("can-i", "get", "pods/log", "-n", "team-a", "--as", "bob", "--as-group", "devs", "-f", dir, "--explain");
      assert.match(r.out, /^yes\n/);
      assert.match(r.out, /allowed by RoleBinding team-a\/readers → Role team-a\/reader → rule #1/);
      const j = await cli("can-i", "get", "pods", "-n", "team-a", "--as", "bob", "--as-group", "devs", "-f", dir, "-o", "json");
      const parsed = JSON.parse(j.out) as { allowed: boolean; grants: { binding: unknown }[]; identity: unknown };
      assert.equal(parsed.allowed, true);
      assert.deepEqual(parsed.grants[0].binding, { kind: "RoleBinding", name: "readers", namespace: "team-a" });
      assert.deepEqual(parsed.identity, { user: "bob", groups: ["devs", "system:authenticated"] });
    });

    it("says yes for system:masters even with no binding at all", async () => {
      const r = await cli("can-i", "delete", "nodes", "--as", "root", "--as-group", "system:masters", "-f", dir, "--explain");
      assert.equal(r.code, 0);
      assert.match(r.out, /system:masters/);
    });

    it("exits 2 with a message on usage and input errors", async () => {
      for (const argv of [
        ["can-i", "get", "pods", "-f", dir],
        ["can-i", "get", "-f", dir, "--as", "a"],
        ["can-i", "get", "pods", "--as", "a"],
        ["can-i", "get", "pods", "--as", "a", "-f", path.join(dir, "missing.yaml")],
        ["can-i", "get", "pods", "--as", "a", "-f", dir, "--bogus"],
        ["can-i", "get", "pods", "-n", "x", "-A", "--as", "a", "-f", dir],
        ["frobnicate"],
      ]) {
        const r = await cli(...argv);
        assert.equal(r.code, 2, argv.join(" "));
        assert.match(r.err, /^error: /, argv.join(" "));
        assert.equal(r.out, "");
      }
    });
  });

  describe("who-can", () => {
    it("lists the subjects allowed with the binding that grants it", async () => {
      const r = await cli("who-can", "get", "pods", "-n", "team-a", "-f", dir);
      assert.equal(r.code, 0);
      assert.match(r.out, /Group +devs +RoleBinding team-a\/readers +Role team-a\/reader/);
      assert.match(r.out, /ServiceAccount +team-a\/ci +RoleBinding team-a\/readers/);
      const j = JSON.parse((await cli("who-can", "list", "nodes", "-f", dir, "-o", "json")).out) as WhoCanJson;
      assert.deepEqual(
        j.subjects.map((s) => `${s.kind}:${s.name}`),
        ["User:alice"],
      );
      assert.deepEqual(j.superuserGroups, ["system:masters"]);
    });
  });

  describe("permissions", () => {
    it("prints the effective permissions of an identity with provenance", async () => {
      const r = await cli("permissions", "--as", "system:kube-proxy", ...BOOTSTRAP);
      assert.equal(r.code, 0);
      assert.match(
        r.out,
        /cluster-wide +endpointslices\.discovery\.k8s\.io +list,watch +ClusterRoleBinding system:node-proxier → ClusterRole system:node-proxier/,
      );
      const j = JSON.parse(
        (await cli("permissions", "--as", "bob", "--as-group", "devs", "-n", "team-a", "-f", dir, "-o", "json")).out,
      ) as PermissionsJson;
      assert.deepEqual(
        j.resources.map((e) => `${e.scope}:${e.resource}:${e.verbs.join(",")}`),
        ["team-a:pods:get,list,watch", "team-a:pods/log:get,list,watch", "team-a:deployments:get,update"],
      );
    });
  });
});
