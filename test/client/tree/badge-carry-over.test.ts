// Risk badges carried from one live index to the next: exactly the subjects a change cannot touch keep
// theirs, and every badge carried is the one judged afresh on the new index.
import { strict as assert } from "node:assert";
import type { BindingObject, RbacObject, RoleObject, Subject } from "../../../core/model";
import { RbacIndex } from "../../../core/rbac-index";
import { carryBadges, changedObjects, MAX_CARRIED_CHANGE } from "../../../client/tree/badge-carry-over";
import { badgesOf, hasSubjectBadge, subjectBadge } from "../../../client/tree/permissions";
import type { SubjectRef } from "../../../client/tree/subjects";
import { rbacFromPlain } from "../../../core/defaulting";
import { corpusRbacObjects } from "../../support/fuzz";

const RBAC = "rbac.authorization.k8s.io";
const meta = (name: string, namespace = "") => ({ name, namespace, labels: {}, annotations: {} });

function clusterRole(name: string, verbs: string[], resources: string[]): RoleObject {
  return {
    kind: "ClusterRole",
    apiVersion: `${RBAC}/v1`,
    metadata: meta(name),
    rules: [{ verbs, apiGroups: ["*"], resources, resourceNames: [], nonResourceURLs: [] }],
  };
}

function binding(
  kind: "RoleBinding" | "ClusterRoleBinding",
  name: string,
  namespace: string,
  role: string,
  subjects: Subject[],
): BindingObject {
  return {
    kind,
    apiVersion: `${RBAC}/v1`,
    metadata: meta(name, namespace),
    subjects,
    roleRef: { apiGroup: RBAC, kind: "ClusterRole", name: role },
  };
}

const user = (name: string): Subject => ({ kind: "User", apiGroup: RBAC, name, namespace: "" });
const group = (name: string): Subject => ({ kind: "Group", apiGroup: RBAC, name, namespace: "" });
const sa = (namespace: string, name: string): Subject => ({ kind: "ServiceAccount", apiGroup: "", name, namespace });

const base: RbacObject[] = [
  clusterRole("admin-all", ["*"], ["*"]),
  clusterRole("secrets-reader", ["get", "list"], ["secrets"]),
  clusterRole("viewer", ["get"], ["pods"]),
  binding("ClusterRoleBinding", "alice-admin", "", "admin-all", [user("alice")]),
  binding("RoleBinding", "bob-secrets", "team-a", "secrets-reader", [user("bob")]),
  binding("RoleBinding", "robot-view", "team-a", "viewer", [sa("team-a", "robot")]),
  binding("ClusterRoleBinding", "dev-view", "", "viewer", [group("dev")]),
];

const subjects: SubjectRef[] = [
  { kind: "User", name: "alice", namespace: "" },
  { kind: "User", name: "bob", namespace: "" },
  { kind: "User", name: "carol", namespace: "" },
  { kind: "Group", name: "dev", namespace: "" },
  { kind: "Group", name: "ops", namespace: "" },
  { kind: "ServiceAccount", name: "robot", namespace: "team-a" },
];
const key = (s: SubjectRef) => `${s.kind}\u0000${s.namespace}\u0000${s.name}`;

/** Judges every subject on the index of `before`, carries over to the index of `after`; the keys carried. */
function carried(before: RbacObject[], after: RbacObject[]): string[] {
  const from = new RbacIndex(before);
  for (const s of subjects) subjectBadge(from, s);
  const to = new RbacIndex(after);
  const count = carryBadges(from, to, changedObjects(before, after));
  const out = subjects.filter((s) => hasSubjectBadge(to, s)).map(key);
  assert.equal(count, out.length);
  // Every badge carried is the one judged afresh on an index of the same objects.
  const fresh = new RbacIndex(after);
  for (const s of subjects) if (hasSubjectBadge(to, s)) assert.equal(badgesOf(to)?.get(key(s)), subjectBadge(fresh, s), key(s));
  return out;
}

const all = subjects.map(key);
const except = (...names: string[]) => all.filter((k) => !names.some((n) => k.endsWith(`\u0000${n}`)));

describe("client: risk badges carried over to the next index", () => {
  it("judges the subjects of this cluster differently (so a wrong badge carried would show)", () => {
    const index = new RbacIndex(base);
    assert.deepEqual(
      subjects.map((s) => subjectBadge(index, s)),
      ["cluster-admin equivalent", "1 risky", undefined, "1 risky", undefined, "1 risky"],
    );
  });

  it("keeps the badges of every subject a new binding does not apply to", () => {
    const carolBinding = binding("RoleBinding", "carol-secrets", "team-a", "secrets-reader", [user("carol")]);
    assert.deepEqual(carried(base, [...base, carolBinding]), except("carol"));
  });

  it("drops the badges of the subjects of a removed or changed binding, before and after the change", () => {
    assert.deepEqual(
      carried(
        base,
        base.filter((o) => o.metadata.name !== "bob-secrets"),
      ),
      except("bob"),
    );
    // bob's binding now names carol: both are touched (the old version applied to bob, the new to carol).
    const moved = base.map((o) =>
      o.metadata.name === "bob-secrets" ? binding("RoleBinding", "bob-secrets", "team-a", "secrets-reader", [user("carol")]) : o,
    );
    assert.deepEqual(carried(base, moved), except("bob", "carol"));
  });

  it("follows the authorizer's match: implicit groups, service accounts by user name and by subject", () => {
    // Every user and service account is in system:authenticated; a group on its own is not.
    const everyone = binding("ClusterRoleBinding", "everyone", "", "admin-all", [group("system:authenticated")]);
    assert.deepEqual(carried(base, [...base, everyone]), except("alice", "bob", "carol", "robot"));
    const byUserName = binding("ClusterRoleBinding", "robot-by-name", "", "admin-all", [user("system:serviceaccount:team-a:robot")]);
    assert.deepEqual(carried(base, [...base, byUserName]), except("robot"));
    // A ServiceAccount subject without a namespace in a RoleBinding is the binding's namespace's.
    const bySubject = binding("RoleBinding", "robot-secrets", "team-a", "secrets-reader", [sa("", "robot")]);
    assert.deepEqual(carried(base, [...base, bySubject]), except("robot"));
    const ops = binding("ClusterRoleBinding", "ops-admin", "", "admin-all", [group("ops")]);
    assert.deepEqual(carried(base, [...base, ops]), except("ops"));
  });

  it("carries nothing when a role changed, or when the change is too large to compare", () => {
    const wider = base.map((o) => (o.metadata.name === "viewer" ? clusterRole("viewer", ["get", "list"], ["pods", "secrets"]) : o));
    assert.deepEqual(carried(base, wider), []);
    const many = Array.from({ length: MAX_CARRIED_CHANGE + 1 }, (_, i) =>
      binding("RoleBinding", `x-${i}`, "team-b", "viewer", [user(`nobody-${i}`)]),
    );
    assert.deepEqual(carried(base, [...base, ...many]), []);
  });

  it("finds the changed objects by identity, in both directions", () => {
    const [a, b, c] = base;
    const b2 = { ...b };
    assert.deepEqual(changedObjects([a, b, c], [a, b2, c]), [b2, b]);
    assert.deepEqual(changedObjects([a, b], [a, b]), []);
  });
});

describe("client: risk badges carried over, on the corpus's RBAC as one cluster", () => {
  it("carries exactly the badges a fresh judgement gives, for each binding removed or moved in turn", function () {
    this.timeout(120_000);
    const objects = corpusRbacObjects().flatMap((p) => {
      try {
        return [rbacFromPlain(p)];
      } catch {
        return [];
      }
    });
    const bindings = objects.filter((o): o is BindingObject => o.kind === "RoleBinding" || o.kind === "ClusterRoleBinding");
    const everyone = new Map<string, SubjectRef>();
    for (const b of bindings)
      for (const s of b.subjects)
        if (s.kind === "User" || s.kind === "Group" || s.kind === "ServiceAccount") {
          const ref: SubjectRef = {
            kind: s.kind,
            name: s.name,
            namespace: s.kind === "ServiceAccount" ? s.namespace || b.metadata.namespace : "",
          };
          everyone.set(key(ref), ref);
        }
    const refs = [...everyone.values()];
    assert.ok(bindings.length >= 25 && refs.length >= 25, `${bindings.length} bindings, ${refs.length} subjects`);
    let carriedTotal = 0;
    let droppedTotal = 0;
    for (const b of bindings.slice(0, 25)) {
      const moved = { ...b, subjects: [{ kind: "User", apiGroup: RBAC, name: `moved-${b.metadata.name}`, namespace: "" }] };
      for (const after of [objects.filter((o) => o !== b), objects.map((o) => (o === b ? moved : o))]) {
        const from = new RbacIndex(objects);
        for (const s of refs) subjectBadge(from, s);
        const to = new RbacIndex(after);
        carriedTotal += carryBadges(from, to, changedObjects(objects, after));
        const fresh = new RbacIndex(after);
        for (const s of refs) {
          if (!hasSubjectBadge(to, s)) {
            droppedTotal++;
            continue;
          }
          assert.equal(badgesOf(to)?.get(key(s)), subjectBadge(fresh, s), `${b.metadata.name}: ${key(s)}`);
        }
      }
    }
    // Most subjects are untouched by any one binding; some are not.
    assert.ok(carriedTotal > droppedTotal && droppedTotal > 0, `${carriedTotal} carried, ${droppedTotal} judged again`);
  });
});
