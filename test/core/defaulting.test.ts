import { strict as assert } from "node:assert";
import { rbacFromPlain } from "../../core/defaulting";
import { RoleObject } from "../../core/model";

describe("core/defaulting", () => {
  it("keeps lists and maps that hold only strings as they are, without copying them", () => {
    const plain = JSON.parse(
      '{"kind":"ClusterRole","metadata":{"name":"r","labels":{"a":"b"},"annotations":{}},"rules":[{"verbs":["get","list"],"apiGroups":[""],"resources":["pods"]}]}',
    );
    const role = rbacFromPlain(plain) as RoleObject;
    assert.equal(role.rules[0].verbs, plain.rules[0].verbs);
    assert.equal(role.rules[0].resources, plain.rules[0].resources);
    assert.equal(role.metadata.labels, plain.metadata.labels);
    assert.deepEqual(role.rules[0].resourceNames, []);
    assert.deepEqual(role.rules[0].nonResourceURLs, []);
  });

  it("turns scalars into strings and drops nulls and nested values, in a copy", () => {
    const plain = {
      kind: "Role",
      metadata: { name: "r", namespace: "dev", labels: { a: "b", n: 1, t: true, o: { x: 1 }, z: null } },
      rules: [{ verbs: ["get", 7, null, ["x"], { y: 1 }, false], apiGroups: "", resources: ["pods"] }],
    };
    const role = rbacFromPlain(plain) as RoleObject;
    assert.deepEqual(role.rules[0].verbs, ["get", "7", "false"]);
    assert.deepEqual(role.rules[0].apiGroups, []);
    assert.deepEqual(role.metadata.labels, { a: "b", n: "1", t: "true" });
    assert.deepEqual(plain.rules[0].verbs, ["get", 7, null, ["x"], { y: 1 }, false], "the input is left as it was");
  });
});
