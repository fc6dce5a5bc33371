import { strict as assert } from "node:assert";
import { RbacObject } from "../../core/model";
import { appliesTo, RbacIndex } from "../../core/rbac-index";
import { authorize } from "../../core/authorize";
import { effectivePermissions } from "../../core/effective";
import { whoCan } from "../../core/who-can";
import { CLUSTER_ADMIN, SA, U, clusterRole, crb, group, q, rb, role, sa, selector, user } from "./builders";

const getPods = { g: [""], r: ["pods"], v: ["get"] };

describe("core/rbac-index", () => {
  const objects: RbacObject[] = [
    CLUSTER_ADMIN,
    clusterRole("pr", [getPods]),
    role("dev", "r", [getPods]),
    role("", "nsless", [getPods]),
    crb("admins", "ClusterRole cluster-admin", [group("ops"), user("root")]),
    crb("odd", "ClusterRole pr", [sa("nobody"), { kind: "Robot", apiGroup: "", name: "r2", namespace: "" }]),
    rb("dev", "b", "Role r", [sa("app"), sa("bot", "ci"), user("alice", "ignored")]),
    rb("dev", "dangling", "ClusterRole nope", [user("alice")]),
    rb("", "b2", "Role nsless", [user("carol")]),
  ];
  const ix = new RbacIndex(objects);

  it("indexes bindings and roles; namespace-less Roles/RoleBindings go to the default namespace", () => {
    assert.deepEqual(
      ix.clusterRoleBindings().map((b) => b.metadata.name),
      ["admins", "odd"],
    );
    assert.deepEqual(
      ix.roleBindings("dev").map((b) => b.metadata.name),
      ["b", "dangling"],
    );
    assert.deepEqual(
      ix.roleBindings("default").map((b) => b.metadata.name),
      ["b2"],
    );
    assert.equal(ix.role("dev", "r")?.metadata.name, "r");
    assert.equal(ix.role("default", "nsless")?.metadata.name, "nsless");
    assert.equal(ix.clusterRole("pr")?.metadata.name, "pr");
    assert.deepEqual(ix.namespaces(), ["ci", "default", "dev"]);
    assert.equal(new RbacIndex(objects, { defaultNamespace: "team" }).roleBindings("team").length, 1);
  });

  it("lists distinct subjects with their kind and resolved SA namespace", () => {
    assert.deepEqual(ix.subjects(), [
      { kind: "Group", name: "ops", namespace: "" },
      { kind: "Robot", name: "r2", namespace: "" },
      { kind: "ServiceAccount", name: "nobody", namespace: "" },
      { kind: "ServiceAccount", name: "bot", namespace: "ci" },
      { kind: "ServiceAccount", name: "app", namespace: "dev" },
      { kind: "User", name: "alice", namespace: "" },
      { kind: "User", name: "carol", namespace: "" },
      { kind: "User", name: "root", namespace: "" },
    ]);
  });

  it("resolves roleRefs, dangling ones to the server's error", () => {
    const dangling = ix.roleBindings("dev")[1];
    assert.deepEqual(ix.resolveRoleRef(dangling), { ok: false, error: 'clusterrole.rbac.authorization.k8s.io "nope" not found' });
    assert.deepEqual(ix.resolve("Role", "r", ""), { ok: false, error: 'role.rbac.authorization.k8s.io "r" not found' });
    assert.deepEqual(ix.resolve("Thing", "r", "dev"), { ok: false, error: 'unsupported role reference kind: "Thing"' });
    const ok = ix.resolve("Role", "r", "dev");
    assert.equal(ok.ok && ok.role.metadata.name, "r");
    assert.equal(ix.bindingsReferencing("Role", "r", "dev").length, 1);
    assert.equal(ix.bindingsReferencing("ClusterRole", "cluster-admin").length, 1);
  });

  it("finds the bindings of an identity through the subject maps (CRBs first, input order)", () => {
    const names = (id: Parameters<typeof ix.bindingsFor>[0], ns?: string) =>
      ix.bindingsFor(id, ns).map((a) => `${a.binding.metadata.name}#${a.subjectIndex}`);
    assert.deepEqual(names(U("alice")), ["b#2", "dangling#0"]);
    assert.deepEqual(names(U("x", "ops")), ["admins#0"]);
    assert.deepEqual(names(U("root", "ops")), ["admins#0"]);
    assert.deepEqual(names(SA("dev", "app")), ["b#0"]);
    assert.deepEqual(names(SA("ci", "bot")), ["b#1"]);
    assert.deepEqual(names(SA("default", "nobody")), []);
    assert.deepEqual(names(U("alice"), "prod"), []);
  });

  it("appliesTo matches exactly: user equality, group membership, SA user string", () => {
    const id = SA("dev", "app");
    assert.equal(appliesTo(id, [user("system:serviceaccount:dev:app")], ""), 0);
    assert.equal(appliesTo(id, [group("system:serviceaccount:dev"), group("system:serviceaccounts:dev")], ""), 1);
    assert.equal(appliesTo(id, [sa("app")], ""), -1);
    assert.equal(appliesTo(id, [sa("app")], "dev"), 0);
    assert.equal(appliesTo(id, [{ kind: "user", apiGroup: "", name: id.user, namespace: "" }], ""), -1);
  });

  it("last definition of an object wins", () => {
    const i2 = new RbacIndex([
      clusterRole("pr", [getPods]),
      clusterRole("pr", []),
      crb("b", "ClusterRole pr", [user("a")]),
      crb("b", "ClusterRole pr", [user("b")]),
    ]);
    assert.deepEqual(i2.clusterRole("pr")?.rules, []);
    assert.deepEqual(
      i2.clusterRoleBindings().map((b) => b.subjects[0].name),
      ["b"],
    );
  });

  it("reads aggregated ClusterRoles converged by default, literally on request", () => {
    const objs = [clusterRole("agg", [], { aggregate: [selector({ x: "y" })] }), clusterRole("c", [getPods], { labels: { x: "y" } })];
    assert.deepEqual(new RbacIndex(objs).rulesOf(objs[0]).length, 1);
    assert.deepEqual(new RbacIndex(objs, { aggregation: "literal" }).rulesOf(objs[0]), []);
    assert.deepEqual(new RbacIndex(objs).aggregation.differs, ["agg"]);
  });

  it("builds and answers at 40,000 RoleBindings / 10,000 subjects (no timing assertions)", () => {
    const objs: RbacObject[] = [
      CLUSTER_ADMIN,
      clusterRole("view", [{ g: ["", "apps"], r: ["pods", "deployments", "configmaps"], v: ["get", "list", "watch"] }]),
      clusterRole("edit", [{ g: [""], r: ["pods", "configmaps"], v: ["*"] }]),
    ];
    const namespaces = 400;
    for (let n = 0; n < namespaces; n++) objs.push(role(`ns-${n}`, "local", [getPods]));
    for (let i = 0; i < 40_000; i++) {
      const ns = `ns-${i % namespaces}`;
      const s = i % 10_000;
      const subject = s % 3 === 0 ? user(`user-${s}`) : s % 3 === 1 ? sa(`sa-${s}`, `ns-${s % namespaces}`) : group(`group-${s % 500}`);
      objs.push(rb(ns, `b-${i}`, i % 7 === 0 ? "Role local" : i % 2 ? "ClusterRole view" : "ClusterRole edit", [subject]));
    }
    objs.push(crb("admins", "ClusterRole cluster-admin", [group("system:masters")]));
    const big = new RbacIndex(objs);
    assert.equal(big.allRoleBindings().length, 40_000);
    const id = U("user-3", "group-5");
    const eff = effectivePermissions(big, id);
    assert.equal(eff.clusterWide.length, 0);
    assert.ok(eff.perNamespace.size > 0);
    const r = authorize(big, id, q("get /pods p@ns-3"));
    assert.equal(r.rbacAllows, true);
    const who = whoCan(big, q("delete /configmaps c@ns-3"));
    assert.ok(who.subjects.length > 0);
    assert.ok(big.subjects().length >= 7_000);
  });
});
