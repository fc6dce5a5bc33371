import { strict as assert } from "node:assert";
import { builtInCatalog } from "../../core/catalog";
import type { PolicyRule } from "../../core/model";
import { ruleIntent, unservedReason } from "../../core/rule-intent";

const rule = (apiGroups: string[], resources: string[], verbs: string[]): PolicyRule => ({
  apiGroups,
  resources,
  verbs,
  resourceNames: [],
  nonResourceURLs: [],
});

describe("core/rule-intent", () => {
  const c = builtInCatalog();

  it("judges a rule whose group, resource and verb are all wrong, and corrects each", () => {
    const i = ruleIntent(rule(["core"], ["pod"], ["lsit", "delete"]), c);
    assert.equal(i.matchesNothing, true);
    assert.deepEqual(i.reasons, [
      'the core group is written "", not "core"',
      '"lsit" is not a verb',
      '"pod" is not a resource of the core group',
    ]);
    assert.deepEqual(i.corrections, ['the group were ""', '"lsit" were list', '"pod" were pods']);
    assert.deepEqual(i.corrected, rule([""], ["pods"], ["list", "delete"]));
  });

  it("moves a resource to the group that serves it", () => {
    const i = ruleIntent(rule([""], ["deployments"], ["get"]), c);
    assert.equal(i.matchesNothing, true);
    assert.deepEqual(i.corrections, ['the group were "apps"']);
    assert.deepEqual(i.corrected?.apiGroups, ["apps"]);
  });

  it("keeps the live part of a rule that still matches something", () => {
    const i = ruleIntent(rule([""], ["pods", "pod"], ["get", "lsit"]), c);
    assert.equal(i.matchesNothing, false);
    assert.deepEqual(i.live, rule([""], ["pods"], ["get"]));
  });

  it("leaves custom groups and their verbs alone", () => {
    const i = ruleIntent(rule(["example.com"], ["widgets"], ["frobnicate"]), c);
    assert.deepEqual([i.matchesNothing, i.reasons, i.corrected], [false, [], undefined]);
  });

  it("says why an effective permission matches no served resource", () => {
    assert.equal(unservedReason(c, "core", "pod"), 'the core group is written "", not "core"');
    assert.equal(unservedReason(c, "", "pod"), '"pod" is not a resource of the core group');
    assert.equal(unservedReason(c, "", "deployments"), '"deployments" is served by "apps"');
    assert.equal(unservedReason(c, "app", "deployments"), 'there is no API group "app"');
    assert.equal(unservedReason(c, "", "pods"), undefined);
    assert.equal(unservedReason(c, "*", "*"), undefined);
    assert.equal(unservedReason(c, "example.com", "widgets"), undefined);
  });
});
