// The built-in API catalogs by Kubernetes version, for the repository configuration's
// `kubernetesVersion`. A version with no catalog is an error for the caller to report, never a silent
// fallback to another version (builtInCatalog itself falls back to the default one).

import { ApiCatalog, builtInCatalog, CATALOG_VERSIONS, catalogVersionOf } from "./index";

/** "1.34", "v1.34" and "v1.34.2" all name the v1.34 catalog; other text is returned trimmed. */
export function normalizeVersion(raw: string): string {
  return catalogVersionOf(raw) ?? raw.trim();
}

/** The versions with a built-in catalog, oldest first. */
export function catalogVersions(): string[] {
  return [...CATALOG_VERSIONS];
}

/** The built-in catalog of a version; undefined when there is none. */
export function catalogForVersion(version: string): ApiCatalog | undefined {
  const v = catalogVersionOf(version);
  return v === undefined ? undefined : builtInCatalog(v);
}
