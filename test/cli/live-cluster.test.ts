// The lists a question to a live cluster reads (cli/live-cluster.ts), against a connection whose answers
// arrive in an order the test chooses.
import { strict as assert } from "node:assert";
import { setTimeout as sleep } from "node:timers/promises";
import { ClusterConnection } from "../../cluster";
import { ClusterError } from "../../cluster/errors";
import { scopedList } from "../../cli/live-cluster";

const ref = { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" };
const subjects = [{ kind: "User", name: "dora", apiGroup: "rbac.authorization.k8s.io" }];
const ITEMS: Record<string, unknown[]> = {
  clusterroles: [{ metadata: { name: "view" }, rules: [{ verbs: ["get"], apiGroups: [""], resources: ["pods"] }] }],
  clusterrolebindings: [{ metadata: { name: "dora-view" }, roleRef: ref, subjects }],
  roles: [],
  rolebindings: [{ metadata: { name: "dora-view", namespace: "dev" }, roleRef: ref, subjects }],
};

/** A connection that answers each list after `delays[resource]` ms, or refuses it with `refuse[resource]`. */
function fakeConnection(delays: Record<string, number>, refuse: Record<string, ClusterError> = {}): ClusterConnection {
  const fake = {
    contextName: "test",
    context: { cluster: { server: "https://127.0.0.1:6443" } },
    async get(path: string) {
      const resource = /\/(\w+)\?/.exec(path)?.[1] ?? "";
      await sleep(delays[resource] ?? 0);
      if (refuse[resource]) throw refuse[resource];
      return { metadata: { resourceVersion: "1" }, items: ITEMS[resource] ?? [] };
    },
  };
  return fake as unknown as ClusterConnection;
}

describe("cli/live-cluster: the lists of a scoped question", () => {
  it("keeps the objects in the order of the kinds, whichever list arrives first", async () => {
    const snapshot = await scopedList(fakeConnection({ clusterroles: 60, clusterrolebindings: 40, roles: 20, rolebindings: 0 }), "dev");
    assert.deepEqual(
      snapshot.objects.map((o) => `${o.kind} ${o.metadata.name}`),
      ["ClusterRole view", "ClusterRoleBinding dora-view", "RoleBinding dora-view"],
    );
    assert.equal(snapshot.complete, true);
  });

  it("reads only cluster-scoped kinds at cluster scope, and turns a refused list into a gap", async () => {
    const refused = new ClusterError("forbidden", "no");
    const snapshot = await scopedList(fakeConnection({}, { clusterrolebindings: refused }), "");
    assert.deepEqual(
      snapshot.objects.map((o) => o.kind),
      ["ClusterRole"],
    );
    assert.deepEqual(
      snapshot.gaps.map((g) => [g.resource, g.reason]),
      [["clusterrolebindings", "forbidden"]],
    );
    assert.equal(snapshot.complete, false);
  });
});
