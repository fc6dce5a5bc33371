// rbac-semantics.md §9, cases 1–61, one row per query. Each row names its case number. The write-time
// cases 55–59 are in semantics-write-cases.test.ts.

import { strict as assert } from "node:assert";
import { Identity, RbacObject, Subject } from "../../core/model";
import { RbacIndex } from "../../core/rbac-index";
import { AggregationMode } from "../../core/aggregation";
import { authorize } from "../../core/authorize";
import { ANON, CLUSTER_ADMIN, RuleSpec, SA, U, clusterRole, crb, group, q, rb, role, sa, selector, user } from "./builders";

interface Row {
  readonly id: string;
  readonly state: readonly RbacObject[];
  readonly who: Identity;
  readonly query: string;
  readonly allow: boolean;
  readonly mode?: AggregationMode;
}

const alice = U("alice");
const pr = clusterRole("pr", [{ g: [""], r: ["pods"], v: ["get"] }]);
const s1 = [pr, crb("b", "ClusterRole pr", [user("alice")])];
const prList = clusterRole("pr", [{ g: [""], r: ["pods"], v: ["get", "list"] }]);
const s6 = [prList, rb("dev", "b", "ClusterRole pr", [user("alice")])];
const s8 = [clusterRole("nr", [{ g: [""], r: ["nodes"], v: ["get"] }]), rb("dev", "b", "ClusterRole nr", [user("alice")])];
const s9 = [CLUSTER_ADMIN, rb("dev", "b", "ClusterRole cluster-admin", [user("alice")])];
const cmGet = { g: [""], r: ["configmaps"], v: ["get"] };
const s11 = [role("dev", "r", [cmGet]), rb("prod", "b", "Role r", [user("alice")])];
const s12 = [role("dev", "r", [cmGet]), rb("dev", "b", "Role r", [user("alice")]), rb("dev", "b2", "Role missing", [user("alice")])];
const crbTo = (...subjects: Subject[]) => [pr, crb("b", "ClusterRole pr", subjects)];
const rbTo = (...subjects: Subject[]) => [pr, rb("dev", "b", "ClusterRole pr", subjects)];
/** One ClusterRole `r` with the given rules, bound to alice by a ClusterRoleBinding. */
const one = (...rules: RuleSpec[]) => [clusterRole("r", rules), crb("b", "ClusterRole r", [user("alice")])];
const GUID = "11111111-1111-1111-1111-111111111111";
const s47 = [
  clusterRole("read-pods", [{ g: [""], r: ["pods"], v: ["get"] }]),
  crb("b1", "ClusterRole read-pods", [user("alice")]),
  role("dev", "empty"),
  rb("dev", "b2", "Role empty", [user("alice")]),
];
const s48 = [
  clusterRole("get-pods", [{ g: [""], r: ["pods"], v: ["get"] }]),
  clusterRole("list-pods", [{ g: [""], r: ["pods"], v: ["list"] }]),
  crb("b1", "ClusterRole get-pods", [user("alice")]),
  crb("b2", "ClusterRole list-pods", [group("g")]),
];
const bindAgg = crb("b", "ClusterRole agg", [user("alice")]);
const s49 = [
  clusterRole("agg", [], { aggregate: [selector({ x: "true" })] }),
  clusterRole("c1", [{ g: [""], r: ["pods"], v: ["get"] }], { labels: { x: "true" } }),
  bindAgg,
];
const s50 = [clusterRole("agg", [], { aggregate: [selector()] }), CLUSTER_ADMIN, bindAgg];
const s51 = [clusterRole("agg", [{ g: [""], r: ["secrets"], v: ["get"] }], { aggregate: [selector({ x: "true" })] }), bindAgg];
const AGG = "rbac.authorization.k8s.io/aggregate-to-";
const defaults = (labelValue: string) => [
  clusterRole("admin", [], { aggregate: [selector({ [`${AGG}admin`]: "true" })] }),
  clusterRole("edit", [], { labels: { [`${AGG}admin`]: "true" }, aggregate: [selector({ [`${AGG}edit`]: "true" })] }),
  clusterRole("view", [], { labels: { [`${AGG}edit`]: "true" }, aggregate: [selector({ [`${AGG}view`]: "true" })] }),
  clusterRole("crontab-view", [{ g: ["stable.example.com"], r: ["crontabs"], v: ["get"] }], { labels: { [`${AGG}view`]: labelValue } }),
  rb("dev", "b", "ClusterRole admin", [user("alice")]),
];
const s54 = [
  clusterRole("a", [{ g: [""], r: ["pods"], v: ["get"] }], { labels: { team: "x" }, aggregate: [selector({ team: "x" })] }),
  crb("b", "ClusterRole a", [user("alice")]),
];
const s61 = [
  clusterRole("id", [{ g: ["authentication.k8s.io"], r: ["users"], rn: ["jane"], v: ["impersonate:user-info"] }]),
  crb("id", "ClusterRole id", [sa("robot", "ci")]),
  role("dev", "act", [{ g: [""], r: ["pods"], v: ["impersonate-on:user-info:list"] }]),
  rb("dev", "act", "Role act", [sa("robot", "ci")]),
];

const rows: Row[] = [
  // Basic matching
  { id: "1", state: s1, who: alice, query: "get /pods web@dev", allow: true },
  { id: "2", state: s1, who: alice, query: "list /pods -@dev", allow: false },
  { id: "3", state: s1, who: alice, query: "get apps/deployments web@dev", allow: false },
  { id: "4", state: s1, who: U("bob"), query: "get /pods web@dev", allow: false },
  { id: "5", state: s1, who: U("Alice"), query: "get /pods web@dev", allow: false },
  // Namespace scoping
  { id: "6a", state: s6, who: alice, query: "list /pods -@dev", allow: true },
  { id: "6b", state: s6, who: alice, query: "list /pods -@prod", allow: false },
  { id: "7", state: s6, who: alice, query: "list /pods -@-", allow: false },
  { id: "8", state: s8, who: alice, query: "get /nodes n1@-", allow: false },
  { id: "9a", state: s9, who: alice, query: "delete /pods p@dev", allow: true },
  { id: "9b", state: s9, who: alice, query: "get /nodes n1@-", allow: false },
  { id: "9c", state: s9, who: alice, query: "get /healthz", allow: false },
  { id: "9d", state: s9, who: alice, query: "get /secrets s@prod", allow: false },
  { id: "10a", state: s9, who: alice, query: "delete /namespaces dev@dev", allow: true },
  { id: "10b", state: s9, who: alice, query: "delete /namespaces prod@prod", allow: false },
  { id: "10c", state: s9, who: alice, query: "list /namespaces -@-", allow: false },
  { id: "11a", state: s11, who: alice, query: "get /configmaps c@prod", allow: false },
  { id: "11b", state: s11, who: alice, query: "get /configmaps c@dev", allow: false },
  { id: "12", state: s12, who: alice, query: "get /configmaps c@dev", allow: true },
  // Subjects
  { id: "13", state: crbTo(sa("app", "dev")), who: SA("dev", "app"), query: "get /pods p@prod", allow: true },
  { id: "14a", state: rbTo(sa("app")), who: SA("dev", "app"), query: "get /pods p@dev", allow: true },
  { id: "14b", state: rbTo(sa("app")), who: SA("prod", "app"), query: "get /pods p@dev", allow: false },
  { id: "15a", state: rbTo(sa("app", "ci")), who: SA("ci", "app"), query: "get /pods p@dev", allow: true },
  { id: "15b", state: rbTo(sa("app", "ci")), who: SA("ci", "app"), query: "get /pods p@ci", allow: false },
  { id: "15c", state: rbTo(sa("app", "ci")), who: SA("dev", "app"), query: "get /pods p@dev", allow: false },
  { id: "16", state: crbTo(sa("app")), who: SA("default", "app"), query: "get /pods p@default", allow: false },
  { id: "17", state: crbTo(user("system:serviceaccount:dev:app")), who: SA("dev", "app"), query: "get /pods p@x", allow: true },
  { id: "18a", state: crbTo(group("system:serviceaccounts:dev")), who: SA("dev", "x"), query: "get /pods p@dev", allow: true },
  { id: "18b", state: crbTo(group("system:serviceaccounts:dev")), who: SA("prod", "x"), query: "get /pods p@dev", allow: false },
  { id: "18c", state: crbTo(group("system:serviceaccounts:dev")), who: alice, query: "get /pods p@dev", allow: false },
  { id: "19", state: crbTo(group("system:serviceaccount:dev")), who: SA("dev", "x"), query: "get /pods p@dev", allow: false },
  { id: "20a", state: crbTo(group("system:authenticated")), who: ANON, query: "get /pods p@dev", allow: false },
  { id: "20b", state: crbTo(group("system:authenticated")), who: SA("any", "x"), query: "get /pods p@dev", allow: true },
  { id: "20c", state: crbTo(group("system:authenticated")), who: alice, query: "get /pods p@dev", allow: true },
  { id: "21", state: crbTo(group("system:unauthenticated")), who: ANON, query: "get /pods p@dev", allow: true },
  { id: "22", state: crbTo(group("G1", "dev")), who: U("bob", "G1"), query: "get /pods p@prod", allow: true },
  { id: "24a", state: crbTo(group(GUID)), who: U("jane@example.com", GUID), query: "get /pods p@dev", allow: true },
  { id: "24b", state: crbTo(group("devs")), who: U("jane@example.com", GUID), query: "get /pods p@dev", allow: false },
  // Resources and subresources
  { id: "25", state: one({ g: [""], r: ["pods"], v: ["get"] }), who: alice, query: "get /pods/log p@dev", allow: false },
  { id: "26", state: one({ g: [""], r: ["pods/*"], v: ["get"] }), who: alice, query: "get /pods/log p@dev", allow: false },
  { id: "27a", state: one({ g: [""], r: ["*"], v: ["get"] }), who: alice, query: "get /pods/log p@dev", allow: true },
  { id: "27b", state: one({ g: [""], r: ["*"], v: ["get"] }), who: alice, query: "get apps/deployments d@dev", allow: false },
  {
    id: "28a",
    state: one({ g: ["apps"], r: ["*/scale"], v: ["update"] }),
    who: alice,
    query: "update apps/deployments/scale d@dev",
    allow: true,
  },
  {
    id: "28b",
    state: one({ g: ["apps"], r: ["*/scale"], v: ["update"] }),
    who: alice,
    query: "update apps/deployments d@dev",
    allow: false,
  },
  {
    id: "28c",
    state: one({ g: ["apps"], r: ["*/scale"], v: ["update"] }),
    who: alice,
    query: "update /replicationcontrollers/scale rc@dev",
    allow: false,
  },
  {
    id: "29a",
    state: one({ g: ["policy"], r: ["pods/eviction"], v: ["create"] }),
    who: alice,
    query: "create /pods/eviction p@dev",
    allow: false,
  },
  {
    id: "29b",
    state: one({ g: [""], r: ["pods/eviction"], v: ["create"] }),
    who: alice,
    query: "create /pods/eviction p@dev",
    allow: true,
  },
  { id: "30a", state: one({ g: ["*"], r: ["*"], v: ["*"] }), who: alice, query: "get /healthz", allow: false },
  { id: "30b", state: one({ g: ["*"], r: ["*"], v: ["*"] }), who: alice, query: "impersonate /groups system:masters@-", allow: true },
  { id: "31a", state: one({ g: ["core"], r: ["pods"], v: ["get"] }), who: alice, query: "get /pods p@dev", allow: false },
  { id: "31b", state: one({ g: ["v1"], r: ["pods"], v: ["get"] }), who: alice, query: "get /pods p@dev", allow: false },
  { id: "32", state: one({ g: [""], r: ["Pods", "pod"], v: ["GET"] }), who: alice, query: "get /pods p@dev", allow: false },
  { id: "33a", state: one({ g: [""], r: ["pods"], v: ["update"] }), who: alice, query: "update /pods/status p@dev", allow: false },
  { id: "33b", state: one({ g: [""], r: ["pods"], v: ["update"] }), who: alice, query: "patch /pods p@dev", allow: false },
  // resourceNames
  ...(() => {
    const s = one({ g: [""], r: ["configmaps"], rn: ["cm1"], v: ["get", "list", "watch"] });
    return [
      { id: "34a", state: s, who: alice, query: "get /configmaps cm1@dev", allow: true },
      { id: "34b", state: s, who: alice, query: "get /configmaps cm2@dev", allow: false },
      { id: "34c", state: s, who: alice, query: "list /configmaps -@dev", allow: false },
      { id: "34d", state: s, who: alice, query: "list /configmaps cm1@dev", allow: true },
      { id: "34e", state: s, who: alice, query: "watch /configmaps cm1@dev", allow: true },
    ];
  })(),
  {
    id: "35a",
    state: one({ g: [""], r: ["configmaps"], rn: ["x"], v: ["create"] }),
    who: alice,
    query: "create /configmaps -@dev",
    allow: false,
  },
  {
    id: "35b",
    state: one({ g: [""], r: ["configmaps"], rn: ["x"], v: ["create"] }),
    who: alice,
    query: "create /configmaps x@dev",
    allow: true,
  },
  { id: "36", state: one({ g: [""], r: ["configmaps"], rn: [""], v: ["list"] }), who: alice, query: "list /configmaps -@dev", allow: true },
  {
    id: "37a",
    state: one({ g: [""], r: ["pods/exec"], rn: ["debug-pod"], v: ["create"] }),
    who: alice,
    query: "create /pods/exec debug-pod@dev",
    allow: true,
  },
  {
    id: "37b",
    state: one({ g: [""], r: ["pods/exec"], rn: ["debug-pod"], v: ["create"] }),
    who: alice,
    query: "create /pods/exec other@dev",
    allow: false,
  },
  {
    id: "38",
    state: one({ g: [""], r: ["secrets"], rn: ["s1"], v: ["deletecollection"] }),
    who: alice,
    query: "deletecollection /secrets -@dev",
    allow: false,
  },
  {
    id: "39",
    state: one({ g: [""], r: ["configmaps"], rn: [], v: ["get"] }),
    who: alice,
    query: "get /configmaps anything@dev",
    allow: true,
  },
  // Non-resource URLs
  { id: "40a", state: one({ urls: ["/healthz/*"], v: ["get"] }), who: alice, query: "get /healthz", allow: false },
  { id: "40b", state: one({ urls: ["/healthz/*"], v: ["get"] }), who: alice, query: "get /healthz/etcd", allow: true },
  { id: "41", state: one({ urls: ["/healthz*"], v: ["get"] }), who: alice, query: "get /healthzfoo", allow: true },
  { id: "42a", state: one({ urls: ["*"], v: ["get"] }), who: alice, query: "post /api", allow: false },
  { id: "42b", state: one({ urls: ["*"], v: ["get"] }), who: alice, query: "get /anything/at/all", allow: true },
  { id: "43", state: one({ urls: ["/api/*/foo"], v: ["get"] }), who: alice, query: "get /api/v1/foo", allow: false },
  { id: "44", state: one({ urls: ["/healthz"], v: ["get"] }), who: alice, query: "head /healthz", allow: false },
  {
    id: "45",
    state: [clusterRole("r", [{ urls: ["/metrics"], v: ["get"] }]), rb("dev", "b", "ClusterRole r", [user("alice")])],
    who: alice,
    query: "get /metrics",
    allow: false,
  },
  { id: "46", state: one({ urls: ["healthz"], v: ["get"] }), who: alice, query: "get /healthz", allow: false },
  // Union / no deny
  { id: "47", state: s47, who: alice, query: "get /pods p@dev", allow: true },
  { id: "48a", state: s48, who: U("alice", "g"), query: "list /pods -@-", allow: true },
  { id: "48b", state: s48, who: U("alice", "g"), query: "get /pods p@x", allow: true },
  // Aggregation
  { id: "49a", state: s49, who: alice, query: "get /pods p@dev", allow: true },
  { id: "49b (literal)", state: s49, who: alice, query: "get /pods p@dev", allow: false, mode: "literal" },
  { id: "50", state: s50, who: alice, query: "get /healthz", allow: true },
  { id: "51", state: s51, who: alice, query: "get /secrets s@dev", allow: false },
  { id: "51 (literal: manual rules still stored)", state: s51, who: alice, query: "get /secrets s@dev", allow: true, mode: "literal" },
  { id: "52", state: defaults("true"), who: alice, query: "get stable.example.com/crontabs c@dev", allow: true },
  { id: "53", state: defaults("True"), who: alice, query: "get stable.example.com/crontabs c@dev", allow: false },
  { id: "54", state: s54, who: alice, query: "get /pods p@dev", allow: false },
  // Version-dependent. RBAC verbs are opaque strings; these rows assert the RBAC-level answer only.
  // 60: RBAC alone allows `get pods/exec`. The v1.35+ websocket upgrade check (feature gate
  // AuthorizePodWebsocketUpgradeCreatePermission) additionally authorizes `create pods/exec`; that second
  // query is issued by the API server outside RBAC, and RBAC answers NO to it here.
  { id: "60a", state: one({ g: [""], r: ["pods/exec"], v: ["get"] }), who: alice, query: "get /pods/exec p@dev", allow: true },
  {
    id: "60b (v1.35 extra create check)",
    state: one({ g: [""], r: ["pods/exec"], v: ["get"] }),
    who: alice,
    query: "create /pods/exec p@dev",
    allow: false,
  },
  // 61: constrained impersonation (v1.35 alpha) is enforced by the impersonation filter; to RBAC its verbs
  // are opaque strings, so these rows check the individual authorization calls that filter makes.
  { id: "61a", state: s61, who: SA("ci", "robot"), query: "impersonate:user-info authentication.k8s.io/users jane@-", allow: true },
  { id: "61b", state: s61, who: SA("ci", "robot"), query: "impersonate-on:user-info:list /pods -@dev", allow: true },
  { id: "61c", state: s61, who: SA("ci", "robot"), query: "impersonate-on:user-info:delete /pods p@dev", allow: false },
  { id: "61d (no legacy impersonate)", state: s61, who: SA("ci", "robot"), query: "impersonate /users jane@-", allow: false },
];

describe("rbac-semantics §9: authorization cases", () => {
  const indexes = new Map<string, RbacIndex>();
  const indexFor = (row: Row) => {
    // Rows sharing a state array and mode share an index.
    const key = `${rows.findIndex((r) => r.state === row.state)}/${row.mode ?? "converged"}`;
    let ix = indexes.get(key);
    if (!ix) indexes.set(key, (ix = new RbacIndex(row.state, { aggregation: row.mode })));
    return ix;
  };
  for (const row of rows) {
    it(`case ${row.id}: ${row.who.user} ${row.query} → ${row.allow ? "ALLOW" : "NO"}`, () => {
      const r = authorize(indexFor(row), row.who, q(row.query));
      assert.equal(r.rbacAllows, row.allow);
      assert.equal(r.decision, row.allow ? "allowed" : "not-allowed");
    });
  }

  it("case 12: the dangling binding only adds an error", () => {
    const r = authorize(new RbacIndex(s12), alice, q("get /configmaps c@dev"));
    assert.deepEqual(r.errors, [
      'RoleBinding "b2/dev" of Role "missing" to User "alice": role.rbac.authorization.k8s.io "missing" not found',
    ]);
    assert.equal(r.reason, 'RBAC: allowed by RoleBinding "b/dev" of Role "r" to User "alice"');
  });

  it("case 23: system:masters is allowed by the superuser authorizer, RBAC alone says NO", () => {
    const r = authorize(new RbacIndex([]), U("root", "system:masters"), q("delete /nodes n1@-"));
    assert.equal(r.decision, "allowed-superuser");
    assert.equal(r.rbacAllows, false);
    assert.deepEqual(r.grants, []);
  });
});
