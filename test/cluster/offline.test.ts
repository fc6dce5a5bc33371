import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { loadSnapshotFile, saveSnapshot, snapshotFromText } from "../../cluster";

const LIST_YAML = `apiVersion: v1
kind: List
items:
- apiVersion: rbac.authorization.k8s.io/v1
  kind: ClusterRole
  metadata: { name: reader, resourceVersion: "12" }
  rules:
  - apiGroups: [""]
    resources: [pods]
    verbs: [get, list]
- apiVersion: rbac.authorization.k8s.io/v1
  kind: RoleBinding
  metadata: { name: read-pods, namespace: team-a }
  roleRef: { kind: ClusterRole, name: reader }
  subjects:
  - { kind: User, name: alice }
  - { kind: ServiceAccount, name: robot, namespace: team-a }
- apiVersion: v1
  kind: ServiceAccount
  metadata: { name: robot, namespace: team-a }
`;

describe("offline snapshots", () => {
  it("reads a kubectl List (YAML) with defaulting, and the same as JSON", () => {
    const y = snapshotFromText(LIST_YAML, "dump.yaml");
    assert.deepEqual(y.problems, []);
    assert.deepEqual(
      y.snapshot.objects.map((o) => [o.kind, o.metadata.namespace, o.metadata.name]),
      [
        ["ClusterRole", "", "reader"],
        ["RoleBinding", "team-a", "read-pods"],
      ],
    );
    const rb = y.snapshot.objects[1];
    assert.ok(rb.kind === "RoleBinding");
    assert.deepEqual(rb.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "reader" });
    assert.deepEqual(rb.subjects[0], { kind: "User", apiGroup: "rbac.authorization.k8s.io", name: "alice", namespace: "" });
    assert.deepEqual(
      y.snapshot.others.map((o) => o.metadata.name),
      ["robot"],
    );
    assert.deepEqual(
      { complete: y.snapshot.complete, gaps: y.snapshot.gaps, source: y.snapshot.source },
      { complete: true, gaps: [], source: { kind: "file", file: "dump.yaml" } },
    );

    const j = snapshotFromText(JSON.stringify(parse(LIST_YAML)), "dump.json");
    const withoutSource = (list: readonly { source?: unknown }[]) => list.map(({ source: _s, ...rest }) => rest);
    assert.deepEqual(withoutSource(j.snapshot.objects), withoutSource(y.snapshot.objects));
  });

  it("saves a snapshot as a YAML List that reads back to the same objects", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-snap-"));
    try {
      const original = snapshotFromText(LIST_YAML, "dump.yaml").snapshot;
      const file = path.join(dir, "snap.yaml");
      saveSnapshot(original, file);
      const back = loadSnapshotFile(file);
      assert.deepEqual(back.problems, []);
      const strip = (list: readonly { source?: unknown }[]) => list.map(({ source: _s, ...rest }) => rest);
      assert.deepEqual(strip(back.snapshot.objects), strip(original.objects));
      assert.deepEqual(strip(back.snapshot.others), strip(original.others));
      assert.match(fs.readFileSync(file, "utf8"), /^apiVersion: v1\nkind: List\n/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reports an unreadable file as a config error", () => {
    assert.throws(() => loadSnapshotFile("/nonexistent/kube-rbac.yaml"), {
      name: "ClusterError",
      kind: "config",
      message: "The snapshot file /nonexistent/kube-rbac.yaml cannot be read (ENOENT).",
    });
  });
});
