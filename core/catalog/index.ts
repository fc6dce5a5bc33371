// The API catalog: which API groups, resources, subresources and verbs exist, as far as RBAC cares.
// Owns the `ApiCatalog` interface, the built-in catalogs of Kubernetes v1.34 (the default) and v1.33
// (data-v1-*.ts, selectable by version), catalogs built
// from a live cluster's discovery, and merging the two. Completion, hovers, typo checks and wildcard
// expansion all read a catalog, never the data file, so a cluster's discovery can replace the built-in one.
// Name resolution and suggestions are in lookup.ts.

import { GROUPS as GROUPS_V1_33, NON_RESOURCE_URLS, NON_RESOURCE_VERBS, VERBS, GroupData, ResourceData } from "./data-v1-33";
import { GROUPS as GROUPS_V1_34 } from "./data-v1-34";

export { NON_RESOURCE_URLS, NON_RESOURCE_VERBS, VERBS };
export type { NonResourceUrlInfo, VerbCategory, VerbInfo } from "./data-v1-33";
export * from "./lookup";
export * from "./suggest";

/** One resource or subresource, in one API group. */
export interface ApiResourceInfo {
  readonly group: string;
  /** Plural name of the (parent) resource as it appears in URLs. */
  readonly resource: string;
  /** Set for subresources: `pods/log` is resource "pods", subresource "log". */
  readonly subresource?: string;
  readonly kind?: string;
  readonly singular?: string;
  readonly shortNames: readonly string[];
  readonly namespaced: boolean;
  readonly verbs: readonly string[];
  /** False for CRDs and add-ons (metrics.k8s.io). */
  readonly builtIn: boolean;
  /** Exists only for authorization checks (users, groups, signers, kubelet nodes/stats ...); never served. */
  readonly authorizationOnly?: boolean;
  /** The subresource segment is free-form, e.g. `userextras/<key>`. */
  readonly anySubresource?: boolean;
  readonly stability?: "alpha" | "beta";
  readonly doc?: string;
}

export interface ApiGroupInfo {
  /** "" is the core group. */
  readonly group: string;
  readonly builtIn: boolean;
  readonly legacy: boolean;
  /** Known only from the workspace's CustomResourceDefinitions: the group may serve other resources too. */
  readonly partial?: boolean;
  readonly doc?: string;
}

export interface ApiCatalog {
  /** "built-in v1.34", "discovery of <cluster>", or a merge of both. */
  readonly source: string;
  /** Every group, core ("") first, then in catalog order. */
  groups(): string[];
  groupInfo(group: string): ApiGroupInfo | undefined;
  /** Top-level resources and subresources of a group ([] for an unknown group). */
  resources(group: string): ApiResourceInfo[];
  /** Every resource and subresource of every group. */
  allResources(): ApiResourceInfo[];
  /** Exact lookup: `resourceWithSub` is "pods" or "pods/log", case-sensitive as RBAC is. */
  lookup(group: string, resourceWithSub: string): ApiResourceInfo | undefined;
  /** Groups serving the exact (plural, optionally "res/sub") name. */
  groupsOfResource(resourceWithSub: string): string[];
}

/** "pods" or "pods/log". */
export function resourceKey(info: Pick<ApiResourceInfo, "resource" | "subresource">): string {
  return info.subresource === undefined ? info.resource : `${info.resource}/${info.subresource}`;
}

/** Builds an immutable catalog over a list of group infos and resource infos. */
export function createCatalog(source: string, groupInfos: readonly ApiGroupInfo[], resources: readonly ApiResourceInfo[]): ApiCatalog {
  const groupOrder: string[] = [];
  const groupMap = new Map<string, ApiGroupInfo>();
  const addGroup = (g: ApiGroupInfo) => {
    if (groupMap.has(g.group)) return;
    groupMap.set(g.group, g);
    groupOrder.push(g.group);
  };
  for (const g of groupInfos) addGroup(g);
  const byGroup = new Map<string, ApiResourceInfo[]>();
  const byKey = new Map<string, ApiResourceInfo>();
  const groupsByName = new Map<string, string[]>();
  for (const r of resources) {
    const key = resourceKey(r);
    const full = `${r.group}\u0000${key}`;
    if (byKey.has(full)) continue;
    addGroup({ group: r.group, builtIn: r.builtIn, legacy: false });
    byKey.set(full, r);
    let list = byGroup.get(r.group);
    if (!list) byGroup.set(r.group, (list = []));
    list.push(r);
    let gs = groupsByName.get(key);
    if (!gs) groupsByName.set(key, (gs = []));
    gs.push(r.group);
  }
  const ordered = [...groupOrder].sort((a, b) => (a === "" ? -1 : b === "" ? 1 : 0));
  return {
    source,
    groups: () => [...ordered],
    groupInfo: (group) => groupMap.get(group),
    resources: (group) => [...(byGroup.get(group) ?? [])],
    allResources: () => ordered.flatMap((g) => byGroup.get(g) ?? []),
    lookup(group, resourceWithSub) {
      const hit = byKey.get(`${group}\u0000${resourceWithSub}`);
      if (hit) return hit;
      // `userextras/<key>`: any subresource of a free-form parent.
      const slash = resourceWithSub.indexOf("/");
      if (slash > 0) {
        const parent = byKey.get(`${group}\u0000${resourceWithSub.slice(0, slash)}`);
        if (parent?.anySubresource && slash < resourceWithSub.length - 1) {
          return {
            ...parent,
            subresource: resourceWithSub.slice(slash + 1),
            anySubresource: undefined,
            kind: undefined,
            singular: undefined,
            shortNames: [],
          };
        }
      }
      return undefined;
    },
    groupsOfResource: (resourceWithSub) => [...(groupsByName.get(resourceWithSub) ?? [])],
  };
}

function infosOfGroup(g: GroupData): ApiResourceInfo[] {
  const out: ApiResourceInfo[] = [];
  for (const r of g.resources) out.push(...infosOfResource(g, r));
  return out;
}

function infosOfResource(g: GroupData, r: ResourceData): ApiResourceInfo[] {
  const top: ApiResourceInfo = {
    group: g.group,
    resource: r.resource,
    kind: r.kind,
    singular: r.singular,
    shortNames: r.shortNames ?? [],
    namespaced: r.namespaced,
    verbs: r.verbs,
    builtIn: g.builtIn,
    authorizationOnly: r.authorizationOnly,
    anySubresource: r.anySubresource,
    stability: r.stability,
    doc: r.doc,
  };
  const out = [top];
  for (const [sub, s] of Object.entries(r.subresources ?? {})) {
    out.push({
      group: g.group,
      resource: r.resource,
      subresource: sub,
      kind: s.kind,
      shortNames: [],
      namespaced: r.namespaced,
      verbs: s.verbs,
      builtIn: g.builtIn,
      authorizationOnly: s.authorizationOnly,
      stability: r.stability,
      doc: s.doc,
    });
  }
  return out;
}

/** The Kubernetes versions with a built-in catalog, oldest first. */
export const CATALOG_VERSIONS = ["v1.33", "v1.34"] as const;
export type CatalogVersion = (typeof CATALOG_VERSIONS)[number];
/** The catalog used when nothing says which Kubernetes version is targeted. */
export const CATALOG_VERSION: CatalogVersion = "v1.34";

const DATA: Readonly<Record<CatalogVersion, readonly GroupData[]>> = { "v1.33": GROUPS_V1_33, "v1.34": GROUPS_V1_34 };

/** "v1.34" for "1.34", "v1.34.4" or "v1.34"; undefined for a version without a built-in catalog. */
export function catalogVersionOf(version: string): CatalogVersion | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?(?:[-+].*)?$/.exec(version.trim());
  const v = m ? `v${m[1]}.${m[2]}` : "";
  return (CATALOG_VERSIONS as readonly string[]).includes(v) ? (v as CatalogVersion) : undefined;
}

const builtIn = new Map<CatalogVersion, ApiCatalog>();

/**
 * The catalog of a Kubernetes version (plus metrics.k8s.io flagged as not built-in); the default one
 * (CATALOG_VERSION) for no version or one without a catalog (see catalogVersionOf). Built once per
 * version: a catalog is immutable.
 */
export function builtInCatalog(version?: string): ApiCatalog {
  const v = (version !== undefined ? catalogVersionOf(version) : undefined) ?? CATALOG_VERSION;
  let cat = builtIn.get(v);
  if (!cat) {
    const groups = DATA[v];
    const infos: ApiGroupInfo[] = groups.map((g) => ({ group: g.group, builtIn: g.builtIn, legacy: g.legacy === true, doc: g.doc }));
    builtIn.set(v, (cat = createCatalog(`built-in ${v}`, infos, groups.flatMap(infosOfGroup))));
  }
  return cat;
}

// ---------------------------------------------------------------------------------------------
// Discovery

/** One entry of an APIResourceList (`/api/v1`, `/apis/<group>/<version>`); subresources are named "pods/log". */
export interface DiscoveryResource {
  readonly name: string;
  readonly namespaced: boolean;
  readonly verbs?: readonly string[];
  readonly kind?: string;
  readonly singularName?: string;
  readonly shortNames?: readonly string[];
}

export interface DiscoveryGroup {
  /** "" for the core group. */
  readonly group: string;
  readonly versions?: readonly string[];
  readonly resources: readonly DiscoveryResource[];
}

/**
 * A catalog from a cluster's discovery. Resources served in several versions of a group appear once
 * (the first one seen wins; list the preferred version first). `builtIn` is true for (group, resource)
 * pairs the built-in catalog knows.
 */
export function catalogFromDiscovery(groups: readonly DiscoveryGroup[], cluster = "cluster"): ApiCatalog {
  const builtIn = builtInCatalog();
  const groupInfos: ApiGroupInfo[] = [];
  const infos: ApiResourceInfo[] = [];
  for (const g of groups) {
    if (typeof g?.group !== "string") continue;
    const known = builtIn.groupInfo(g.group);
    groupInfos.push({ group: g.group, builtIn: known?.builtIn ?? false, legacy: known?.legacy ?? false, doc: known?.doc });
    for (const r of Array.isArray(g.resources) ? g.resources : []) {
      if (typeof r?.name !== "string" || r.name === "") continue;
      const slash = r.name.indexOf("/");
      const resource = slash < 0 ? r.name : r.name.slice(0, slash);
      const subresource = slash < 0 ? undefined : r.name.slice(slash + 1);
      const b = builtIn.lookup(g.group, r.name);
      infos.push({
        group: g.group,
        resource,
        subresource,
        kind: r.kind || undefined,
        singular: subresource === undefined ? r.singularName || b?.singular || undefined : undefined,
        shortNames: Array.isArray(r.shortNames) ? r.shortNames.filter((s: unknown): s is string => typeof s === "string") : [],
        namespaced: r.namespaced === true,
        verbs: Array.isArray(r.verbs) ? r.verbs.filter((v: unknown): v is string => typeof v === "string") : [],
        builtIn: b !== undefined && b.builtIn,
        stability: b?.stability,
        doc: b?.doc,
      });
    }
  }
  return createCatalog(`discovery of ${cluster}`, groupInfos, infos);
}

const AUTHORIZATION_VERBS = new Set(VERBS.filter((v) => v.category === "authorization").map((v) => v.verb));

/**
 * Discovery first; from `fallback` (normally the built-in catalog) keep what discovery can never show:
 * authorization-only pseudo-resources (users, groups, uids, userextras, signers, kubelet subresources)
 * and authorization-only verbs on served resources (impersonate serviceaccounts, bind/escalate roles).
 */
export function mergeCatalogs(discovery: ApiCatalog, fallback: ApiCatalog = builtInCatalog()): ApiCatalog {
  const infos: ApiResourceInfo[] = [];
  for (const r of discovery.allResources()) {
    const b = fallback.lookup(r.group, resourceKey(r));
    const extra = (b?.verbs ?? []).filter((v) => AUTHORIZATION_VERBS.has(v) && !r.verbs.includes(v));
    infos.push(extra.length > 0 ? { ...r, verbs: [...r.verbs, ...extra] } : r);
  }
  const groupInfos: ApiGroupInfo[] = discovery.groups().map((g) => discovery.groupInfo(g)!);
  for (const r of fallback.allResources()) {
    if (!r.authorizationOnly || discovery.lookup(r.group, resourceKey(r))) continue;
    // A kubelet subresource only makes sense if its parent is served (it is, on any real cluster).
    const fg = fallback.groupInfo(r.group);
    if (fg && !groupInfos.some((g) => g.group === r.group)) groupInfos.push(fg);
    infos.push(r);
  }
  return createCatalog(`${discovery.source} + authorization-only entries of ${fallback.source}`, groupInfos, infos);
}
