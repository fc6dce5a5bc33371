// The bootstrap policy of the corpus (the API server's own default roles and bindings) gives the
// permissions any Kubernetes administrator would expect for the scheduler, kube-proxy and a superuser.
import { strict as assert } from "node:assert";
import { authorize } from "../../core/authorize";
import { compact, effectivePermissions } from "../../core/effective";
import { impersonatedIdentity } from "../../core/identity";
import { Identity, RbacObject, Request } from "../../core/model";
import { parseManifests } from "../../core/parse";
import { RbacIndex } from "../../core/rbac-index";
import { readCorpus } from "../support/corpus";

const PREFIX = "kubernetes__kubernetes__plugin_pkg_auth_authorizer_rbac_bootstrappolicy_testdata_";

function bootstrap(): RbacIndex {
  const objects: RbacObject[] = [];
  for (const f of [
    "cluster-roles",
    "cluster-role-bindings",
    "controller-roles",
    "controller-role-bindings",
    "namespace-roles",
    "namespace-role-bindings",
  ]) {
    const name = `${PREFIX}${f}.yaml`;
    objects.push(...parseManifests(readCorpus(name), name, { spans: false }).objects);
  }
  return new RbacIndex(objects);
}

const res = (
  verb: string,
  apiGroup: string,
  resource: string,
  namespace: string,
  extra: Partial<Request & { kind: "resource" }> = {},
): Request => ({ kind: "resource", verb, apiGroup, resource, subresource: "", name: "", namespace, ...extra });

/** "group/resource[names]: verbs" lines of the cluster-wide compacted permissions, sorted. */
function clusterWideLines(index: RbacIndex, id: Identity): string[] {
  const c = compact(effectivePermissions(index, id));
  return [
    ...c.resources
      .filter((r) => r.scope === "")
      .map((r) => `${r.apiGroup}/${r.resource}${r.resourceNames.length ? `[${r.resourceNames.join(",")}]` : ""}: ${r.verbs.join(",")}`),
    ...c.nonResourceURLs.map((u) => `${u.url}: ${u.verbs.join(",")}`),
  ].sort();
}

describe("bootstrap policy (corpus)", () => {
  const index = bootstrap();
  const SELF_REVIEWS = [
    "authentication.k8s.io/selfsubjectreviews: create",
    "authorization.k8s.io/selfsubjectaccessreviews: create",
    "authorization.k8s.io/selfsubjectrulesreviews: create",
  ];
  const DISCOVERY_URLS = [
    "/api/*: get",
    "/api: get",
    "/apis/*: get",
    "/apis: get",
    "/healthz: get",
    "/livez: get",
    "/openapi/*: get",
    "/openapi: get",
    "/readyz: get",
    "/version/: get",
    "/version: get",
  ];

  it("system:kube-proxy gets exactly node-proxier plus what every authenticated user gets", () => {
    const lines = clusterWideLines(index, impersonatedIdentity("system:kube-proxy"));
    assert.deepEqual(
      lines,
      [
        ...DISCOVERY_URLS,
        "/endpoints: list,watch",
        "/events: create,patch,update",
        "/nodes: get,list,watch",
        "/services: list,watch",
        ...SELF_REVIEWS,
        "discovery.k8s.io/endpointslices: list,watch",
        "events.k8s.io/events: create,patch,update",
      ].sort(),
    );
  });

  it("system:kube-scheduler can schedule, preempt and lead, and nothing like reading secrets", () => {
    const id = impersonatedIdentity("system:kube-scheduler");
    const yes: Request[] = [
      res("create", "", "pods", "team-a", { subresource: "binding", name: "web-0" }),
      res("delete", "", "pods", "team-a", { name: "low-priority" }),
      res("list", "", "nodes", ""),
      res("watch", "", "pods", ""),
      res("create", "coordination.k8s.io", "leases", "kube-system"),
      res("update", "coordination.k8s.io", "leases", "team-a", { name: "kube-scheduler" }),
      res("update", "coordination.k8s.io", "leases", "kube-system", { name: "kube-controller-manager" }),
      res("patch", "", "persistentvolumes", "", { name: "pv1" }), // via system:volume-scheduler
      res("list", "storage.k8s.io", "storageclasses", ""),
      res("create", "authentication.k8s.io", "tokenreviews", ""),
    ];
    const no: Request[] = [
      // Any lease in kube-system is fine (Role system::leader-locking-kube-scheduler), but not elsewhere.
      res("update", "coordination.k8s.io", "leases", "team-a", { name: "kube-controller-manager" }),
      res("get", "", "secrets", "kube-system", { name: "x" }),
      res("create", "", "pods", "team-a"),
      res("delete", "", "nodes", "", { name: "n1" }),
      res("list", "apps", "deployments", ""),
      { kind: "nonResource", verb: "get", path: "/metrics" },
    ];
    for (const q of yes) assert.equal(authorize(index, id, q).decision, "allowed", JSON.stringify(q));
    for (const q of no) assert.equal(authorize(index, id, q).decision, "not-allowed", JSON.stringify(q));
    const grant = authorize(index, id, yes[0]).grants[0];
    assert.equal(grant.binding.metadata.name, "system:kube-scheduler");
    assert.equal(grant.role.metadata.name, "system:kube-scheduler");
    assert.deepEqual(grant.rule.resources, ["bindings", "pods/binding"]);
  });

  it("a member of system:masters is allowed everything, by the superuser authorizer and by cluster-admin", () => {
    const id = impersonatedIdentity("root", ["system:masters"]);
    for (const q of [
      res("delete", "", "nodes", "", { name: "n1" }),
      res("escalate", "rbac.authorization.k8s.io", "clusterroles", ""),
      { kind: "nonResource", verb: "post", path: "/anything" } as Request,
    ]) {
      const r = authorize(index, id, q);
      assert.equal(r.decision, "allowed-superuser");
      assert.equal(r.rbacAllows, true); // cluster-admin is bound to system:masters
      assert.equal(r.grants[0].binding.metadata.name, "cluster-admin");
    }
    const c = compact(effectivePermissions(index, id));
    assert.ok(c.resources.some((r) => r.scope === "" && r.apiGroup === "*" && r.resource === "*" && r.verbs.join() === "*"));
    assert.ok(c.nonResourceURLs.some((u) => u.url === "*" && u.verbs.join() === "*"));
  });

  it("an unauthenticated request may only read public health and version endpoints", () => {
    const anon = impersonatedIdentity("system:anonymous");
    assert.deepEqual(clusterWideLines(index, anon), ["/healthz: get", "/livez: get", "/readyz: get", "/version/: get", "/version: get"]);
  });
});
