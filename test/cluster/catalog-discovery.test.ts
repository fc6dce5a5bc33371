// What the cluster serves: the built-in catalog of the test server's version is compared with the test
// kube-apiserver's discovery. Every served (group, resource[/subresource]) must be in the catalog with
// the same scope and verbs; every catalog entry that a default API server serves (not alpha or beta,
// not an add-on, not authorization-only) must be served.

import { strict as assert } from "node:assert";
import { ApiCatalog, builtInCatalog, resourceKey, VERBS } from "../../core/catalog";
import { AdminClient, TestApiServer, useApiServer } from "../support/apiserver";

const AUTHORIZATION_VERBS = new Set(VERBS.filter((v) => v.category === "authorization").map((v) => v.verb));

interface Served {
  readonly namespaced: boolean;
  readonly verbs: readonly string[];
  /** Of the most stable version serving it: undefined for GA. */
  readonly stability: "alpha" | "beta" | undefined;
}

const RANK = { alpha: 0, beta: 1, ga: 2 } as const;

function stabilityOf(version: string): "alpha" | "beta" | undefined {
  return /alpha/.test(version) ? "alpha" : /beta/.test(version) ? "beta" : undefined;
}

async function served(admin: AdminClient): Promise<Map<string, Served>> {
  const out = new Map<string, Served>();
  const versions: { group: string; version: string; path: string }[] = [{ group: "", version: "v1", path: "/api/v1" }];
  const groups = await admin.request<{ groups: { name: string; versions: { groupVersion: string; version: string }[] }[] }>("GET", "/apis");
  for (const g of groups.body.groups)
    for (const v of g.versions) versions.push({ group: g.name, version: v.version, path: `/apis/${v.groupVersion}` });
  for (const v of versions) {
    const list = await admin.request<{ resources: { name: string; namespaced: boolean; verbs: string[] }[] }>("GET", v.path);
    for (const r of list.body.resources) {
      const key = `${v.group}\u0000${r.name}`;
      const seen = out.get(key);
      const verbs = [...new Set([...(seen?.verbs ?? []), ...r.verbs])].sort();
      const here = stabilityOf(v.version);
      const stability = seen && RANK[seen.stability ?? "ga"] > RANK[here ?? "ga"] ? seen.stability : here;
      out.set(key, { namespaced: r.namespaced, verbs, stability });
    }
  }
  return out;
}

const show = (key: string) => {
  const [g, r] = key.split("\u0000");
  return `${g || "core"} ${r}`;
};

/** Differences between the catalog and what is served; `all`: the server serves alpha and beta APIs too. */
function differences(cat: ApiCatalog, live: Map<string, Served>, all: boolean): string[] {
  const problems: string[] = [];
  for (const [key, s] of live) {
    const [group, name] = key.split("\u0000") as [string, string];
    const info = cat.lookup(group, name);
    if (!info) {
      problems.push(`${show(key)}: served, not in the catalog`);
      continue;
    }
    if (info.namespaced !== s.namespaced) problems.push(`${show(key)}: served ${s.namespaced ? "" : "not "}namespaced`);
    // The catalog also lists the verbs only authorization checks use (bind, escalate, impersonate …).
    const verbs = info.verbs.filter((v) => !AUTHORIZATION_VERBS.has(v)).sort();
    if (JSON.stringify(verbs) !== JSON.stringify(s.verbs))
      problems.push(`${show(key)}: served verbs ${s.verbs.join(",")}, catalog ${verbs.join(",")}`);
    if (!all && info.stability) problems.push(`${show(key)}: served by default, catalog says ${info.stability}`);
    if (all && info.stability !== s.stability)
      problems.push(`${show(key)}: served as ${s.stability ?? "GA"}, catalog says ${info.stability ?? "GA"}`);
  }
  for (const info of cat.allResources()) {
    if (!info.builtIn || info.authorizationOnly || info.anySubresource || (info.stability && !all)) continue;
    const key = `${info.group}\u0000${resourceKey(info)}`;
    if (!live.has(key)) problems.push(`${show(key)}: in the catalog, not served`);
  }
  return problems.sort();
}

async function compare(server: TestApiServer, all: boolean): Promise<string[]> {
  const admin = new AdminClient(server.kubeconfig("admin"));
  try {
    const version = server.ready.version.replace(/^(v\d+\.\d+).*$/, "$1");
    const cat = builtInCatalog(version);
    assert.equal(cat.source, `built-in ${version}`);
    return differences(cat, await served(admin), all);
  } finally {
    admin.dispose();
  }
}

describe("the built-in catalog matches the test server's discovery", function () {
  this.timeout(120_000);

  describe("default APIs", () => {
    const server = useApiServer();
    it("the catalog of the server's version: same resources, scope and verbs; nothing alpha or beta served", async () => {
      assert.deepEqual(await compare(server(), false), []);
    });
  });

  describe("every API, alpha and beta included", () => {
    const server = useApiServer({ apiServerFlags: ["--runtime-config=api/all=true", "--feature-gates=AllAlpha=true,AllBeta=true"] });
    it("the catalog of the server's version: same resources, scope and verbs", async () => {
      assert.deepEqual(await compare(server(), true), []);
    });
  });
});
