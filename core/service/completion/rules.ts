// Completion inside `rules[i]`: API groups, resources, verbs, resource names and non-resource URLs.
import { ApiCatalog, ApiResourceInfo, resourceKey } from "../../catalog";
import { knownResourceNames } from "../completion-fields";
import { at, CompletionCandidate, dedupe, sortKey, strList, ValueSite } from "./site";

const STANDARD_VERBS = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];
const VERB_DOCS: Readonly<Record<string, string>> = {
  get: "Read one object by name.",
  list: "List objects (also reveals their full content, including Secret data).",
  watch: "Stream changes to objects.",
  create: "Create objects (and POST to subresources such as pods/exec).",
  update: "Replace an object (PUT).",
  patch: "Modify an object in place (PATCH, server-side apply).",
  delete: "Delete one object.",
  deletecollection: "Delete many objects at once.",
  bind: "Special verb on roles/clusterroles: create bindings to a role without holding its permissions.",
  escalate: "Special verb on roles/clusterroles: write roles granting permissions you do not hold.",
  impersonate: "Special verb on users, groups, serviceaccounts, uids, userextras: act as another identity.",
  use: "Special verb: legacy PodSecurityPolicy use, and free for CRD-defined semantics.",
  approve: "Special verb on certificates.k8s.io signers: approve certificate signing requests for a signer.",
  sign: "Special verb on certificates.k8s.io signers: sign certificate signing requests for a signer.",
  attest: "Special verb on certificates.k8s.io signers: attest ClusterTrustBundles / pod certificates for a signer.",
  "*": "Every verb, present and future, including the special verbs bind, escalate and impersonate.",
};
const SPECIAL_VERBS = ["bind", "escalate", "impersonate", "use", "approve", "sign", "attest", "*"];
const NON_RESOURCE_VERBS = ["get", "post", "put", "patch", "delete", "head", "options"];
const NON_RESOURCE_URLS: readonly [string, string][] = [
  ["/healthz", "Health check (deprecated in favour of /livez and /readyz)."],
  ["/healthz/*", "Every individual health check."],
  ["/livez", "Liveness check."],
  ["/livez/*", "Every individual liveness check."],
  ["/readyz", "Readiness check."],
  ["/readyz/*", "Every individual readiness check."],
  ["/metrics", "API server metrics (Prometheus format)."],
  ["/version", "Version information."],
  ["/version/", "Version information (trailing slash)."],
  ["/api", "Core API discovery."],
  ["/api/*", "Core API discovery, every version."],
  ["/apis", "API group discovery."],
  ["/apis/*", "API group discovery, every group and version."],
  ["/openapi/*", "OpenAPI documents."],
  ["/.well-known/openid-configuration", "Service-account issuer discovery."],
  ["/openid/v1/jwks", "Service-account token signing keys."],
  ["*", "Every non-resource URL (a trailing * is a prefix match)."],
];
/** A value inside `rules[i]`. */
export function completeRule(site: ValueSite): CompletionCandidate[] {
  const { input, ctx, obj, kind, path, namespace, value, inList } = site;
  if (!(path[0] === "rules" && typeof path[1] === "number")) return [];
  const rule = at(obj, ["rules", path[1]]);
  const groups = strList(at(rule, ["apiGroups"]));
  const resources = strList(at(rule, ["resources"]));
  const present = new Set(strList(at(rule, [path[2] as string])));
  const fresh = (c: CompletionCandidate) => !present.has(c.label) || c.label === ctx.wordText;
  if (path[2] === "apiGroups" && inList("apiGroups")) {
    return input.catalog
      .groups()
      .map((g) => value(g, "module", groupDoc(g, input.catalog), g === "" ? "core group" : "API group", sortKey(g === "" ? 0 : 1, g)))
      .concat(
        value(
          "*",
          "constant",
          "Every API group, including the core group and groups added later by CRDs and aggregated APIs.",
          "all groups",
          sortKey(2, "*"),
        ),
      )
      .filter(fresh);
  }
  if (path[2] === "resources" && inList("resources")) {
    const chosen = groups.includes("*") || groups.length === 0 ? input.catalog.groups() : groups;
    const seen = new Set<string>();
    const out: CompletionCandidate[] = [];
    for (const g of chosen) {
      for (const r of input.catalog.resources(g)) {
        const name = resourceKey(r);
        if (seen.has(name) || (r.anySubresource && r.subresource !== undefined)) continue;
        seen.add(name);
        out.push(
          value(
            name,
            r.subresource !== undefined ? "value" : "reference",
            resourceDoc(r, g),
            groupLabel(g),
            sortKey(r.subresource !== undefined ? 1 : 0, name),
          ),
        );
      }
    }
    out.push(value("*", "constant", "Every resource **and every subresource** of the chosen groups.", "all resources", sortKey(2, "*")));
    return out.filter(fresh);
  }
  if (path[2] === "verbs" && inList("verbs")) {
    if (strList(at(rule, ["nonResourceURLs"])).length > 0) {
      return NON_RESOURCE_VERBS.map((v) =>
        value(v, "keyword", `HTTP ${v.toUpperCase()} on the non-resource URLs.`, "non-resource verb"),
      ).filter(fresh);
    }
    const supported = supportedVerbs(input.catalog, groups, resources);
    const ordered = [
      ...STANDARD_VERBS.filter((v) => supported.has(v)),
      ...[...supported].filter((v) => !STANDARD_VERBS.includes(v) && !SPECIAL_VERBS.includes(v)).sort(),
    ];
    const out = ordered.map((v, i) => value(v, "keyword", VERB_DOCS[v], "verb", sortKey(0, String(i).padStart(3, "0"))));
    SPECIAL_VERBS.forEach((v, i) =>
      out.push(value(v, "keyword", VERB_DOCS[v], v === "*" ? "all verbs" : "special verb", sortKey(1, String(i).padStart(3, "0")))),
    );
    return dedupe(out).filter(fresh);
  }
  if (path[2] === "resourceNames" && inList("resourceNames")) {
    return knownResourceNames(input.workspace, resources, kind === "Role" ? namespace : undefined)
      .map((n) => value(n.name, "reference", undefined, n.what))
      .filter(fresh);
  }
  if (path[2] === "nonResourceURLs" && inList("nonResourceURLs")) {
    return NON_RESOURCE_URLS.map(([u, d]) => value(u, "value", d, "non-resource URL")).filter(fresh);
  }
  return [];
}

function groupLabel(g: string): string {
  return g === "" ? 'core group ("")' : g;
}

export function groupDoc(g: string, catalog: ApiCatalog): string {
  const names = catalog
    .resources(g)
    .filter((r) => r.subresource === undefined)
    .map((r) => r.resource);
  const info = catalog.groupInfo(g);
  const head = info?.doc ?? (g === "" ? "The core API group (`/api/v1`)." : `API group \`${g}\`.`);
  return names.length ? `${head}\n\nResources: ${names.join(", ")}` : head;
}

function resourceDoc(r: ApiResourceInfo, g: string): string {
  const scope = r.namespaced ? "namespaced" : "cluster-scoped";
  const sub = r.subresource !== undefined ? `Subresource of \`${r.resource}\`` : `Resource${r.kind ? ` \`${r.kind}\`` : ""}`;
  const doc = r.doc ? `${r.doc}\n\n` : "";
  return `${doc}${sub} in ${groupLabel(g)}, ${scope}.\n\nVerbs: ${r.verbs.join(", ") || "(none)"}`;
}

/** Verbs the chosen resources support; every standard verb when nothing is chosen or on wildcards. */
function supportedVerbs(catalog: ApiCatalog, groups: string[], resources: string[]): Set<string> {
  const named = resources.filter((r) => r !== "*" && !r.startsWith("*/"));
  if (named.length === 0) return new Set(STANDARD_VERBS);
  const chosen = groups.length === 0 || groups.includes("*") ? catalog.groups() : groups;
  const out = new Set<string>();
  let found = false;
  for (const g of chosen) {
    for (const r of catalog.resources(g)) {
      if (named.includes(resourceKey(r))) {
        found = true;
        for (const v of r.verbs) out.add(v);
      }
    }
  }
  return found ? out : new Set(STANDARD_VERBS);
}
