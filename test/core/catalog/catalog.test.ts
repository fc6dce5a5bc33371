import { strict as assert } from "node:assert";
import {
  builtInCatalog,
  CATALOG_VERSION,
  CATALOG_VERSIONS,
  catalogVersionOf,
  catalogFromDiscovery,
  DiscoveryGroup,
  mergeCatalogs,
  NON_RESOURCE_URLS,
  resourceKey,
  VERBS,
} from "../../../core/catalog/index";

const STD = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];

describe("core/catalog: built-in v1.34 (the default) and v1.33", () => {
  const cat = builtInCatalog();

  it("says which version it describes", () => {
    assert.equal(CATALOG_VERSION, "v1.34");
    assert.equal(cat.source, "built-in v1.34");
    assert.deepEqual(CATALOG_VERSIONS, ["v1.33", "v1.34"]);
  });

  it("is selected by version; a version without a catalog gets the default", () => {
    assert.deepEqual(["1.33", "v1.33.7", "v1.34", "v1.34.4+k3s1", "1.35", "x", ""].map(catalogVersionOf), [
      "v1.33",
      "v1.33",
      "v1.34",
      "v1.34",
      undefined,
      undefined,
      undefined,
    ]);
    assert.equal(builtInCatalog("v1.33.2").source, "built-in v1.33");
    assert.equal(builtInCatalog("1.34").source, "built-in v1.34");
    assert.equal(builtInCatalog("v1.29").source, "built-in v1.34");
    assert.equal(builtInCatalog("v1.33"), builtInCatalog("1.33"), "built once per version");
  });

  it("knows what v1.34 changed: VolumeAttributesClass GA, MutatingAdmissionPolicy beta, PodCertificateRequest alpha", () => {
    const v133 = builtInCatalog("v1.33");
    const stability = (c: typeof cat, g: string, r: string) => (c.lookup(g, r) ? (c.lookup(g, r)!.stability ?? "GA") : "absent");
    const changes = [
      ["storage.k8s.io", "volumeattributesclasses"],
      ["admissionregistration.k8s.io", "mutatingadmissionpolicies"],
      ["certificates.k8s.io", "podcertificaterequests"],
      ["certificates.k8s.io", "podcertificaterequests/status"],
    ];
    assert.deepEqual(
      changes.map(([g, r]) => [stability(v133, g!, r!), stability(cat, g!, r!)]),
      [
        ["beta", "GA"],
        ["alpha", "beta"],
        ["absent", "alpha"],
        ["absent", "alpha"],
      ],
    );
    assert.equal(v133.allResources().length + 2, cat.allResources().length);
  });

  it("lists the core group first and knows every group of §6", () => {
    const groups = cat.groups();
    assert.equal(groups[0], "");
    for (const g of [
      "apps",
      "batch",
      "rbac.authorization.k8s.io",
      "certificates.k8s.io",
      "resource.k8s.io",
      "storagemigration.k8s.io",
      "extensions",
      "metrics.k8s.io",
    ]) {
      assert.ok(groups.includes(g), g);
    }
  });

  it("describes pods with kind, singular, short names and every subresource", () => {
    assert.deepEqual(cat.lookup("", "pods"), {
      group: "",
      resource: "pods",
      kind: "Pod",
      singular: "pod",
      shortNames: ["po"],
      namespaced: true,
      verbs: STD,
      builtIn: true,
      authorizationOnly: undefined,
      anySubresource: undefined,
      stability: undefined,
      doc: "Pods: running containers.",
    });
    const subs = cat
      .resources("")
      .filter((r) => r.resource === "pods" && r.subresource !== undefined)
      .map((r) => r.subresource);
    assert.deepEqual(subs, [
      "attach",
      "binding",
      "ephemeralcontainers",
      "eviction",
      "exec",
      "log",
      "portforward",
      "proxy",
      "resize",
      "status",
    ]);
    assert.deepEqual(cat.lookup("", "pods/exec")?.verbs, ["create", "get"]);
    assert.deepEqual(cat.lookup("", "pods/log")?.verbs, ["get"]);
    assert.deepEqual(cat.lookup("", "pods/eviction")?.verbs, ["create"]);
    assert.equal(cat.lookup("policy", "pods/eviction"), undefined);
  });

  it("has the usual short names and scopes", () => {
    const short = (g: string, r: string) => cat.lookup(g, r)?.shortNames;
    assert.deepEqual(short("apps", "deployments"), ["deploy"]);
    assert.deepEqual(short("", "services"), ["svc"]);
    assert.deepEqual(short("", "configmaps"), ["cm"]);
    assert.deepEqual(short("", "namespaces"), ["ns"]);
    assert.deepEqual(short("", "serviceaccounts"), ["sa"]);
    assert.deepEqual(short("apiextensions.k8s.io", "customresourcedefinitions"), ["crd", "crds"]);
    assert.equal(cat.lookup("", "nodes")?.namespaced, false);
    assert.equal(cat.lookup("rbac.authorization.k8s.io", "rolebindings")?.namespaced, true);
    assert.deepEqual(cat.lookup("", "namespaces")?.verbs, ["get", "list", "watch", "create", "update", "patch", "delete"]);
  });

  it("includes the authorization-only pseudo-resources and verbs", () => {
    assert.deepEqual(cat.lookup("", "users")?.verbs, ["impersonate"]);
    assert.equal(cat.lookup("", "groups")?.authorizationOnly, true);
    assert.ok(cat.lookup("", "serviceaccounts")?.verbs.includes("impersonate"));
    assert.deepEqual(cat.lookup("authentication.k8s.io", "uids")?.verbs, ["impersonate"]);
    assert.deepEqual(cat.lookup("certificates.k8s.io", "signers")?.verbs, ["approve", "sign", "attest"]);
    assert.deepEqual(cat.lookup("rbac.authorization.k8s.io", "clusterroles")?.verbs.slice(-2), ["bind", "escalate"]);
    assert.deepEqual(cat.lookup("rbac.authorization.k8s.io", "roles")?.verbs.slice(-2), ["bind", "escalate"]);
    const extra = cat.lookup("authentication.k8s.io", "userextras/scopes");
    assert.equal(extra?.resource, "userextras");
    assert.equal(extra?.subresource, "scopes");
    assert.deepEqual(extra?.verbs, ["impersonate"]);
    assert.equal(cat.lookup("authentication.k8s.io", "userextras/"), undefined);
  });

  it("flags metrics.k8s.io as not built-in and extensions as legacy", () => {
    assert.equal(cat.groupInfo("metrics.k8s.io")?.builtIn, false);
    assert.deepEqual(cat.lookup("metrics.k8s.io", "pods")?.verbs, ["get", "list"]);
    assert.equal(cat.lookup("metrics.k8s.io", "nodes")?.builtIn, false);
    assert.deepEqual(cat.groupInfo("extensions"), {
      group: "extensions",
      builtIn: true,
      legacy: true,
      doc: cat.groupInfo("extensions")?.doc,
    });
    assert.deepEqual(cat.resources("extensions"), []);
  });

  it("documents every verb, group and resource", () => {
    for (const v of VERBS) assert.ok(v.doc.length > 10, v.verb);
    assert.deepEqual(
      VERBS.filter((v) => v.category === "authorization").map((v) => v.verb),
      ["bind", "escalate", "impersonate", "use", "approve", "sign", "attest"],
    );
    for (const g of cat.groups()) assert.ok(cat.groupInfo(g)?.doc, g);
    for (const r of cat.allResources()) assert.ok(r.doc, resourceKey(r));
  });

  it("lists the common non-resource URLs", () => {
    const paths = NON_RESOURCE_URLS.map((u) => u.path);
    for (const p of [
      "/healthz",
      "/healthz/*",
      "/livez",
      "/readyz",
      "/metrics",
      "/version",
      "/api",
      "/api/*",
      "/apis",
      "/apis/*",
      "/openapi",
      "/openapi/*",
      "/.well-known/openid-configuration",
      "/openid/v1/jwks",
      "/logs",
      "/debug/pprof",
    ]) {
      assert.ok(paths.includes(p), p);
    }
  });

  it("finds the groups of a resource name", () => {
    assert.deepEqual(cat.groupsOfResource("deployments"), ["apps"]);
    assert.deepEqual(cat.groupsOfResource("events"), ["", "events.k8s.io"]);
    assert.deepEqual(cat.groupsOfResource("pods"), ["", "metrics.k8s.io"]);
    assert.deepEqual(cat.groupsOfResource("pods/log"), [""]);
    assert.deepEqual(cat.groupsOfResource("nope"), []);
  });
});

describe("core/catalog: discovery and merging", () => {
  const discovery: DiscoveryGroup[] = [
    {
      group: "",
      versions: ["v1"],
      resources: [
        { name: "pods", namespaced: true, kind: "Pod", singularName: "pod", shortNames: ["po"], verbs: STD },
        { name: "pods/log", namespaced: true, kind: "Pod", verbs: ["get"] },
        {
          name: "serviceaccounts",
          namespaced: true,
          kind: "ServiceAccount",
          singularName: "serviceaccount",
          shortNames: ["sa"],
          verbs: STD,
        },
      ],
    },
    {
      group: "example.com",
      versions: ["v1"],
      resources: [
        { name: "widgets", namespaced: true, kind: "Widget", singularName: "widget", shortNames: ["wd"], verbs: STD },
        { name: "widgets/scale", namespaced: true, kind: "Scale", verbs: ["get", "patch", "update"] },
      ],
    },
  ];

  it("builds a catalog from APIResourceList entries", () => {
    const cat = catalogFromDiscovery(discovery, "aks-dev");
    assert.equal(cat.source, "discovery of aks-dev");
    assert.deepEqual(cat.groups(), ["", "example.com"]);
    assert.deepEqual(cat.lookup("example.com", "widgets/scale"), {
      group: "example.com",
      resource: "widgets",
      subresource: "scale",
      kind: "Scale",
      singular: undefined,
      shortNames: [],
      namespaced: true,
      verbs: ["get", "patch", "update"],
      builtIn: false,
      stability: undefined,
      doc: undefined,
    });
    assert.equal(cat.lookup("", "pods")?.builtIn, true);
    assert.equal(cat.groupInfo("example.com")?.builtIn, false);
    assert.equal(cat.lookup("", "users"), undefined);
  });

  it("tolerates malformed discovery input", () => {
    const bad = [
      {
        group: "x.io",
        resources: [
          { name: "", namespaced: true },
          { name: "things", namespaced: "yes", verbs: "get" },
        ],
      },
      { group: 3 },
    ] as unknown as DiscoveryGroup[];
    const cat = catalogFromDiscovery(bad);
    assert.deepEqual(
      cat.resources("x.io").map((r) => [r.resource, r.namespaced, r.verbs]),
      [["things", false, []]],
    );
  });

  it("merges: discovery first, authorization-only entries and verbs kept from the built-in catalog", () => {
    const cat = mergeCatalogs(catalogFromDiscovery(discovery, "aks-dev"));
    assert.equal(cat.source, "discovery of aks-dev + authorization-only entries of built-in v1.34");
    assert.ok(cat.lookup("example.com", "widgets"));
    assert.equal(cat.lookup("apps", "deployments"), undefined, "not served by this cluster");
    assert.deepEqual(cat.lookup("", "users")?.verbs, ["impersonate"]);
    assert.deepEqual(cat.lookup("certificates.k8s.io", "signers")?.verbs, ["approve", "sign", "attest"]);
    assert.deepEqual(cat.lookup("", "serviceaccounts")?.verbs, [...STD, "impersonate"]);
    assert.ok(cat.lookup("", "nodes/stats")?.authorizationOnly);
    assert.ok(cat.groups().includes("authentication.k8s.io"));
  });
});
