import { strict as assert } from "node:assert";
import * as fc from "fast-check";
import { resourceRules, subjectForUser, suggestedName, suggestRbac } from "../../../core/audit/suggest";
import { isAllowed } from "../../../core/authorize";
import { impersonatedIdentity } from "../../../core/identity";
import { objectsFromPlain } from "../../../core/load";
import { Request, ResourceRequest } from "../../../core/model";
import { RbacIndex } from "../../../core/rbac-index";
import { q as req } from "../builders";

const SA = subjectForUser("system:serviceaccount:dev:app");

describe("core/audit/suggest", () => {
  it("writes a Role and RoleBinding per namespace and a ClusterRole pair for the rest, named after the subject", () => {
    const out = suggestRbac(SA, [req("get /secrets db@prod"), req("list /nodes -@-"), req("get /metrics"), req("list /pods -@dev")]);
    assert.deepEqual(
      out.map((m) => [m.kind, (m.metadata as { name: string; namespace?: string }).namespace ?? ""]),
      [
        ["ClusterRole", ""],
        ["ClusterRoleBinding", ""],
        ["Role", "dev"],
        ["RoleBinding", "dev"],
        ["Role", "prod"],
        ["RoleBinding", "prod"],
      ],
    );
    assert.deepEqual(out[0].rules, [
      { apiGroups: [""], resources: ["nodes"], verbs: ["list"] },
      { nonResourceURLs: ["/metrics"], verbs: ["get"] },
    ]);
    assert.deepEqual(out[3], {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: {
        name: "kube-rbac-suggested:system:serviceaccount:dev:app",
        namespace: "dev",
        labels: { "app.kubernetes.io/managed-by": "kube-rbac" },
      },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "kube-rbac-suggested:system:serviceaccount:dev:app" },
      subjects: [{ kind: "ServiceAccount", name: "app", namespace: "dev" }],
    });
  });

  it("names users and groups as RBAC object names allow", () => {
    assert.deepEqual(subjectForUser("jane@example.com"), { kind: "User", name: "jane@example.com" });
    assert.equal(suggestedName({ kind: "User", name: "https://issuer/#50%" }), "kube-rbac-suggested:https:--issuer-#50-");
    assert.equal(suggestedName({ kind: "Group", name: "ops" }), "kube-rbac-suggested:group:ops");
    const [, b] = suggestRbac({ kind: "Group", name: "ops" }, [req("list /nodes -@-")]);
    assert.deepEqual(b.subjects, [{ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: "ops" }]);
  });

  it("restricts by name only when every request of that resource and verb was named", () => {
    const rules = resourceRules([
      req("get /secrets db@p"),
      req("get /secrets tls@p"),
      req("update /secrets db@p"),
      req("delete /configmaps a@p"),
      req("delete /configmaps -@p"),
      req("create /pods/eviction web@p"),
      req("list /services x@p"),
      req("watch /services x@p"),
      req("deletecollection /events -@p"),
    ]);
    assert.deepEqual(rules, [
      { apiGroups: [""], resources: ["configmaps"], verbs: ["delete"] },
      { apiGroups: [""], resources: ["events"], verbs: ["deletecollection"] },
      { apiGroups: [""], resources: ["pods/eviction"], resourceNames: ["web"], verbs: ["create"] },
      { apiGroups: [""], resources: ["secrets"], resourceNames: ["db"], verbs: ["update"] },
      { apiGroups: [""], resources: ["secrets"], resourceNames: ["db", "tls"], verbs: ["get"] },
      { apiGroups: [""], resources: ["services"], resourceNames: ["x"], verbs: ["list", "watch"] },
    ]);
  });

  it("restricts a create RBAC saw with a name (subresource, create-on-update) to that name, unless a POST create was logged", () => {
    const rules = resourceRules([
      req("create /serviceaccounts/token builder@p"),
      req("create /pods/exec worker@p"),
      req("update coordination.k8s.io/leases leader@p"),
      req("create coordination.k8s.io/leases leader@p"),
      req("create /configmaps applied@p"),
      req("create /configmaps -@p"),
    ]);
    assert.deepEqual(rules, [
      { apiGroups: [""], resources: ["configmaps"], verbs: ["create"] },
      { apiGroups: [""], resources: ["pods/exec"], resourceNames: ["worker"], verbs: ["create"] },
      { apiGroups: [""], resources: ["serviceaccounts/token"], resourceNames: ["builder"], verbs: ["create"] },
      { apiGroups: ["coordination.k8s.io"], resources: ["leases"], resourceNames: ["leader"], verbs: ["create", "update"] },
    ]);
  });

  it("joins resources with the same verbs and names, never groups, and keeps subresources", () => {
    const rules = resourceRules([
      req("list /pods -@p"),
      req("list /services -@p"),
      req("list apps/deployments -@p"),
      req("get apps/deployments/scale web@p"),
      req("patch apps/deployments/scale web@p"),
      req("get /pods/log a@p"),
      req("watch /pods -@p"),
    ]);
    assert.deepEqual(rules, [
      { apiGroups: [""], resources: ["pods"], verbs: ["list", "watch"] },
      { apiGroups: [""], resources: ["pods/log"], resourceNames: ["a"], verbs: ["get"] },
      { apiGroups: [""], resources: ["services"], verbs: ["list"] },
      { apiGroups: ["apps"], resources: ["deployments"], verbs: ["list"] },
      { apiGroups: ["apps"], resources: ["deployments/scale"], resourceNames: ["web"], verbs: ["get", "patch"] },
    ]);
  });

  it("gives the same text for the same requests in any order", () => {
    const requests = [req("get /secrets db@p"), req("list /pods -@q"), req("get /metrics"), req("post /metrics"), req("get /version")];
    const a = JSON.stringify(suggestRbac(SA, requests));
    const b = JSON.stringify(suggestRbac(SA, [...requests].reverse()));
    assert.equal(a, b);
    assert.deepEqual(JSON.parse(a)[0].rules, [
      { nonResourceURLs: ["/metrics"], verbs: ["get", "post"] },
      { nonResourceURLs: ["/version"], verbs: ["get"] },
    ]);
  });

  it("allows every logged request and nothing that was not logged (against the core authorizer)", () => {
    const resource = fc.record({
      kind: fc.constant("resource" as const),
      verb: fc.constantFrom("get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"),
      apiGroup: fc.constantFrom("", "apps"),
      resource: fc.constantFrom("pods", "secrets"),
      subresource: fc.constantFrom("", "", "log"),
      name: fc.constantFrom("", "a", "b"),
      namespace: fc.constantFrom("", "dev", "prod"),
    });
    const nonResource = fc.record({
      kind: fc.constant("nonResource" as const),
      verb: fc.constantFrom("get", "post"),
      path: fc.constantFrom("/metrics", "/x"),
    });
    const request = fc.oneof(resource, resource, nonResource) as fc.Arbitrary<Request>;
    fc.assert(
      fc.property(fc.array(request, { maxLength: 12 }), fc.array(request, { minLength: 1, maxLength: 20 }), (logged, probes) => {
        const index = new RbacIndex(objectsFromPlain({ kind: "List", items: suggestRbac(SA, logged) }).objects);
        const identity = impersonatedIdentity("system:serviceaccount:dev:app");
        for (const r of logged) assert.ok(isAllowed(index, identity, r), `logged ${JSON.stringify(r)} is denied`);
        for (const r of probes) assert.equal(isAllowed(index, identity, r), covered(logged, r), JSON.stringify({ logged, r }));
      }),
      { numRuns: 300 },
    );
  });
});

/**
 * What the suggestion must allow: a logged request like it, in its namespace or at cluster scope, and a
 * name allowed there (any name when one of them was unnamed, whatever the verb).
 */
function covered(logged: readonly Request[], r: Request): boolean {
  if (r.kind === "nonResource") return logged.some((l) => l.kind === "nonResource" && l.path === r.path && l.verb === r.verb);
  return [r.namespace, ""].some((scope) => {
    const same = logged.filter(
      (l): l is ResourceRequest =>
        l.kind === "resource" &&
        l.namespace === scope &&
        l.verb === r.verb &&
        l.apiGroup === r.apiGroup &&
        l.resource === r.resource &&
        l.subresource === r.subresource,
    );
    if (same.length === 0) return false;
    if (same.some((l) => l.name === "")) return true;
    return same.some((l) => l.name === r.name);
  });
}
