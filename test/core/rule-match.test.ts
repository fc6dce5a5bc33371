import { strict as assert } from "node:assert";
import {
  allowingRuleIndexes,
  apiGroupMatches,
  nonResourceURLMatches,
  resourceMatches,
  resourceNameMatches,
  ruleAllows,
  stripTrailingStars,
  verbMatches,
} from "../../core/rule-match";
import { q, rule } from "./builders";

describe("core/rule-match", () => {
  it('verbs: literal or *, case-sensitive; [] matches nothing; "" only by "" or *', () => {
    assert.equal(verbMatches(rule({ v: ["get"] }), "get"), true);
    assert.equal(verbMatches(rule({ v: ["GET"] }), "get"), false);
    assert.equal(verbMatches(rule({ v: ["*"] }), "escalate"), true);
    assert.equal(verbMatches(rule({ v: [] }), "get"), false);
    assert.equal(verbMatches(rule({ v: ["get"] }), ""), false);
    assert.equal(verbMatches(rule({ v: [""] }), ""), true);
  });

  it("apiGroups: literal or *; * includes the core group", () => {
    assert.equal(apiGroupMatches(rule({ g: [""] }), ""), true);
    assert.equal(apiGroupMatches(rule({ g: ["*"] }), ""), true);
    assert.equal(apiGroupMatches(rule({ g: ["apps"] }), ""), false);
    assert.equal(apiGroupMatches(rule({ g: ["core"] }), ""), false);
    assert.equal(apiGroupMatches(rule({ g: [] }), ""), false);
  });

  it("resources: *, exact res or res/sub, */sub; res/* is literal", () => {
    const m = (resources: string[], combined: string, sub: string) => resourceMatches(rule({ r: resources }), combined, sub);
    assert.equal(m(["pods"], "pods", ""), true);
    assert.equal(m(["pods"], "pods/log", "log"), false);
    assert.equal(m(["*"], "pods/log", "log"), true);
    assert.equal(m(["pods/log"], "pods/log", "log"), true);
    assert.equal(m(["pods/*"], "pods/log", "log"), false);
    assert.equal(m(["pods/*"], "pods/*", "*"), true);
    assert.equal(m(["*/scale"], "deployments/scale", "scale"), true);
    assert.equal(m(["*/scale"], "deployments", ""), false);
    assert.equal(m(["*/scale"], "deployments/xscale", "xscale"), false);
    assert.equal(m(["*/*"], "pods/log", "log"), false);
    assert.equal(m([], "pods", ""), false);
  });

  it('resourceNames: [] = every name incl. ""; otherwise literal', () => {
    assert.equal(resourceNameMatches(rule({ rn: [] }), ""), true);
    assert.equal(resourceNameMatches(rule({ rn: ["a"] }), "a"), true);
    assert.equal(resourceNameMatches(rule({ rn: ["a"] }), ""), false);
    assert.equal(resourceNameMatches(rule({ rn: [""] }), ""), true);
    assert.equal(resourceNameMatches(rule({ rn: ["*"] }), "a"), false);
  });

  it("nonResourceURLs: *, exact, trailing-* string prefix with all trailing stars stripped", () => {
    const m = (urls: string[], p: string) => nonResourceURLMatches(rule({ urls }), p);
    assert.equal(m(["*"], "/anything"), true);
    assert.equal(m(["/healthz"], "/healthz"), true);
    assert.equal(m(["/healthz"], "/healthz/"), false);
    assert.equal(m(["/healthz/*"], "/healthz"), false);
    assert.equal(m(["/healthz/*"], "/healthz/etcd"), true);
    assert.equal(m(["/healthz*"], "/healthzfoo"), true);
    assert.equal(m(["/api**"], "/apis"), true);
    assert.equal(m(["/api/*/foo"], "/api/v1/foo"), false);
    assert.equal(m(["/api/*/foo"], "/api/*/foo"), true);
    assert.equal(m(["healthz"], "/healthz"), false);
    assert.equal(stripTrailingStars("/a***"), "/a");
    assert.equal(stripTrailingStars("***"), "");
  });

  it("ruleAllows: resource rules never match non-resource requests and vice versa", () => {
    const all = rule({ g: ["*"], r: ["*"], v: ["*"] });
    assert.equal(ruleAllows(q("get /healthz"), all), false);
    assert.equal(ruleAllows(q("delete apps/deployments d@x"), all), true);
    const urls = rule({ urls: ["*"], v: ["*"] });
    assert.equal(ruleAllows(q("get /pods p@dev"), urls), false);
    assert.equal(ruleAllows(q("get /healthz"), urls), true);
    assert.deepEqual(allowingRuleIndexes(q("get /pods p@dev"), [urls, all, rule({ g: [""], r: ["pods"], v: ["get"] })]), [1, 2]);
  });
});
