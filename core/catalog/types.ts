// What a catalog is: its resources, groups and the questions every catalog answers (index.ts builds
// them, lookup.ts resolves names over them).

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
