import { strict as assert } from "node:assert";
import { RbacIndex } from "../../core/rbac-index";
import { compact, effectivePermissions, rulesFor } from "../../core/effective";
import { U, clusterRole, crb, rb, role, rule, user } from "./builders";

describe("core/effective", () => {
  const read = clusterRole("read", [
    { g: ["", "apps"], r: ["pods", "deployments"], v: ["get", "list"] },
    { urls: ["/healthz", "/metrics"], v: ["get"] },
  ]);
  const more = clusterRole("more", [
    { g: [""], r: ["pods"], v: ["list", "watch"] },
    { urls: ["/healthz"], v: ["head"] },
  ]);
  const local = role("dev", "local", [
    { g: [""], r: ["configmaps"], rn: ["b", "a"], v: ["get"] },
    { g: ["*"], r: ["*"], v: ["*"] },
  ]);
  const c1 = crb("c1", "ClusterRole read", [user("alice")]);
  const r1 = rb("dev", "r1", "Role local", [user("alice")]);
  const r2 = rb("prod", "r2", "ClusterRole more", [user("alice")]);
  const r3 = rb("prod", "r3", "ClusterRole missing", [user("alice")]);
  const ix = new RbacIndex([read, more, local, c1, r1, r2, r3]);

  it("splits cluster-wide and per-namespace rules, each with provenance", () => {
    const e = effectivePermissions(ix, U("alice"));
    assert.deepEqual(
      e.clusterWide,
      read.rules.map((r, i) => ({ binding: c1, bindingNamespace: "", role: read, ruleIndex: i, rule: r })),
    );
    assert.deepEqual([...e.perNamespace.keys()], ["dev", "prod"]);
    assert.deepEqual(
      e.perNamespace.get("prod"),
      more.rules.map((r, i) => ({ binding: r2, bindingNamespace: "prod", role: more, ruleIndex: i, rule: r })),
    );
    assert.deepEqual(e.errors, [
      'RoleBinding "r3/prod" of ClusterRole "missing" to User "alice": clusterrole.rbac.authorization.k8s.io "missing" not found',
    ]);
  });

  it("rulesFor is SelfSubjectRulesReview: cluster rules plus the namespace's", () => {
    assert.deepEqual(rulesFor(ix, U("alice"), "").rules, read.rules);
    assert.deepEqual(rulesFor(ix, U("alice"), "dev").rules, [...read.rules, ...local.rules]);
    assert.deepEqual(rulesFor(ix, U("alice"), "prod").errors.length, 1);
    assert.deepEqual(rulesFor(ix, U("bob"), "dev"), { rules: [], provenance: [], errors: [] });
  });

  it("compacts by (scope, group, resource, names) → verbs, merging duplicates, keeping * and sources", () => {
    const c = compact(effectivePermissions(ix, U("alice")));
    const view = c.resources.map(
      (e) =>
        `${e.scope}|${e.apiGroup}|${e.resource}|${e.resourceNames.join(",")}|${e.verbs.join(",")}|${e.sources.map((s) => `${s.binding.metadata.name}#${s.ruleIndex}`).join(",")}`,
    );
    assert.deepEqual(view, [
      "||deployments||get,list|c1#0",
      "||pods||get,list|c1#0",
      "|apps|deployments||get,list|c1#0",
      "|apps|pods||get,list|c1#0",
      "dev||configmaps|a,b|get|r1#0",
      "dev|*|*||*|r1#1",
      "prod||pods||list,watch|r2#0",
    ]);
    // Non-resource URLs only count through ClusterRoleBindings.
    assert.deepEqual(
      c.nonResourceURLs.map((e) => ({ url: e.url, verbs: e.verbs, n: e.sources.length })),
      [
        { url: "/healthz", verbs: ["get"], n: 1 },
        { url: "/metrics", verbs: ["get"], n: 1 },
      ],
    );
  });

  it("merges the same grant reached through two bindings into one entry with two sources", () => {
    const i2 = new RbacIndex([
      clusterRole("a", [{ g: [""], r: ["pods"], v: ["get"] }]),
      clusterRole("b", [{ g: [""], r: ["pods"], v: ["get", "delete"] }]),
      crb("x", "ClusterRole a", [user("u")]),
      crb("y", "ClusterRole b", [user("u")]),
    ]);
    const c = compact(effectivePermissions(i2, U("u")));
    assert.equal(c.resources.length, 1);
    assert.deepEqual(c.resources[0].verbs, ["delete", "get"]);
    assert.deepEqual(
      c.resources[0].sources.map((s) => s.binding.metadata.name),
      ["x", "y"],
    );
    assert.deepEqual(c.resources[0].sources[1].rule, rule({ g: [""], r: ["pods"], v: ["get", "delete"] }));
  });
});
