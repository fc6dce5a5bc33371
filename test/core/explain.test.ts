import { strict as assert } from "node:assert";
import { builtInCatalog, catalogFromDiscovery } from "../../core/catalog/index";
import { ExplainScope, explainBinding, explainRole, explainRule } from "../../core/explain";
import { BindingObject, PolicyRule, RoleKind, RoleObject, Subject } from "../../core/model";
import { policyRule as rule } from "./builders";

const cat = builtInCatalog();
const cluster: ExplainScope = { kind: "cluster" };
const teamA: ExplainScope = { kind: "namespace", namespace: "team-a" };
const unbound: ExplainScope = { kind: "unbound" };
const explain = (r: Partial<PolicyRule>, scope: ExplainScope = cluster, roleKind: RoleKind = "ClusterRole") =>
  explainRule(rule(r), { roleKind, scope }, cat);
const meta = (name: string, namespace = "", labels: Record<string, string> = {}) => ({ name, namespace, labels, annotations: {} });
const subject = (kind: string, name: string, namespace = ""): Subject => ({
  kind,
  name,
  namespace,
  apiGroup: kind === "ServiceAccount" ? "" : "rbac.authorization.k8s.io",
});
const binding = (
  kind: BindingObject["kind"],
  namespace: string,
  roleKind: string,
  roleName: string,
  subjects: Subject[],
): BindingObject => ({
  kind,
  apiVersion: "rbac.authorization.k8s.io/v1",
  metadata: meta("b", namespace),
  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: roleKind, name: roleName },
  subjects,
});

describe("core/explain: rules", () => {
  it("lists verbs in natural order, resources and the namespace", () => {
    assert.equal(
      explain({ apiGroups: [""], resources: ["pods", "pods/log"], verbs: ["watch", "get", "list", "get"] }, teamA, "Role"),
      "Allows get, list and watch on pods and pods/log in namespace team-a.",
    );
    assert.equal(
      explain({ apiGroups: ["apps"], resources: ["deployments"], verbs: ["bind", "deletecollection", "create", "patch"] }),
      "Allows create, patch, deletecollection and bind on deployments in API group apps, cluster-wide.",
    );
  });

  it("recognises cluster-admin", () => {
    assert.equal(
      explain({ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }),
      "Allows every verb on every resource in every API group, cluster-wide — this is cluster-admin.",
    );
    assert.equal(
      explain({ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }, teamA),
      "Allows every verb on every resource in every API group in namespace team-a — full control of the namespace.",
    );
  });

  it("summarises `*` resources with counts from the catalog", () => {
    const total = cat.allResources().filter((r) => r.subresource === undefined && !r.authorizationOnly).length;
    const groups = new Set(
      cat
        .allResources()
        .filter((r) => r.subresource === undefined && !r.authorizationOnly)
        .map((r) => r.group),
    ).size;
    assert.equal(
      explain({ apiGroups: ["*"], resources: ["*"], verbs: ["get", "list", "watch"] }),
      `Allows get, list and watch on * (all ${total} resources of ${groups} API groups, including secrets), cluster-wide.`,
    );
    assert.equal(
      explain({ apiGroups: [""], resources: ["*"], verbs: ["get"] }, teamA),
      "Allows get on * (all 17 resources of the core group, including secrets) in namespace team-a.",
    );
    assert.equal(
      explain({ apiGroups: ["apps"], resources: ["*"], verbs: ["get"] }, unbound),
      "Allows get on * (all 5 resources of API group apps).",
    );
    const live = catalogFromDiscovery([{ group: "example.com", resources: [{ name: "widgets", namespaced: true, verbs: ["get"] }] }]);
    assert.equal(
      explainRule(rule({ apiGroups: ["*"], resources: ["*"], verbs: ["get"] }), { roleKind: "ClusterRole", scope: cluster }, live),
      "Allows get on * (all 1 resource of 1 API group), cluster-wide.",
    );
  });

  it("expands `*/scale`", () => {
    assert.equal(
      explain({ apiGroups: ["apps"], resources: ["*/scale"], verbs: ["update", "patch"] }),
      "Allows update and patch on the scale subresource of every resource (deployments/scale, replicasets/scale and statefulsets/scale today), cluster-wide.",
    );
  });

  it("explains resourceNames and the verbs they make inert", () => {
    assert.equal(
      explain({ apiGroups: [""], resources: ["configmaps"], resourceNames: ["cm1", "cm2"], verbs: ["get", "list"] }, teamA),
      "Allows get and list on configmaps (only the objects named cm1 and cm2) in namespace team-a. list only matches requests that select a single name.",
    );
    assert.equal(
      explain({ apiGroups: [""], resources: ["secrets"], resourceNames: ["s1"], verbs: ["create", "deletecollection"] }, teamA),
      "Allows create and deletecollection on secrets (only the object named s1) in namespace team-a. create only matches creates that carry a name (server-side apply or PUT), never a plain POST to the collection. deletecollection never matches: the request carries no name.",
    );
    assert.equal(
      explain({ apiGroups: [""], resources: ["pods/exec"], resourceNames: ["debug"], verbs: ["create"] }, teamA),
      "Allows create on pods/exec (only the object named debug) in namespace team-a.",
    );
  });

  it("explains non-resource URLs", () => {
    assert.equal(
      explain({ nonResourceURLs: ["/healthz", "/healthz/*"], verbs: ["get"] }),
      "Allows GET on the non-resource URL /healthz and every path under /healthz/.",
    );
    assert.equal(explain({ nonResourceURLs: ["*"], verbs: ["*"] }), "Allows every HTTP method on every non-resource URL.");
    assert.equal(
      explain({ nonResourceURLs: ["/metrics", "healthz", "/api*"], verbs: ["list", "get"] }, teamA),
      "Allows GET and list on the non-resource URLs /metrics and healthz and every path starting with /api. list is not an HTTP method, so it never matches a non-resource request. healthz never matches: request paths start with /. Non-resource URLs are never granted through a RoleBinding.",
    );
    assert.equal(
      explain({ nonResourceURLs: ["/healthz"], verbs: ["get"] }, unbound, "Role"),
      "Allows GET on the non-resource URL /healthz. A Role cannot hold non-resource URLs (the API server rejects this rule).",
    );
  });

  it("calls out cluster-scoped resources under a namespace, fake globs and empty lists", () => {
    assert.equal(
      explain({ apiGroups: [""], resources: ["nodes", "persistentvolumes", "pods", "namespaces"], verbs: ["get"] }, teamA),
      "Allows get on nodes, persistentvolumes, pods and namespaces in namespace team-a. nodes and persistentvolumes are cluster-scoped, so they are not granted through a RoleBinding. For namespaces this covers only the Namespace team-a itself.",
    );
    assert.equal(
      explain({ apiGroups: ["", "apps"], resources: ["pods/*"], verbs: ["get"] }, unbound),
      "Allows get on pods/* in the core group and API group apps. pods/* is not a wildcard: it only matches a subresource literally named *.",
    );
    assert.equal(
      explain({ apiGroups: [""], resources: ["pods"], verbs: [] }),
      "Allows nothing. The rule lists no verbs, so it matches nothing.",
    );
    assert.equal(
      explain({ apiGroups: [], resources: ["pods"], verbs: ["get"] }),
      "Allows nothing. The rule lists no API groups, so it matches nothing.",
    );
    assert.equal(
      explain({ apiGroups: ["*"], resources: ["pods"], verbs: ["get"] }),
      "Allows get on pods in every API group, cluster-wide.",
    );
  });

  it("never throws on malformed input", () => {
    const junk = { verbs: "get", apiGroups: null, resources: [1], resourceNames: undefined, nonResourceURLs: {} } as unknown as PolicyRule;
    assert.equal(
      explainRule(junk, { roleKind: "ClusterRole", scope: cluster }, cat),
      "Allows nothing. The rule lists no verbs, so it matches nothing.",
    );
  });
});

describe("core/explain: roles", () => {
  const role = (kind: RoleKind, name: string, rules: Partial<PolicyRule>[], extra: Partial<RoleObject> = {}): RoleObject => ({
    kind,
    apiVersion: "rbac.authorization.k8s.io/v1",
    metadata: meta(name, kind === "Role" ? "team-a" : ""),
    rules: rules.map(rule),
    ...extra,
  });

  it("summarises every rule", () => {
    assert.equal(
      explainRole(
        role("Role", "reader", [
          { apiGroups: [""], resources: ["pods", "pods/log"], verbs: ["get", "list", "watch"] },
          { apiGroups: [""], resources: ["configmaps"], resourceNames: ["cm1"], verbs: ["get"] },
        ]),
        cat,
      ),
      "Role team-a/reader allows get, list and watch on pods and pods/log; get on configmaps (only the object named cm1).",
    );
    assert.equal(explainRole(role("Role", "empty", []), cat), "Role team-a/empty grants nothing (it has no rules).");
  });

  it("recognises cluster-admin", () => {
    assert.equal(
      explainRole(
        role("ClusterRole", "cluster-admin", [
          { apiGroups: ["*"], resources: ["*"], verbs: ["*"] },
          { nonResourceURLs: ["*"], verbs: ["*"] },
        ]),
        cat,
      ),
      "ClusterRole cluster-admin allows every verb on every resource in every API group; every HTTP method on every non-resource URL. This is equivalent to cluster-admin.",
    );
  });

  it("puts aggregation selectors into words", () => {
    assert.equal(
      explainRole(
        role("ClusterRole", "view", [], {
          aggregationRule: {
            clusterRoleSelectors: [{ matchLabels: { "rbac.authorization.k8s.io/aggregate-to-view": "true" }, matchExpressions: [] }],
          },
        }),
        cat,
      ),
      "ClusterRole view aggregates every ClusterRole labelled rbac.authorization.k8s.io/aggregate-to-view=true. Its rules are written by the aggregation controller.",
    );
    assert.equal(
      explainRole(
        role("ClusterRole", "mon", [{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }], {
          aggregationRule: {
            clusterRoleSelectors: [
              {
                matchLabels: { team: "x" },
                matchExpressions: [
                  { key: "tier", operator: "In", values: ["a", "b"] },
                  { key: "legacy", operator: "DoesNotExist", values: [] },
                ],
              },
              { matchLabels: {}, matchExpressions: [] },
            ],
          },
        }),
        cat,
      ),
      "ClusterRole mon aggregates every ClusterRole labelled team=x, with label tier in (a, b) and without a label legacy, and every ClusterRole (an empty selector matches all of them, cluster-admin included). Its rules are written by the aggregation controller; the current ones allow get on pods.",
    );
  });
});

describe("core/explain: bindings", () => {
  it("names service accounts, defaulting the namespace from a RoleBinding", () => {
    assert.equal(
      explainBinding(
        binding("RoleBinding", "dev", "ClusterRole", "view", [
          subject("ServiceAccount", "app"),
          subject("ServiceAccount", "deployer", "ci"),
        ]),
      ),
      "RoleBinding dev/b grants ClusterRole view in namespace dev to: ServiceAccount dev/app (namespace defaulted from the RoleBinding; user system:serviceaccount:dev:app, in groups system:serviceaccounts, system:serviceaccounts:dev and system:authenticated); ServiceAccount ci/deployer (user system:serviceaccount:ci:deployer, in groups system:serviceaccounts, system:serviceaccounts:ci and system:authenticated).",
    );
  });

  it("explains well-known and AKS groups cluster-wide", () => {
    assert.equal(
      explainBinding(
        binding("ClusterRoleBinding", "", "ClusterRole", "view", [
          subject("Group", "system:authenticated"),
          subject("Group", "system:serviceaccounts:dev"),
          subject("Group", "11111111-2222-3333-4444-555555555555"),
          subject("Group", "system:serviceaccount:dev"),
        ]),
      ),
      "ClusterRoleBinding b grants ClusterRole view cluster-wide to: group system:authenticated (every authenticated identity, including every service account); group system:serviceaccounts:dev (every service account in namespace dev); group 11111111-2222-3333-4444-555555555555 (a Microsoft Entra ID object id (AKS)); group system:serviceaccount:dev, which matches nobody (no such group is issued; did you mean system:serviceaccounts:dev?).",
    );
  });

  it("explains users, Roles, missing namespaces, bad kinds and empty subjects", () => {
    assert.equal(
      explainBinding(
        binding("RoleBinding", "dev", "Role", "reader", [
          subject("User", "alice@contoso.com", "dev"),
          subject("User", "system:serviceaccount:ci:bot"),
          subject("user", "bob"),
        ]),
      ),
      "RoleBinding dev/b grants Role dev/reader in namespace dev to: user alice@contoso.com (its namespace field is ignored); user system:serviceaccount:ci:bot, i.e. ServiceAccount ci/bot; user bob, which matches nobody (not a subject kind).",
    );
    assert.equal(
      explainBinding(
        binding("ClusterRoleBinding", "", "ClusterRole", "edit", [
          subject("ServiceAccount", "app"),
          subject("User", "00000000-0000-0000-0000-000000000001"),
        ]),
      ),
      "ClusterRoleBinding b grants ClusterRole edit cluster-wide to: ServiceAccount app without a namespace, which matches nobody (a ClusterRoleBinding must name the namespace); user 00000000-0000-0000-0000-000000000001 (a Microsoft Entra ID object id (AKS): a service principal, managed identity or guest user).",
    );
    assert.equal(
      explainBinding(binding("ClusterRoleBinding", "", "Role", "r", [])),
      "ClusterRoleBinding b references Role r, which a ClusterRoleBinding cannot grant (the API server rejects it) to nobody (it has no subjects).",
    );
  });
});
