// The command line against a live cluster: --kubeconfig/--context as the state source for who-can and
// permissions, `kube-rbac snapshot -o FILE`, and the saved snapshot answering like the cluster did.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { cli } from "../support/cli";
import { AdminClient, useApiServer } from "../support/apiserver";

/** The parts of the command line's JSON answers these tests read. */
interface WhoCanJson {
  subjects: { name: string; grants: { binding: unknown }[] }[];
}
interface CanIJson {
  allowed: boolean;
  incomplete: boolean;
  server: { allowed: boolean };
}

describe("cli with a live cluster", function () {
  this.timeout(120_000);
  const server = useApiServer();
  let dir: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-cli-live-"));
    const admin = new AdminClient(server().kubeconfig("admin"));
    try {
      await admin.create("/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "payments" } });
      await admin.create("/apis/rbac.authorization.k8s.io/v1/namespaces/payments/rolebindings", {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "RoleBinding",
        metadata: { name: "auditors", namespace: "payments" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" },
        subjects: [{ kind: "Group", name: "11111111-2222-3333-4444-555555555555", apiGroup: "rbac.authorization.k8s.io" }],
      });
    } finally {
      admin.dispose();
    }
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("answers who-can and permissions from the cluster, including its aggregated default roles", async () => {
    const kc = server().kubeconfig("admin");
    const who = JSON.parse((await cli("who-can", "list", "pods", "-n", "payments", "--kubeconfig", kc, "-o", "json")).out) as WhoCanJson;
    const group = who.subjects.find((s) => s.name === "11111111-2222-3333-4444-555555555555");
    assert.ok(group, JSON.stringify(who.subjects.map((s) => s.name)));
    assert.deepEqual(group.grants[0].binding, { kind: "RoleBinding", name: "auditors", namespace: "payments" });
    const perms = await cli(
      "permissions",
      "--as",
      "erin",
      "--as-group",
      "11111111-2222-3333-4444-555555555555",
      "-n",
      "payments",
      "--kubeconfig",
      kc,
    );
    assert.equal(perms.code, 0);
    assert.match(perms.out, /namespace payments +pods +get,list,watch +RoleBinding payments\/auditors → ClusterRole view/);
  });

  it("saves a snapshot that answers like the cluster, and refuses to run without a cluster", async () => {
    const file = path.join(dir, "snapshot.yaml");
    const saved = await cli("snapshot", "-o", file, "--kubeconfig", server().kubeconfig("admin"));
    assert.equal(saved.code, 0, saved.err);
    assert.match(saved.err, /saved \d+ RBAC objects/);
    const text = fs.readFileSync(file, "utf8");
    assert.match(text, /kind: List/);
    for (const q of [
      ["get", "pods", "-n", "payments"],
      ["delete", "pods", "-n", "payments"],
      ["get", "secrets", "-n", "payments"],
    ]) {
      const args = [...q, "--as", "erin", "--as-group", "11111111-2222-3333-4444-555555555555"];
      const live = await cli("can-i", ...args, "--kubeconfig", server().kubeconfig("admin"));
      const offline = await cli("can-i", ...args, "-f", file);
      assert.equal(offline.out, live.out, q.join(" "));
      assert.equal(offline.code, live.code, q.join(" "));
    }
    assert.equal((await cli("snapshot", "-o", file, "-f", file)).code, 2);
  });

  it("says which parts a limited identity could not see", async () => {
    const r = await cli("who-can", "get", "roles", "-n", "team-a", "--kubeconfig", server().kubeconfig("lister"));
    assert.equal(r.code, 0);
    assert.match(r.err, /incomplete: cannot list clusterrolebindings at cluster scope: forbidden/);
  });

  it("answers a limited identity about itself from what it can read, and from the API server when a part is hidden", async () => {
    const lister = server().kubeconfig("lister");
    // lister may read roles and rolebindings in team-a only: the namespace's own RBAC is enough here.
    const yes = await cli("can-i", "list", "roles", "-n", "team-a", "--kubeconfig", lister);
    assert.deepEqual([yes.code, yes.out.split("\n")[0]], [0, "yes"]);
    assert.match(yes.err, /incomplete: cannot list clusterrolebindings at cluster scope: forbidden/);
    const no = await cli("can-i", "list", "roles", "-n", "default", "--kubeconfig", lister);
    assert.deepEqual([no.code, no.out.split("\n")[0]], [1, "no"]);
    // Whatever cannot be read, the API server's own answer decides for the caller itself.
    const self = await cli("can-i", "create", "selfsubjectaccessreviews.authorization.k8s.io", "--kubeconfig", lister, "-o", "json");
    const j = JSON.parse(self.out) as CanIJson;
    assert.deepEqual([self.code, j.allowed, j.incomplete, j.server.allowed], [0, true, true, true]);
  });

  it("can-apply against the cluster: as yourself (who am I), or --as; the cluster's binding is a patch", async () => {
    const file = path.join(dir, "apply.yaml");
    fs.writeFileSync(
      file,
      `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: auditors, namespace: payments}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects: [{kind: Group, name: 11111111-2222-3333-4444-555555555555, apiGroup: rbac.authorization.k8s.io}, {kind: User, name: erin}]
`,
    );
    const admin = await cli("can-apply", file, "--kubeconfig", server().kubeconfig("admin"));
    assert.deepEqual([admin.code, admin.out.split("\n")[0]], [0, "yes: every object can be applied (0 created, 1 patched)"]);
    assert.match(admin.out, /RoleBinding payments\/auditors +patch +yes +member of system:masters/);
    const erin = await cli("can-apply", file, "--as", "erin", "--kubeconfig", server().kubeconfig("admin"));
    assert.deepEqual([erin.code, erin.out.split("\n")[0]], [1, "no: RoleBinding payments/auditors: no permission to write it"]);
  });

  it("reports a missing kubeconfig as such (exit 2), never a localhost fallback", async () => {
    const r = await cli("can-i", "get", "pods", "--as", "x", "--kubeconfig", path.join(dir, "missing.kubeconfig"));
    assert.equal(r.code, 2);
    assert.match(r.err, /kubeconfig/i);
    assert.doesNotMatch(r.err, /localhost:8080/);
  });
});
