// The built-in API catalogs by Kubernetes version, for the repository configuration's
// `kubernetesVersion`. A version with no catalog is an error for the caller to report, never a silent
// fallback to another version.

import { ApiCatalog, builtInCatalog, CATALOG_VERSION } from "./index";

const CATALOGS: Readonly<Record<string, () => ApiCatalog>> = {
  [CATALOG_VERSION]: builtInCatalog,
};

/** "1.33", "v1.33" and "v1.33.2" all name the v1.33 catalog. */
export function normalizeVersion(raw: string): string {
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(raw.trim());
  return m ? `v${Number(m[1])}.${Number(m[2])}` : raw.trim();
}

/** The versions with a built-in catalog, oldest first. */
export function catalogVersions(): string[] {
  return Object.keys(CATALOGS).sort((a, b) => minor(a) - minor(b));
}

/** The built-in catalog of a version (as normalizeVersion spells it); undefined when there is none. */
export function catalogForVersion(version: string): ApiCatalog | undefined {
  return CATALOGS[normalizeVersion(version)]?.();
}

function minor(v: string): number {
  return Number(/\.(\d+)/.exec(v)?.[1] ?? 0);
}
