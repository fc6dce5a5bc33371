import { strict as assert } from "node:assert";
import { aggregate, compareNames, hasAggregationRule, ruleKey } from "../../core/aggregation";
import { CLUSTER_ADMIN, clusterRole, expr, rule, selector } from "./builders";

const getPods = { g: [""], r: ["pods"], v: ["get"] };
const listPods = { g: [""], r: ["pods"], v: ["list"] };
const getSecrets = { g: [""], r: ["secrets"], v: ["get"] };
const A = "rbac.authorization.k8s.io/aggregate-to-";

describe("core/aggregation", () => {
  it("follows the nested default chain view → edit → admin", () => {
    const roles = [
      clusterRole("admin", [], { aggregate: [selector({ [`${A}admin`]: "true" })] }),
      clusterRole("edit", [], { labels: { [`${A}admin`]: "true" }, aggregate: [selector({ [`${A}edit`]: "true" })] }),
      clusterRole("view", [], { labels: { [`${A}edit`]: "true" }, aggregate: [selector({ [`${A}view`]: "true" })] }),
      clusterRole("system:aggregate-to-admin", [{ g: ["rbac.authorization.k8s.io"], r: ["roles"], v: ["create"] }], {
        labels: { [`${A}admin`]: "true" },
      }),
      clusterRole("system:aggregate-to-edit", [listPods], { labels: { [`${A}edit`]: "true" } }),
      clusterRole("system:aggregate-to-view", [getPods], { labels: { [`${A}view`]: "true" } }),
    ];
    const r = aggregate(roles);
    assert.deepEqual(r.rules.get("view"), [rule(getPods)]);
    // edit: matched roles sorted by name — system:aggregate-to-edit < view
    assert.deepEqual(r.rules.get("edit"), [rule(listPods), rule(getPods)]);
    assert.deepEqual(r.rules.get("admin"), [
      rule(listPods),
      rule(getPods),
      rule({ g: ["rbac.authorization.k8s.io"], r: ["roles"], v: ["create"] }),
    ]);
    assert.deepEqual(r.sources.get("admin"), ["edit", "system:aggregate-to-admin"]);
    assert.deepEqual(r.sources.get("edit"), ["system:aggregate-to-edit", "view"]);
    assert.deepEqual([...r.differs].sort(), ["admin", "edit", "view"]);
    assert.deepEqual(r.rules.get("system:aggregate-to-view"), [rule(getPods)]);
  });

  it("converges cycles A ↔ B to the union", () => {
    const roles = [
      clusterRole("a", [], { labels: { to: "b" }, aggregate: [selector({ to: "a" })] }),
      clusterRole("b", [], { labels: { to: "a" }, aggregate: [selector({ to: "b" })] }),
      clusterRole("leaf-a", [getPods], { labels: { to: "a" } }),
      clusterRole("leaf-b", [getSecrets], { labels: { to: "b" } }),
    ];
    const r = aggregate(roles);
    assert.deepEqual(r.rules.get("a"), [rule(getPods), rule(getSecrets)]);
    assert.deepEqual(r.rules.get("b"), [rule(getPods), rule(getSecrets)]);
    assert.deepEqual(r.sources.get("a"), ["b", "leaf-a"]);
  });

  it("a pure cycle with only manual rules converges to [] (manual rules never leak)", () => {
    const r = aggregate([
      clusterRole("a", [getPods], { labels: { to: "b" }, aggregate: [selector({ to: "a" })] }),
      clusterRole("b", [getSecrets], { labels: { to: "a" }, aggregate: [selector({ to: "b" })] }),
    ]);
    assert.deepEqual(r.rules.get("a"), []);
    assert.deepEqual(r.rules.get("b"), []);
    assert.deepEqual(r.differs, ["a", "b"]);
  });

  it("the empty selector {} aggregates everything, cluster-admin included, but never itself", () => {
    const r = aggregate([
      clusterRole("everything", [], { aggregate: [selector()] }),
      CLUSTER_ADMIN,
      clusterRole("pods", [getPods, getPods]),
    ]);
    assert.deepEqual(r.rules.get("everything"), [...CLUSTER_ADMIN.rules, rule(getPods)]);
    assert.deepEqual(r.sources.get("everything"), ["cluster-admin", "pods"]);
  });

  it("skips self-selection and overwrites manual rules; no match → []", () => {
    const r = aggregate([
      clusterRole("self", [getPods], { labels: { team: "x" }, aggregate: [selector({ team: "x" })] }),
      clusterRole("lonely", [getSecrets], { aggregate: [selector({ nobody: "here" })] }),
      clusterRole("manual", [getSecrets], { aggregate: [selector({ team: "x" })] }),
    ]);
    assert.deepEqual(r.rules.get("self"), []);
    assert.deepEqual(r.rules.get("lonely"), []);
    // "manual" pulls in "self", whose converged rules are [].
    assert.deepEqual(r.rules.get("manual"), []);
    assert.deepEqual(r.sources.get("self"), []);
    assert.deepEqual(r.sources.get("manual"), ["self"]);
    assert.deepEqual(r.differs, ["lonely", "manual", "self"]);
  });

  it("walks selectors in order, dedupes deep-equal rules (order-sensitive lists), and reports unchanged roles as not differing", () => {
    const r = aggregate([
      clusterRole(
        "agg",
        [rule({ g: [""], r: ["pods"], v: ["list"] }), rule(getPods)].map((x) => ({
          g: [...x.apiGroups],
          r: [...x.resources],
          v: [...x.verbs],
        })),
        {
          aggregate: [selector({ k: "2" }), selector({}, [expr("k", "In", ["1", "2"])])],
        },
      ),
      clusterRole("one", [getPods, { g: [""], r: ["pods"], v: ["list", "get"] }], { labels: { k: "1" } }),
      clusterRole("two", [listPods, getPods], { labels: { k: "2" } }),
    ]);
    assert.deepEqual(r.sources.get("agg"), ["two", "one"]);
    assert.deepEqual(r.rules.get("agg"), [rule(listPods), rule(getPods), rule({ g: [""], r: ["pods"], v: ["list", "get"] })]);
    assert.deepEqual(r.differs, ["agg"]);
    const same = aggregate([
      clusterRole("agg", [listPods], { aggregate: [selector({ k: "2" })] }),
      clusterRole("two", [listPods], { labels: { k: "2" } }),
    ]);
    assert.deepEqual(same.differs, []);
  });

  it("ignores an aggregationRule with no selectors, and helpers behave", () => {
    const r = aggregate([clusterRole("x", [getPods], { aggregate: [] })]);
    assert.deepEqual(r.rules.get("x"), [rule(getPods)]);
    assert.equal(hasAggregationRule(clusterRole("x", [], { aggregate: [] })), false);
    assert.equal(ruleKey(rule({ v: ["get", "list"] })) === ruleKey(rule({ v: ["list", "get"] })), false);
    assert.deepEqual(["b", "B", "a", "é", "z"].sort(compareNames), ["B", "a", "b", "z", "é"]);
  });
});
