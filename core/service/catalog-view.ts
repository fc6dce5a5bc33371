// The little the language service needs to know about API resources: groups, their resources and
// subresources, and the verbs each supports. Filled from the built-in catalog (core/catalog) and, when
// the client reports one, from the cluster's discovery.

export interface CatalogResource {
  /** Plural name, or `parent/sub` for a subresource. */
  readonly name: string;
  readonly namespaced: boolean;
  readonly verbs: readonly string[];
  readonly kind?: string;
}

export interface CatalogView {
  /** Known API groups ("" = core), in display order. */
  groups(): readonly string[];
  /** Resources and subresources of a group; [] for an unknown group. */
  resources(group: string): readonly CatalogResource[];
}

/** A catalog from a plain list (discovery, tests). */
export function catalogFromGroups(groups: readonly { group: string; resources: readonly CatalogResource[] }[]): CatalogView {
  const byGroup = new Map<string, CatalogResource[]>();
  for (const g of groups) {
    const list = byGroup.get(g.group) ?? [];
    for (const r of g.resources) if (!list.some((x) => x.name === r.name)) list.push(r);
    byGroup.set(g.group, list);
  }
  return { groups: () => [...byGroup.keys()], resources: (group) => byGroup.get(group) ?? [] };
}

/** Both catalogs: the cluster's entries first, the built-in ones fill the gaps. */
export function mergeCatalogs(first: CatalogView, second: CatalogView): CatalogView {
  const groups = [...new Set([...first.groups(), ...second.groups()])];
  return catalogFromGroups(groups.map((group) => ({ group, resources: [...first.resources(group), ...second.resources(group)] })));
}
