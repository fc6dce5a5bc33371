import { strict as assert } from "node:assert";
import { RbacIndex } from "../../core/rbac-index";
import { authorize } from "../../core/authorize";
import { describeWhoCanGrant, whoCan, whoCanIncludes } from "../../core/who-can";
import { SA, U, clusterRole, crb, group, q, rb, role, sa, user } from "./builders";

describe("core/who-can", () => {
  const pr = clusterRole("pr", [{ g: [""], r: ["pods"], v: ["get"] }]);
  const other = clusterRole("other", [{ g: [""], r: ["secrets"], v: ["get"] }]);
  const devRole = role("dev", "r", [{ g: [""], r: ["pods"], v: ["*"] }]);
  const objects = [
    pr,
    other,
    devRole,
    crb("c1", "ClusterRole pr", [user("alice"), group("system:serviceaccounts:dev"), sa("nons")]),
    crb("c2", "ClusterRole other", [user("eve")]),
    crb("c3", "ClusterRole missing", [user("mallory")]),
    rb("dev", "r1", "Role r", [
      sa("app"),
      user("system:serviceaccount:ci:bot"),
      user("alice"),
      { kind: "Robot", apiGroup: "", name: "x", namespace: "" },
    ]),
    rb("prod", "r2", "ClusterRole pr", [user("paul")]),
  ];
  const ix = new RbacIndex(objects);

  it("lists groups, service accounts and users with the bindings that grant, evaluating each role once", () => {
    const r = whoCan(ix, q("get /pods p@dev"));
    assert.deepEqual(
      r.subjects.map((s) => ({
        kind: s.kind,
        name: s.name,
        namespace: s.namespace,
        description: s.description,
        via: s.grants.map(describeWhoCanGrant),
      })),
      [
        {
          kind: "Group",
          name: "system:serviceaccounts:dev",
          namespace: "",
          description: "every service account in namespace dev",
          via: ['ClusterRoleBinding "c1" of ClusterRole "pr" to Group "system:serviceaccounts:dev"'],
        },
        {
          kind: "ServiceAccount",
          name: "bot",
          namespace: "ci",
          description: "service account ci/bot",
          via: ['RoleBinding "r1/dev" of Role "r" to User "system:serviceaccount:ci:bot"'],
        },
        {
          kind: "ServiceAccount",
          name: "app",
          namespace: "dev",
          description: "service account dev/app",
          via: ['RoleBinding "r1/dev" of Role "r" to ServiceAccount "app/dev"'],
        },
        {
          kind: "User",
          name: "alice",
          namespace: "",
          description: "user alice",
          via: ['ClusterRoleBinding "c1" of ClusterRole "pr" to User "alice"', 'RoleBinding "r1/dev" of Role "r" to User "alice"'],
        },
      ],
    );
    assert.deepEqual(r.superuserGroups, ["system:masters"]);
    assert.deepEqual(r.errors, ['ClusterRoleBinding "c3": clusterrole.rbac.authorization.k8s.io "missing" not found']);
  });

  it("cluster-scope and non-resource requests consult ClusterRoleBindings only", () => {
    assert.deepEqual(whoCan(ix, q("list /pods -@-")).subjects, []);
    assert.deepEqual(
      whoCan(ix, q("get /pods p@-")).subjects.map((s) => s.name),
      ["system:serviceaccounts:dev", "alice"],
    );
    assert.deepEqual(whoCan(ix, q("get /healthz")).subjects, []);
  });

  it("agrees with authorize for every identity it can name (implicit groups included)", () => {
    const req = q("get /pods p@dev");
    const r = whoCan(ix, req);
    for (const id of [
      U("alice"),
      U("eve"),
      U("paul"),
      SA("dev", "anything"),
      SA("ci", "bot"),
      SA("dev", "app"),
      SA("prod", "app"),
      U("root", "system:masters"),
    ]) {
      assert.equal(whoCanIncludes(r, id), authorize(ix, id, req).decision !== "not-allowed", id.user);
    }
  });
});
