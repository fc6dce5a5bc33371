import { strict as assert } from "node:assert";
import { RbacIndex } from "../../core/rbac-index";
import { aggregateErrors, authorize, isAllowed } from "../../core/authorize";
import { SA, U, clusterRole, crb, group, q, rb, role, rule, sa, user } from "./builders";

const getPods = { g: [""], r: ["pods"], v: ["get"] };

describe("core/authorize", () => {
  const pr = clusterRole("pr", [getPods]);
  const both = clusterRole("both", [
    { g: [""], r: ["secrets"], v: ["get"] },
    { g: ["*"], r: ["pods"], v: ["*"] },
  ]);
  const dev = role("dev", "r", [getPods]);
  const crbP = crb("crb-p", "ClusterRole pr", [group("devs"), user("alice")]);
  const crbB = crb("crb-b", "ClusterRole both", [user("alice")]);
  const rbD = rb("dev", "rb-d", "Role r", [user("alice")]);
  const rbSa = rb("dev", "rb-sa", "ClusterRole pr", [sa("app")]);
  const bad = crb("bad", "ClusterRole gone", [user("alice")]);
  const bad2 = rb("dev", "bad2", "Role gone", [user("alice")]);
  const ix = new RbacIndex([pr, both, dev, crbP, crbB, rbD, rbSa, bad, bad2]);

  it("reports every allowing grant, CRBs first, and the server's reason for the first", () => {
    const r = authorize(ix, U("alice", "devs"), q("get /pods p@dev"));
    assert.deepEqual(r, {
      decision: "allowed",
      rbacAllows: true,
      grants: [
        { binding: crbP, bindingNamespace: "", subject: group("devs"), role: pr, ruleIndex: 0, rule: rule(getPods) },
        {
          binding: crbB,
          bindingNamespace: "",
          subject: user("alice"),
          role: both,
          ruleIndex: 1,
          rule: rule({ g: ["*"], r: ["pods"], v: ["*"] }),
        },
        { binding: rbD, bindingNamespace: "dev", subject: user("alice"), role: dev, ruleIndex: 0, rule: rule(getPods) },
      ],
      errors: [
        'ClusterRoleBinding "bad" of ClusterRole "gone" to User "alice": clusterrole.rbac.authorization.k8s.io "gone" not found',
        'RoleBinding "bad2/dev" of Role "gone" to User "alice": role.rbac.authorization.k8s.io "gone" not found',
      ],
      reason: 'RBAC: allowed by ClusterRoleBinding "crb-p" of ClusterRole "pr" to Group "devs"',
    });
  });

  it("names service accounts name/namespace in reasons", () => {
    const r = authorize(ix, SA("dev", "app"), q("get /pods p@dev"));
    assert.equal(r.reason, 'RBAC: allowed by RoleBinding "rb-sa/dev" of ClusterRole "pr" to ServiceAccount "app/dev"');
  });

  it("not allowed: reason is the aggregate of resolution errors (empty when none)", () => {
    const r = authorize(ix, U("alice"), q("delete /secrets s@prod"));
    assert.equal(r.decision, "not-allowed");
    assert.equal(r.reason, 'RBAC: clusterrole.rbac.authorization.k8s.io "gone" not found');
    assert.deepEqual(authorize(ix, U("bob"), q("get /pods p@dev")).reason, "");
    assert.equal(aggregateErrors(["a", "b", "a"]), "[a, b]");
    assert.equal(aggregateErrors(["a", "a"]), "a");
  });

  it("RoleBindings never apply to cluster scope or to non-resource requests", () => {
    assert.equal(authorize(ix, U("alice"), q("get /pods p@-")).grants.length, 2);
    assert.equal(authorize(ix, U("carol"), q("get /pods p@dev")).rbacAllows, false);
  });

  it("superusers: decision allowed-superuser, rbacAllows computed independently", () => {
    const r = authorize(ix, U("alice", "system:masters"), q("get /pods p@dev"));
    assert.equal(r.decision, "allowed-superuser");
    assert.equal(r.rbacAllows, true);
    assert.equal(r.grants.length, 3);
    assert.equal(isAllowed(ix, U("x", "system:masters"), q("get /healthz")), true);
    assert.equal(isAllowed(ix, U("x"), q("get /healthz")), false);
  });
});
