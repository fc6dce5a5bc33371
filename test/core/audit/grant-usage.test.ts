import { strict as assert } from "node:assert";
import { GrantUsage, LoggedUsage, RoleUsage } from "../../../core/audit/grant-usage";
import { entryUse, narrowRule } from "../../../core/audit/narrow";
import { Identity, PolicyRule, RbacObject, Request, RoleObject } from "../../../core/model";
import { RbacIndex } from "../../../core/rbac-index";
import { clusterRole, crb, group, q, rb, role, rule, RuleSpec, sa, SA, selector, U, user } from "../builders";

/** A log of these (identity, requests) pairs, each request once. */
function log(...entries: [Identity, string[]][]): LoggedUsage {
  const identities = entries.map(([identity, requests]) => ({ identity, requests: requests.map((r) => ({ request: q(r), count: 1 })) }));
  return {
    identities,
    total: identities.reduce((n, i) => n + i.requests.length, 0),
    from: "2026-01-01T00:00:00Z",
    to: "2026-01-02T00:00:00Z",
  };
}

function usageOf(objects: RbacObject[], usage: LoggedUsage, target: RoleObject): RoleUsage {
  return new GrantUsage(new RbacIndex(objects), usage).of(target);
}

/** The requests (in the notation of builders.q) credited to each rule. */
function credited(u: RoleUsage): string[][] {
  assert.equal(u.kind, "seen");
  return u.rules.map((list) => list.map(text).sort());
}

function text(r: Request): string {
  if (r.kind === "nonResource") return `${r.verb} ${r.path}`;
  const gr = [r.apiGroup, r.resource, ...(r.subresource ? [r.subresource] : [])].join("/");
  return `${r.verb} ${gr} ${r.name || "-"}@${r.namespace || "-"}`;
}

const use = (spec: RuleSpec, requests: string[]) => entryUse(rule(spec), requests.map(q));
const narrow = (spec: RuleSpec, requests: string[]): PolicyRule | undefined => narrowRule(rule(spec), requests.map(q));

describe("core/audit/grant-usage", () => {
  const reader = role("dev", "reader", [
    { g: [""], r: ["pods"], v: ["get", "list", "delete"] },
    { g: ["apps"], r: ["deployments"], v: ["get"] },
  ]);

  it("credits a rule with the requests of its bound subjects that it authorizes", () => {
    const objects = [reader, rb("dev", "b", "Role reader", [user("alice")])];
    const u = usageOf(objects, log([U("alice"), ["get /pods p@dev", "list /pods -@dev", "get /secrets s@dev"]]), reader);
    assert.deepEqual(credited(u), [["get /pods p@dev", "list /pods -@dev"], []]);
    assert.equal(u.kind === "seen" && u.requests, 3);
    assert.deepEqual(u.kind === "seen" && u.subjects, ["User alice"]);
  });

  it("a RoleBinding to a ClusterRole counts only requests in its namespace; a ClusterRoleBinding every request", () => {
    const cr = clusterRole("pod-reader", [{ g: [""], r: ["pods"], v: ["get"] }]);
    const requests = ["get /pods p@other", "get /pods p@-"];
    assert.deepEqual(credited(usageOf([cr, rb("dev", "b", "ClusterRole pod-reader", [user("alice")])], log([U("alice"), requests]), cr)), [
      [],
    ]);
    assert.equal(
      (usageOf([cr, rb("dev", "b", "ClusterRole pod-reader", [user("alice")])], log([U("alice"), requests]), cr) as { requests: number })
        .requests,
      0,
    );
    assert.deepEqual(credited(usageOf([cr, crb("b", "ClusterRole pod-reader", [user("alice")])], log([U("alice"), requests]), cr)), [
      requests.sort(),
    ]);
  });

  it("non-resource requests count only through ClusterRoleBindings", () => {
    const cr = clusterRole("health", [{ urls: ["/healthz*"], v: ["get"] }]);
    const requests = ["get /healthz", "get /healthz/ready", "get /metrics"];
    assert.deepEqual(credited(usageOf([cr, crb("b", "ClusterRole health", [group("probes")])], log([U("p", "probes"), requests]), cr)), [
      ["get /healthz", "get /healthz/ready"],
    ]);
    assert.deepEqual(
      credited(usageOf([cr, rb("dev", "b", "ClusterRole health", [group("probes")])], log([U("p", "probes"), requests]), cr)),
      [[]],
    );
  });

  it("subjects match as the authorizer matches them: groups, service accounts, the binding's namespace", () => {
    const objects = [reader, rb("dev", "b", "Role reader", [sa("app"), group("devs")])];
    const u = usageOf(
      objects,
      log([SA("dev", "app"), ["get /pods a@dev"]], [SA("other", "app"), ["list /pods -@dev"]], [U("bob", "devs"), ["delete /pods c@dev"]]),
      reader,
    );
    assert.deepEqual(credited(u), [["delete /pods c@dev", "get /pods a@dev"], []]);
    assert.deepEqual(u.kind === "seen" && u.subjects, ["Group devs", "ServiceAccount dev/app"]);
  });

  it("aggregation: a request allowed by the aggregated copy of a rule is credited to the source role's rule", () => {
    const source = clusterRole(
      "pods-view",
      [
        { g: [""], r: ["pods"], v: ["get"] },
        { g: [""], r: ["pods/log"], v: ["get"] },
      ],
      { labels: { agg: "view" } },
    );
    const inner = clusterRole("view", [], { labels: { agg: "admin" }, aggregate: [selector({ agg: "view" })] });
    const outer = clusterRole("admin", [], { aggregate: [selector({ agg: "admin" })] });
    const objects = [source, inner, outer, crb("b", "ClusterRole admin", [user("alice")])];
    const u = usageOf(objects, log([U("alice"), ["get /pods p@dev"]]), source);
    assert.deepEqual(credited(u), [["get /pods p@dev"], []]);
    assert.equal(usageOf(objects, log([U("alice"), []]), outer).kind, "aggregated");
  });

  it("a role bound to nobody is unbound; one whose subjects are not in the log is unseen, naming them", () => {
    assert.equal(usageOf([reader], log([U("alice"), ["get /pods p@dev"]]), reader).kind, "unbound");
    const u = usageOf([reader, rb("dev", "b", "Role reader", [user("carol"), sa("app")])], log([U("alice"), ["get /pods p@dev"]]), reader);
    assert.deepEqual(u, { kind: "unseen", subjects: ["ServiceAccount dev/app", "User carol"] });
  });

  it("a Role is found through the binding's namespace only", () => {
    const objects = [reader, rb("prod", "b", "Role reader", [user("alice")])];
    assert.equal(usageOf(objects, log([U("alice"), ["get /pods p@prod"]]), reader).kind, "unbound");
  });
});

describe("core/audit/narrow", () => {
  it("wildcards are used by any request they match, and narrow to the values used", () => {
    const spec = { g: ["*"], r: ["*"], v: ["*"] };
    const requests = ["get /pods p@dev", "list apps/deployments -@dev", "get /pods/log p@dev"];
    assert.deepEqual(use(spec, requests), { verbs: [true], apiGroups: [true], resources: [true], resourceNames: [], nonResourceURLs: [] });
    assert.deepEqual(narrow(spec, requests), rule({ g: ["", "apps"], r: ["deployments", "pods", "pods/log"], v: ["get", "list"] }));
  });

  it("subresources: `pods` is not used by pods/log; `*/scale` is used by any scale and is kept", () => {
    const spec = { g: ["", "apps"], r: ["pods", "pods/log", "*/scale"], v: ["get", "update"] };
    const requests = ["get /pods/log p@dev", "update apps/deployments/scale d@dev"];
    assert.deepEqual(use(spec, requests).resources, [false, true, true]);
    assert.deepEqual(narrow(spec, requests), rule({ g: ["", "apps"], r: ["pods/log", "*/scale"], v: ["get", "update"] }));
  });

  it("resourceNames: only names requested are used; `*` there is a literal name", () => {
    const spec = { g: [""], r: ["configmaps"], v: ["get"], rn: ["a", "b", "*"] };
    assert.deepEqual(use(spec, ["get /configmaps a@dev"]).resourceNames, [true, false, false]);
    assert.deepEqual(narrow(spec, ["get /configmaps a@dev"]), rule({ g: [""], r: ["configmaps"], v: ["get"], rn: ["a"] }));
  });

  it("nonResourceURLs: prefix globs are used by paths under them and kept; a bare `*` narrows to the paths", () => {
    const spec = { urls: ["/healthz*", "/metrics", "*"], v: ["get"] };
    assert.deepEqual(use(spec, ["get /healthz/live", "get /version"]).nonResourceURLs, [true, false, true]);
    assert.deepEqual(
      narrow(spec, ["get /healthz/live", "get /version"]),
      rule({ urls: ["/healthz*", "/healthz/live", "/version"], v: ["get"] }),
    );
  });

  it("a rule no request used narrows to nothing, every entry unused", () => {
    assert.equal(narrow({ g: [""], r: ["pods"], v: ["get"] }, []), undefined);
    assert.deepEqual(use({ g: [""], r: ["pods"], v: ["get"] }, []), {
      verbs: [false],
      apiGroups: [false],
      resources: [false],
      resourceNames: [],
      nonResourceURLs: [],
    });
  });
});
