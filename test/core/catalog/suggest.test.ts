import { strict as assert } from "node:assert";
import { builtInCatalog, catalogFromDiscovery, judgeGroup, suggestVerb } from "../../../core/catalog";

describe("core/catalog/suggest", () => {
  const c = builtInCatalog();

  it("judges API groups: served, certainly meant, impossible, or a custom group it cannot see", () => {
    assert.deepEqual(judgeGroup(c, ""), { kind: "known" });
    assert.deepEqual(judgeGroup(c, "*"), { kind: "known" });
    assert.deepEqual(judgeGroup(c, "core"), { kind: "meant", group: "", why: "core" });
    assert.deepEqual(judgeGroup(c, "apps/v1"), { kind: "meant", group: "apps", why: "version" });
    assert.deepEqual(judgeGroup(c, "app"), { kind: "meant", group: "apps", why: "typo" });
    assert.deepEqual(judgeGroup(c, "Apps"), { kind: "meant", group: "apps", why: "typo" });
    assert.deepEqual(judgeGroup(c, "rbac.authorization.k8s.i"), { kind: "meant", group: "rbac.authorization.k8s.io", why: "typo" });
    assert.deepEqual(judgeGroup(c, "widgets"), { kind: "impossible" });
    assert.deepEqual(judgeGroup(c, "example.com"), { kind: "custom" });
  });

  it("knows better with a cluster's discovery: a near-miss of a served custom group", () => {
    const d = catalogFromDiscovery([
      { group: "cert-manager.io", resources: [{ name: "certificates", namespaced: true, kind: "Certificate", verbs: ["get"] }] },
    ]);
    assert.deepEqual(judgeGroup(d, "cert-manager.i"), { kind: "meant", group: "cert-manager.io", why: "typo" });
    assert.deepEqual(judgeGroup(d, "acme.example.com"), { kind: "custom" });
  });

  it("a verdict given for one catalog is not given for another", () => {
    assert.deepEqual(judgeGroup(c, "cert-manager.i"), { kind: "custom" });
    const d = catalogFromDiscovery([
      { group: "cert-manager.io", resources: [{ name: "certificates", namespaced: true, kind: "Certificate", verbs: ["get"] }] },
    ]);
    assert.deepEqual(judgeGroup(d, "cert-manager.i"), { kind: "meant", group: "cert-manager.io", why: "typo" });
    assert.deepEqual(judgeGroup(c, "cert-manager.i"), { kind: "custom" });
    assert.deepEqual(judgeGroup(d, "apps"), { kind: "impossible" });
  });

  it("suggests verbs for case slips, typos and common confusions", () => {
    assert.deepEqual(suggestVerb("GET"), { verbs: ["get"], why: "case" });
    assert.deepEqual(suggestVerb("lsit"), { verbs: ["list"], why: "typo" });
    assert.deepEqual(suggestVerb("wacth"), { verbs: ["watch"], why: "typo" });
    assert.deepEqual(suggestVerb("deleet"), { verbs: ["delete"], why: "typo" });
    assert.deepEqual(suggestVerb("read"), { verbs: ["get", "list", "watch"], why: "confusion" });
    assert.deepEqual(suggestVerb("frobnicate"), { verbs: [], why: "none" });
    assert.deepEqual(suggestVerb("xy"), { verbs: [], why: "none" });
  });
});
