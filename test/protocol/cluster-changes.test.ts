// The client's side of kubeRbac/clusterChanges: a whole state first, then only what changed (by object
// identity), nothing when nothing changed, and a whole state again for a new origin or after a reset.
import { strict as assert } from "node:assert";
import type { RbacObject } from "../../core/model";
import { ClusterChangeTracker, ClusterStateParts } from "../../protocol/cluster-changes";

function binding(name: string, namespace: string, role: string): RbacObject {
  return {
    kind: "RoleBinding",
    apiVersion: "rbac.authorization.k8s.io/v1",
    metadata: { name, namespace, labels: {}, annotations: {} },
    subjects: [{ kind: "User", apiGroup: "rbac.authorization.k8s.io", name: "ann", namespace: "" }],
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role },
  };
}

function parts(objects: RbacObject[], more: Partial<ClusterStateParts> = {}): ClusterStateParts {
  return {
    origin: "cluster\u0000prod",
    context: "prod",
    objects,
    serviceAccounts: [{ namespace: "dev", name: "app" }],
    namespaces: ["dev", "ops"],
    discovery: () => [{ group: "", resources: [{ name: "pods", namespaced: true, verbs: ["get"] }] }],
    discoveryIdentity: "d1",
    ...more,
  };
}

describe("protocol: cluster changes (client side)", () => {
  const a = binding("a", "dev", "view");
  const b = binding("b", "ops", "edit");

  it("sends the whole state first, then what changed, and nothing when nothing did", () => {
    const t = new ClusterChangeTracker();
    assert.deepEqual(t.next(parts([a, b])), {
      seq: 1,
      full: true,
      context: "prod",
      upserts: [a, b],
      deletes: [],
      serviceAccounts: [{ namespace: "dev", name: "app" }],
      namespaces: ["dev", "ops"],
      discovery: [{ group: "", resources: [{ name: "pods", namespaced: true, verbs: ["get"] }] }],
    });
    assert.equal(t.next(parts([a, b])), undefined);
    const b2 = binding("b", "ops", "admin");
    const c = binding("c", "dev", "view");
    assert.deepEqual(t.next(parts([b2, c])), {
      seq: 2,
      full: false,
      context: "prod",
      upserts: [b2, c],
      deletes: [{ kind: "RoleBinding", namespace: "dev", name: "a" }],
    });
    assert.deepEqual(t.next(parts([b2, c], { namespaces: ["dev", "ops", "new"], discoveryIdentity: "d2", discovery: () => undefined })), {
      seq: 3,
      full: false,
      context: "prod",
      upserts: [],
      deletes: [],
      namespaces: ["dev", "ops", "new"],
      discovery: null,
    });
  });

  it("starts over with a whole state for another context, and after a reset", () => {
    const t = new ClusterChangeTracker();
    t.next(parts([a]));
    const other = t.next(parts([a], { origin: "cluster\u0000staging", context: "staging" }));
    assert.equal(other?.full, true);
    assert.equal(other?.seq, 1);
    assert.deepEqual(other?.upserts, [a]);
    t.reset();
    const again = t.next(parts([a], { origin: "cluster\u0000staging", context: "staging" }));
    assert.equal(again?.full, true);
    assert.deepEqual(again?.upserts, [a]);
    assert.equal(t.next(parts([a], { origin: "cluster\u0000staging", context: "staging" })), undefined);
  });

  it("sends a large state in pages, seq after seq, the lists and catalog with the last", () => {
    const t = new ClusterChangeTracker();
    const c = binding("c", "dev", "view");
    const d = binding("d", "dev", "view");
    const e = binding("e", "dev", "view");
    const pages = t.nextPages(parts([a, b, c, d, e]), 2);
    assert.deepEqual(pages, [
      { seq: 1, full: true, context: "prod", upserts: [a, b], deletes: [], more: true },
      { seq: 2, full: false, context: "prod", upserts: [c, d], deletes: [], more: true },
      {
        seq: 3,
        full: false,
        context: "prod",
        upserts: [e],
        deletes: [],
        serviceAccounts: [{ namespace: "dev", name: "app" }],
        namespaces: ["dev", "ops"],
        discovery: [{ group: "", resources: [{ name: "pods", namespaced: true, verbs: ["get"] }] }],
      },
    ]);
    assert.deepEqual(t.nextPages(parts([a, b, c, d, e]), 2), []);
    // The next change follows the last page; its deletes go with its first page.
    const b2 = binding("b", "ops", "admin");
    const f = binding("f", "dev", "view");
    const g = binding("g", "dev", "view");
    assert.deepEqual(t.nextPages(parts([b2, c, d, f, g]), 2), [
      {
        seq: 4,
        full: false,
        context: "prod",
        upserts: [b2, f],
        deletes: [
          { kind: "RoleBinding", namespace: "dev", name: "a" },
          { kind: "RoleBinding", namespace: "dev", name: "e" },
        ],
        more: true,
      },
      { seq: 5, full: false, context: "prod", upserts: [g], deletes: [] },
    ]);
    // A change that fits one page is the message `next` gives.
    assert.deepEqual(t.nextPages(parts([b2, c, d, f]), 2), [
      { seq: 6, full: false, context: "prod", upserts: [], deletes: [{ kind: "RoleBinding", namespace: "dev", name: "g" }] },
    ]);
  });
});
