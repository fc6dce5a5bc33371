import { strict as assert } from "node:assert";
import {
  builtInCatalog,
  catalogFromDiscovery,
  editDistance,
  editDistanceWithin,
  expandWildcards,
  groupsFor,
  isKnownVerb,
  resolveType,
  suggestResource,
  verbsFor,
} from "../../../core/catalog/index";
import { policyRule as rule } from "../builders";

const cat = builtInCatalog();
const resolved = (t: string) => resolveType(cat, t).matches.map((m) => `${m.group}/${m.resource}`);

/** The bounded distance is the distance when that is within `limit`, and above `limit` otherwise. */
function assertBoundedDistance(a: string, b: string, limit: number): void {
  const exact = editDistance(a, b);
  const bounded = editDistanceWithin(a, b, limit);
  if (exact <= limit) assert.equal(bounded, exact, `${a} ${b} ${limit}`);
  else assert.ok(bounded > limit, `${a} ${b} ${limit}: ${bounded}`);
}

describe("core/catalog/lookup", () => {
  it("resolves kubectl TYPE strings", () => {
    for (const t of ["pods", "pod", "po", "Pod", "PODS"]) assert.equal(resolved(t)[0], "/pods", t);
    assert.deepEqual(resolved("deployments.apps"), ["apps/deployments"]);
    assert.deepEqual(resolved("deploy"), ["apps/deployments"]);
    assert.deepEqual(resolved("deploy.apps"), ["apps/deployments"]);
    assert.deepEqual(resolved("deployments.v1.apps"), ["apps/deployments"]);
    assert.deepEqual(resolved("Deployment"), ["apps/deployments"]);
    assert.deepEqual(resolved("po/log"), ["/pods/log"]);
    assert.deepEqual(resolved("nonsense"), []);
    assert.deepEqual(resolved(""), []);
  });

  it("lists ambiguous matches best first", () => {
    const r = resolveType(cat, "events");
    assert.equal(r.ambiguous, true);
    assert.deepEqual(
      r.matches.map((m) => m.group),
      ["", "events.k8s.io"],
    );
    assert.deepEqual(resolved("pods"), ["/pods", "metrics.k8s.io/pods"]);
    assert.deepEqual(resolved("pods.metrics.k8s.io"), ["metrics.k8s.io/pods"]);
  });

  it("parses an unknown plural.group as a guess without catalog info", () => {
    assert.deepEqual(resolveType(cat, "widgets.example.com"), {
      matches: [{ group: "example.com", resource: "widgets", info: undefined }],
      ambiguous: false,
    });
    const live = catalogFromDiscovery([
      {
        group: "example.com",
        resources: [{ name: "widgets", namespaced: true, kind: "Widget", singularName: "widget", shortNames: ["wd"], verbs: ["get"] }],
      },
    ]);
    assert.equal(resolveType(live, "wd").matches[0].info?.kind, "Widget");
    assert.deepEqual(
      resolveType(live, "widgets.example.com").matches.map((m) => m.resource),
      ["widgets"],
    );
  });

  it("suggests the nearest resources", () => {
    assert.deepEqual(suggestResource(cat, "", "pod"), ["pods"]);
    assert.deepEqual(suggestResource(cat, "", "Pods"), ["pods"]);
    assert.deepEqual(suggestResource(cat, "", "po"), ["pods"]);
    assert.deepEqual(suggestResource(cat, "", "pods/logs"), ["pods/log"]);
    assert.deepEqual(suggestResource(cat, "apps", "deployments.apps"), ["deployments"]);
    assert.deepEqual(suggestResource(cat, "apps", "deployment"), ["deployments"]);
    assert.deepEqual(suggestResource(cat, "", "secert"), ["secrets"]);
    assert.deepEqual(suggestResource(cat, "apps", "deployments/scales"), ["deployments/scale", "deployments/status"]);
    assert.deepEqual(suggestResource(cat, "", "pods"), []);
    assert.deepEqual(suggestResource(cat, "", "zzzzzzzz"), []);
    assert.deepEqual(suggestResource(cat, "no.such.group", "deployment"), ["deployments"]);
  });

  it("answers groupsFor, verbsFor and isKnownVerb", () => {
    assert.deepEqual(groupsFor(cat, "deployments"), ["apps"]);
    assert.deepEqual(groupsFor(cat, "deployment"), []);
    assert.deepEqual(verbsFor(cat, "", "pods/exec"), ["create", "get"]);
    assert.deepEqual(verbsFor(cat, "authentication.k8s.io", "tokenreviews"), ["create"]);
    assert.equal(verbsFor(cat, "", "deployments"), undefined);
    for (const v of [
      "get",
      "deletecollection",
      "*",
      "bind",
      "escalate",
      "impersonate",
      "use",
      "approve",
      "sign",
      "attest",
      "proxy",
      "post",
      "head",
      "impersonate:user-info",
      "impersonate-on:user-info:list",
    ])
      assert.ok(isKnownVerb(v), v);
    for (const v of ["GET", "read", "write", "all", "edit", "view", "", "impersonate-on:x"]) assert.ok(!isKnownVerb(v), v);
  });

  it("expands `*` resources to every resource and subresource of the listed groups", () => {
    const apps = expandWildcards(rule({ apiGroups: ["apps"], resources: ["*"], verbs: ["get"] }), cat);
    assert.deepEqual(
      apps.map((e) => e.resource),
      [
        "controllerrevisions",
        "daemonsets",
        "daemonsets/status",
        "deployments",
        "deployments/scale",
        "deployments/status",
        "replicasets",
        "replicasets/scale",
        "replicasets/status",
        "statefulsets",
        "statefulsets/scale",
        "statefulsets/status",
      ],
    );
    assert.ok(apps.every((e) => e.verbs.length === 1 && e.verbs[0] === "get"));
  });

  it("expands `*/scale` to every resource with a scale subresource in the listed groups", () => {
    const r = expandWildcards(rule({ apiGroups: ["", "apps"], resources: ["*/scale"], verbs: ["update"] }), cat);
    assert.deepEqual(
      r.map((e) => `${e.group}/${e.resource}`),
      ["/replicationcontrollers/scale", "apps/deployments/scale", "apps/replicasets/scale", "apps/statefulsets/scale"],
    );
  });

  it("expands `*` verbs to the resource's verbs and `*` groups to every group; `pods/*` is literal", () => {
    const r = expandWildcards(rule({ apiGroups: ["*"], resources: ["users", "pods/*", "roles"], verbs: ["*"] }), cat);
    assert.deepEqual(
      r.map((e) => [e.group, e.resource, e.verbs.join(",")]),
      [
        ["", "users", "impersonate"],
        ["rbac.authorization.k8s.io", "roles", "get,list,watch,create,update,patch,delete,deletecollection,bind,escalate"],
      ],
    );
    assert.deepEqual(expandWildcards(rule({ apiGroups: ["*"], resources: ["*"], verbs: [] }), cat), []);
  });

  it("edit distance: insertions, deletions, substitutions and adjacent swaps", () => {
    assert.equal(editDistance("pods", "pods"), 0);
    assert.equal(editDistance("pods", "pod"), 1);
    assert.equal(editDistance("pdos", "pods"), 1);
    assert.equal(editDistance("lst", "list"), 1);
    assert.equal(editDistance("kitten", "sitting"), 3);
    assert.equal(editDistance("a", "abcdefgh"), 7);
  });

  it("bounded edit distance agrees with the distance up to the bound, and stays above it beyond", () => {
    const words = ["", "a", "ab", "ba", "abc", "acb", "bca", "cab", "abcd", "badc", "aabb", "abab", "reader-1", "reader-12", "raeder-1"];
    for (const a of words) for (const b of words) for (const limit of [0, 1, 2, 3]) assertBoundedDistance(a, b, limit);
  });

  it("bounded edit distance agrees with the distance on every pair of short strings over a small alphabet", () => {
    const words = (alphabet: string, longest: number): string[] => {
      const out = [""];
      for (let i = 0; out[i] !== undefined && out[i].length < longest; i++) for (const c of alphabet) out.push(out[i] + c);
      return out;
    };
    for (const [alphabet, longest] of [
      ["ab", 6],
      ["abc", 4],
    ] as const) {
      const all = words(alphabet, longest);
      for (const a of all) for (const b of all) for (const limit of [0, 1, 2, 3]) assertBoundedDistance(a, b, limit);
    }
    const long = "x".repeat(300);
    assert.equal(editDistanceWithin(long, `${long.slice(2)}yz`, 2), 2);
    assert.equal(editDistanceWithin(long, `y${long.slice(2)}z`, 2), 2);
    assert.ok(editDistanceWithin(long, `yz${long.slice(3)}w`, 2) > 2);
  });
});
