// The API catalog of a state: the cluster's discovery (with the built-in authorization-only entries) when
// there is one, else the built-in catalog. Built once per state.
import { ApiCatalog, builtInCatalog, catalogFromDiscovery, mergeCatalogs } from "../../core/catalog";
import type { ReadyState } from "./state";

const byState = new WeakMap<ReadyState, ApiCatalog>();

export function catalogOf(s: ReadyState): ApiCatalog {
  let c = byState.get(s);
  if (!c) byState.set(s, (c = s.discovery ? mergeCatalogs(catalogFromDiscovery(s.discovery.groups, s.label)) : builtInCatalog()));
  return c;
}
