import { strict as assert } from "node:assert";
import { RbacIndex } from "../../core/rbac-index";
import { breakdownRule, canApply, covers, describeAtom, FULL_AUTHORITY, ruleCoversAtom } from "../../core/escalation-prevention";
import { U, clusterRole, crb, rb, role, rule, user } from "./builders";

describe("core/escalation-prevention", () => {
  it("breaks rules into atoms (group × resource × verb [× name], URL × verb)", () => {
    assert.deepEqual(breakdownRule(rule({ g: ["", "apps"], r: ["pods"], v: ["get", "list"], rn: ["a"] })), [
      { kind: "resource", apiGroup: "", resource: "pods", verb: "get", resourceName: "a" },
      { kind: "resource", apiGroup: "", resource: "pods", verb: "list", resourceName: "a" },
      { kind: "resource", apiGroup: "apps", resource: "pods", verb: "get", resourceName: "a" },
      { kind: "resource", apiGroup: "apps", resource: "pods", verb: "list", resourceName: "a" },
    ]);
    assert.deepEqual(breakdownRule(rule({ urls: ["/a", "/b*"], v: ["get"] })), [
      { kind: "nonResource", url: "/a", verb: "get" },
      { kind: "nonResource", url: "/b*", verb: "get" },
    ]);
    assert.deepEqual(breakdownRule(rule({ g: [""], r: ["pods"], v: [] })), []);
  });

  it("is syntactic: eight verbs do not cover *; * covers subresources; */sub covers x/sub", () => {
    const eight = rule({ g: [""], r: ["pods"], v: ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"] });
    assert.deepEqual(covers([eight], [rule({ g: [""], r: ["pods"], v: ["*"] })]).uncovered, [
      { kind: "resource", apiGroup: "", resource: "pods", verb: "*" },
    ]);
    assert.equal(covers([rule({ g: [""], r: ["*"], v: ["get"] })], [rule({ g: [""], r: ["pods/log"], v: ["get"] })]).covered, true);
    assert.equal(
      covers([rule({ g: ["apps"], r: ["*/scale"], v: ["get"] })], [rule({ g: ["apps"], r: ["deployments/scale"], v: ["get"] })]).covered,
      true,
    );
    assert.equal(covers([rule({ g: [""], r: ["pods"], v: ["get"] })], [rule({ g: [""], r: ["*"], v: ["get"] })]).covered, false);
    assert.equal(covers([rule({ g: [""], r: ["pods"], v: ["get"] })], [rule({ g: [""], r: ["pods/log"], v: ["get"] })]).covered, false);
    assert.equal(covers([rule({ g: ["*"], r: ["*"], v: ["*"] })], [rule({ urls: ["/healthz"], v: ["get"] })]).covered, false);
  });

  it("resourceNames: a name-limited owner only re-grants those names", () => {
    const owner = rule({ g: [""], r: ["secrets"], v: ["get"], rn: ["s1"] });
    assert.equal(covers([owner], [rule({ g: [""], r: ["secrets"], v: ["get"], rn: ["s1"] })]).covered, true);
    assert.equal(covers([owner], [rule({ g: [""], r: ["secrets"], v: ["get"], rn: ["s2"] })]).covered, false);
    assert.equal(covers([owner], [rule({ g: [""], r: ["secrets"], v: ["get"] })]).covered, false);
    assert.equal(
      covers([rule({ g: [""], r: ["secrets"], v: ["get"] })], [rule({ g: [""], r: ["secrets"], v: ["get"], rn: ["any"] })]).covered,
      true,
    );
  });

  it("URLs: exact or owner trailing-* prefix; one owner rule per atom", () => {
    assert.equal(ruleCoversAtom(rule({ urls: ["/healthz*"], v: ["get"] }), { kind: "nonResource", url: "/healthz/x", verb: "get" }), true);
    assert.equal(ruleCoversAtom(rule({ urls: ["*"], v: ["*"] }), { kind: "nonResource", url: "/x*", verb: "post" }), true);
    assert.equal(ruleCoversAtom(rule({ urls: ["/healthz"], v: ["get"] }), { kind: "nonResource", url: "/healthz*", verb: "get" }), false);
    assert.equal(covers(FULL_AUTHORITY, FULL_AUTHORITY).covered, true);
    // Atoms need ONE owner rule: verbs from one rule and groups from another do not combine.
    assert.equal(
      covers(
        [rule({ g: ["apps"], r: ["pods"], v: ["get"] }), rule({ g: [""], r: ["pods"], v: ["list"] })],
        [rule({ g: [""], r: ["pods"], v: ["get"] })],
      ).covered,
      false,
    );
    assert.equal(
      describeAtom({ kind: "resource", apiGroup: "", resource: "pods", verb: "get", resourceName: "x" }),
      '{APIGroups:[""], Resources:["pods"], ResourceNames:["x"], Verbs:["get"]}',
    );
    assert.equal(describeAtom({ kind: "nonResource", url: "/x", verb: "get" }), '{NonResourceURLs:["/x"], Verbs:["get"]}');
  });

  describe("canApply", () => {
    const writer = clusterRole("rbac-writer", [
      { g: ["rbac.authorization.k8s.io"], r: ["roles", "rolebindings", "clusterroles", "clusterrolebindings"], v: ["create", "update"] },
    ]);
    const pods = clusterRole("pods", [{ g: [""], r: ["pods"], v: ["get"] }]);
    const base = [writer, pods, crb("w", "ClusterRole rbac-writer", [user("alice")]), rb("dev", "p", "ClusterRole pods", [user("alice")])];
    const ix = new RbacIndex(base);
    const alice = U("alice");

    it("system:masters skips every check", () => {
      const r = canApply(
        new RbacIndex([]),
        U("root", "system:masters"),
        clusterRole("x", [{ g: ["*"], r: ["*"], v: ["*"] }], { aggregate: [{ matchLabels: {}, matchExpressions: [] }] }),
      );
      assert.deepEqual(r, {
        allowed: true,
        writeAllowed: true,
        escalation: "superuser",
        reasons: ['member of "system:masters": escalation checks are skipped'],
        missing: [],
        notFound: false,
      });
    });

    it("coverage uses the request namespace: RoleBinding rules count for Roles there only", () => {
      assert.equal(canApply(ix, alice, role("dev", "r", [{ g: [""], r: ["pods"], v: ["get"] }])).escalation, "covered");
      assert.equal(canApply(ix, alice, role("prod", "r", [{ g: [""], r: ["pods"], v: ["get"] }])).allowed, false);
      assert.equal(canApply(ix, alice, clusterRole("r", [{ g: [""], r: ["pods"], v: ["get"] }])).allowed, false);
      assert.equal(canApply(ix, alice, role("", "r", [{ g: [""], r: ["pods"], v: ["get"] }]), { namespace: "dev" }).allowed, true);
    });

    it("bindings: covered role → allowed; uncovered → missing atoms; the write itself must be authorized", () => {
      assert.equal(canApply(ix, alice, rb("dev", "x", "ClusterRole pods", [user("bob")])).escalation, "covered");
      const r = canApply(ix, alice, crb("x", "ClusterRole pods", [user("bob")]));
      assert.deepEqual(r.missing, [{ kind: "resource", apiGroup: "", resource: "pods", verb: "get" }]);
      const noWrite = canApply(
        new RbacIndex([pods, crb("p", "ClusterRole pods", [user("alice")])]),
        alice,
        crb("x", "ClusterRole pods", [user("bob")]),
      );
      assert.equal(noWrite.writeAllowed, false);
      assert.equal(noWrite.escalation, "covered");
      assert.equal(noWrite.allowed, false);
      assert.equal(
        noWrite.reasons[0],
        '"alice" cannot create resource "clusterrolebindings" in API group "rbac.authorization.k8s.io" at the cluster scope',
      );
      const noCheck = canApply(
        new RbacIndex([pods, crb("p", "ClusterRole pods", [user("alice")])]),
        alice,
        crb("x", "ClusterRole pods", [user("bob")]),
        { checkWrite: false },
      );
      assert.equal(noCheck.allowed, true);
    });

    it("a Role roleRef in a ClusterRoleBinding is NotFound; unknown roleRef kinds cannot be bound", () => {
      const r = canApply(ix, alice, crb("x", "Role pods", [user("bob")]));
      assert.equal(r.notFound, true);
      assert.deepEqual(r.reasons, ['role.rbac.authorization.k8s.io "pods" not found']);
      assert.equal(canApply(ix, alice, rb("dev", "x", "Thing pods", [user("bob")])).allowed, false);
    });

    it("updating an aggregated ClusterRole to drop its aggregationRule still needs full authority; no-op updates pass", () => {
      const agg = clusterRole("agg", [], { aggregate: [{ matchLabels: { a: "b" }, matchExpressions: [] }] });
      const plain = clusterRole("agg", []);
      const r = canApply(ix, alice, plain, { operation: "update", oldObject: agg });
      assert.deepEqual(r.reasons, ["must have cluster-admin privileges to use the aggregationRule"]);
      assert.equal(r.allowed, false);
      const same = canApply(ix, alice, agg, { operation: "update", oldObject: agg });
      assert.equal(same.escalation, "unchanged");
      assert.equal(same.allowed, true);
    });
  });
});
