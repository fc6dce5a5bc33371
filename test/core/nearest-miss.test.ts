import { strict as assert } from "node:assert";
import { builtInCatalog } from "../../core/catalog";
import { isAllowed } from "../../core/authorize";
import { describeMiss, nearestMisses, nearestMissesForAnyone } from "../../core/nearest-miss";
import { Identity, Request } from "../../core/model";
import { RbacIndex } from "../../core/rbac-index";
import { SA, U, clusterRole, rb, role, sa, user } from "./builders";

const req = (verb: string, resource: string, namespace: string, extra: Partial<Request> = {}): Request =>
  ({ kind: "resource", verb, apiGroup: "", resource, subresource: "", name: "", namespace, ...extra }) as Request;

describe("core/nearest-miss", () => {
  const index = new RbacIndex([
    clusterRole("view-pods", [{ v: ["get", "list"], g: [""], r: ["pods"] }]),
    rb("team-a", "readers", "ClusterRole view-pods", [user("alice")]),
    role("team-a", "creds", [{ v: ["get"], g: [""], r: ["secrets"], rn: ["db-creds"] }]),
    rb("team-a", "creds", "Role creds", [user("alice")]),
    role("team-a", "old-deploy", [{ v: ["get"], g: ["extensions"], r: ["deployments"] }]),
    rb("team-a", "old-deploy", "Role old-deploy", [user("alice")]),
    rb("team-a", "bob", "ClusterRole view-pods", [user("Bob")]),
    rb("team-a", "app", "ClusterRole view-pods", [sa("app", "team-b")]),
    rb("team-a", "ghost", "ClusterRole ghost", [user("carol")]),
    role("team-a", "pod-reader", [{ v: ["get"], g: [""], r: ["pods"] }]),
    rb("default", "pod-reader", "Role pod-reader", [user("dave")]),
  ]);
  const misses = (identity: Identity, request: Request) => {
    assert.equal(isAllowed(index, identity, request), false, "the request must be denied");
    return nearestMisses(index, identity, request, builtInCatalog()).map((m) => `${m.kind}: ${describeMiss(m)}`);
  };

  it("namespace: allowed in another namespace", () => {
    assert.deepEqual(misses(U("alice"), req("get", "pods", "team-b")), [
      "namespace: RoleBinding team-a/readers (ClusterRole view-pods, rules[0]): allowed in namespace team-a, not in team-b",
    ]);
  });

  it("verb: other verbs granted", () => {
    assert.deepEqual(misses(U("alice"), req("delete", "pods", "team-a")), [
      "verb: RoleBinding team-a/readers (ClusterRole view-pods, rules[0]): get and list are granted, delete is not",
    ]);
  });

  it("resourceNames: allowed for named objects only", () => {
    assert.deepEqual(misses(U("alice"), req("get", "secrets", "team-a", { name: "other" })), [
      "resourceNames: RoleBinding team-a/creds (Role team-a/creds, rules[0]): allowed for db-creds only",
    ]);
  });

  it("subresource: the parent resource is granted, not the subresource", () => {
    assert.deepEqual(misses(U("alice"), req("get", "pods", "team-a", { subresource: "log" })), [
      "subresource: RoleBinding team-a/readers (ClusterRole view-pods, rules[0]): granted on pods, not pods/log",
    ]);
  });

  it("apiGroup: deployments granted in extensions, which no longer serves them", () => {
    assert.deepEqual(misses(U("alice"), req("get", "deployments", "team-a", { apiGroup: "apps" })), [
      "apiGroup: RoleBinding team-a/old-deploy (Role team-a/old-deploy, rules[0]): deployments granted in extensions, not in apps (extensions no longer serves deployments)",
    ]);
  });

  it("subjectName: the binding names the user with another case", () => {
    assert.deepEqual(misses(U("bob"), req("get", "pods", "team-a")), [
      "subjectName: RoleBinding team-a/bob (ClusterRole view-pods, rules[0]): names User Bob; the request is from bob (names are case-sensitive)",
    ]);
  });

  it("serviceAccountNamespace: the binding names a ServiceAccount of another namespace", () => {
    assert.deepEqual(misses(SA("team-a", "app"), req("get", "pods", "team-a")), [
      "serviceAccountNamespace: RoleBinding team-a/app (ClusterRole view-pods, rules[0]): names ServiceAccount team-b/app; the request is from team-a/app",
    ]);
  });

  it("missingRole: the roleRef names a role that does not exist", () => {
    assert.deepEqual(misses(U("carol"), req("get", "pods", "team-a")), [
      "missingRole: RoleBinding team-a/ghost: refers to ClusterRole ghost, which does not exist",
    ]);
  });

  it("roleBindingNamespace: the RoleBinding is in another namespace than its Role", () => {
    assert.deepEqual(misses(U("dave"), req("get", "pods", "team-a")), [
      "roleBindingNamespace: RoleBinding default/pod-reader (Role team-a/pod-reader): is in namespace default, where Role pod-reader does not exist; the Role is in team-a, so the RoleBinding belongs there",
    ]);
  });

  it("reports nothing far from any grant", () => {
    assert.deepEqual(nearestMisses(index, U("alice"), req("delete", "nodes", "")), []);
    assert.deepEqual(nearestMisses(index, U("nobody"), req("get", "pods", "team-a")), []);
  });

  it("for who-can: the bindings, whoever they name, that nearly allow a request nobody may", () => {
    const request = req("delete", "pods", "team-a");
    assert.equal(
      index.subjects().some((s) => s.kind === "User" && isAllowed(index, U(s.name), request)),
      false,
    );
    assert.deepEqual(
      nearestMissesForAnyone(index, request, builtInCatalog()).map((m) => `${m.kind}: ${describeMiss(m)}`),
      [
        "verb: RoleBinding team-a/readers (ClusterRole view-pods, rules[0]): get and list are granted, delete is not",
        "verb: RoleBinding team-a/bob (ClusterRole view-pods, rules[0]): get and list are granted, delete is not",
        "verb: RoleBinding team-a/app (ClusterRole view-pods, rules[0]): get and list are granted, delete is not",
        "missingRole: RoleBinding team-a/ghost: refers to ClusterRole ghost, which does not exist",
      ],
    );
    assert.deepEqual(
      nearestMissesForAnyone(index, req("get", "pods", "team-c")).map((m) => `${m.kind}: ${m.binding}`),
      ["namespace: RoleBinding team-a/readers", "namespace: RoleBinding team-a/bob", "namespace: RoleBinding team-a/app"],
    );
  });
});
