// `kube-rbac escalations`: the escalation world as manifests, through the command line (text and JSON).
import { strict as assert } from "node:assert";
import { stringify } from "yaml";
import { cli } from "../support/cli";
import { useTempDir } from "../support/temp-dir";
import { escalationWorld, REACHING_CLUSTER_ADMIN } from "../core/escalation/world";

/** The world's objects as manifests (only the fields a manifest has). */
function manifests(): string {
  return escalationWorld()
    .map(({ source: _source, metadata, ...o }) =>
      stringify({ ...o, metadata: { name: metadata.name, ...(metadata.namespace ? { namespace: metadata.namespace } : {}) } }),
    )
    .join("---\n");
}

describe("cli: escalations", () => {
  const tmp = useTempDir("kube-rbac-esc-");
  let file: string;
  before(() => {
    file = tmp.write("world.yaml", manifests());
  });

  it("lists exactly the subjects that reach cluster-admin with their step counts (JSON)", async () => {
    const r = await cli("escalations", "-f", file, "-o", "json");
    assert.equal(r.code, 0, r.err);
    const got = (JSON.parse(r.out) as { subject: { kind: string; name: string; namespace?: string }; steps: unknown[] }[]).map(
      (e) => `${e.subject.kind} ${e.subject.namespace ? `${e.subject.namespace}/` : ""}${e.subject.name}: ${e.steps.length}`,
    );
    // Step counts only: this test leaves out whether a path is potential.
    assert.deepEqual(
      got,
      REACHING_CLUSTER_ADMIN.map((s) => s.replace(/p$/, "")),
    );
  });

  it("prints one identity's path with each step's permission and provenance, and exits 1 when there is none", async () => {
    const r = await cli("escalations", "-f", file, "--as", "dev");
    assert.equal(r.code, 0, r.err);
    assert.equal(
      r.out,
      [
        "Paths to cluster-admin:",
        "User dev: 1 step",
        "  1. create a pod in namespace ci with serviceAccountName deployer",
        "     permission: create pods in namespace ci",
        "     granted by: RoleBinding ci/dev-pods → ClusterRole pod-maker → rules[0]",
        "     becomes: ServiceAccount ci/deployer",
        "",
      ].join("\n"),
    );
    const none = await cli("escalations", "-f", file, "--as", "dev2");
    assert.deepEqual(none, { code: 1, out: "Paths to cluster-admin:\nNone found.\n", err: "" });
    const json = await cli("escalations", "-f", file, "--as", "system:serviceaccount:ci:deployer", "-o", "json");
    assert.deepEqual(JSON.parse(json.out), [{ subject: { kind: "ServiceAccount", name: "deployer", namespace: "ci" }, steps: [] }]);
  });

  it("aims at one request with --to, in the can-i syntax", async () => {
    const r = await cli("escalations", "-f", file, "--to", "delete secrets -n team", "-o", "json");
    assert.equal(r.code, 0, r.err);
    const got = (JSON.parse(r.out) as { subject: { name: string }; steps: unknown[] }[]).map((e) => `${e.subject.name}:${e.steps.length}`);
    assert.ok(got.includes("ns-admin:0") && got.includes("escalator-ns:1") && !got.includes("dev2:0"), got.join(" "));
    const text = await cli("escalations", "-f", file, "--to", "delete secrets -n team", "--as", "escalator-ns");
    assert.match(text.out, /^Paths to delete secrets in namespace team:\nUser escalator-ns: 1 step\n/);
    const bad = await cli("escalations", "-f", file, "--to", "delete");
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--to expects/);
  });
});
