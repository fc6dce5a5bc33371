// What the checks need from the API catalog, in one narrow interface, so they do not depend on how the
// catalog is built (built-in table today, live discovery later).

export interface ResourceFacts {
  readonly group: string;
  /** "pods" or "pods/log". */
  readonly resource: string;
  readonly namespaced: boolean;
  readonly verbs: readonly string[];
}

export interface CatalogView {
  /** Known groups (for "is this a group at all"). */
  isKnownGroup(group: string): boolean;
  /** The resource ("pods", "pods/log") in that group, if known. */
  resource(group: string, resource: string): ResourceFacts | undefined;
  /** Groups in which a resource of that name exists. */
  groupsOf(resource: string): readonly string[];
  /** The closest existing resource name in that group (for "pod", "Pods", "pods/logs"), if any. */
  suggest(group: string, resource: string): string | undefined;
  /** Every resource (with subresources) of a group, for expanding `*`. */
  resourcesOf(group: string): readonly ResourceFacts[];
}
