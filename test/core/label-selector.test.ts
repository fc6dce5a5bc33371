import { strict as assert } from "node:assert";
import { matches, requirementMatches } from "../../core/label-selector";
import { expr, selector } from "./builders";

describe("core/label-selector", () => {
  const labels = { app: "web", tier: "front", x: "true" };

  it("empty selector matches everything, including no labels", () => {
    assert.equal(matches(selector(), {}), true);
    assert.equal(matches(selector(), labels), true);
  });

  it("matchLabels: every pair equal, exact strings", () => {
    assert.equal(matches(selector({ app: "web" }), labels), true);
    assert.equal(matches(selector({ app: "web", tier: "back" }), labels), false);
    assert.equal(matches(selector({ x: "True" }), labels), false);
    assert.equal(matches(selector({ missing: "" }), labels), false);
    assert.equal(matches(selector({ e: "" }), { e: "" }), true);
  });

  it("matchExpressions: In / NotIn / Exists / DoesNotExist", () => {
    assert.equal(requirementMatches(expr("app", "In", ["web", "api"]), labels), true);
    assert.equal(requirementMatches(expr("app", "In", ["api"]), labels), false);
    assert.equal(requirementMatches(expr("nope", "In", ["web"]), labels), false);
    assert.equal(requirementMatches(expr("app", "NotIn", ["api"]), labels), true);
    assert.equal(requirementMatches(expr("app", "NotIn", ["web"]), labels), false);
    assert.equal(requirementMatches(expr("nope", "NotIn", ["web"]), labels), true);
    assert.equal(requirementMatches(expr("tier", "Exists"), labels), true);
    assert.equal(requirementMatches(expr("nope", "Exists"), labels), false);
    assert.equal(requirementMatches(expr("nope", "DoesNotExist"), labels), true);
    assert.equal(requirementMatches(expr("tier", "DoesNotExist"), labels), false);
  });

  it("an unknown operator never matches (not even with a matching label)", () => {
    assert.equal(requirementMatches(expr("app", "in", ["web"]), labels), false);
    assert.equal(requirementMatches(expr("app", "Equals", ["web"]), labels), false);
    assert.equal(matches(selector({}, [expr("nope", "DoesNotExists")]), labels), false);
  });

  it("matchLabels and matchExpressions are ANDed", () => {
    assert.equal(matches(selector({ app: "web" }, [expr("tier", "In", ["front"])]), labels), true);
    assert.equal(matches(selector({ app: "web" }, [expr("tier", "NotIn", ["front"])]), labels), false);
  });
});
