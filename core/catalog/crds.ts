// CustomResourceDefinitions found among manifests (plain files or rendered charts) extend a catalog for
// that workspace: their resources get completion, scope, verbs and the unknown-resource check, as if
// a cluster's discovery served them.

import { ApiCatalog, ApiGroupInfo, ApiResourceInfo, createCatalog } from "./index";

const STD = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];
const SUB = ["get", "update", "patch"];

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** The resource (and its status/scale subresources) a CustomResourceDefinition defines; [] for anything else. */
export function customResourcesOf(value: unknown): ApiResourceInfo[] {
  if (typeof value !== "object" || value === null) return [];
  const v = value as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown }; spec?: Record<string, unknown> };
  if (v.kind !== "CustomResourceDefinition" || !String(v.apiVersion ?? "").startsWith("apiextensions.k8s.io/")) return [];
  const spec = v.spec ?? {};
  const names = (spec.names ?? {}) as Record<string, unknown>;
  const group = str(spec.group);
  const plural = str(names.plural);
  if (!group || !plural) return [];
  const kind = str(names.kind);
  const shortNames = Array.isArray(names.shortNames) ? names.shortNames.filter((s): s is string => typeof s === "string") : [];
  const versions = Array.isArray(spec.versions) ? (spec.versions as { subresources?: Record<string, unknown> }[]) : [];
  // v1beta1 CRDs also had a top-level `subresources`.
  const subs = [spec.subresources, ...versions.map((x) => x?.subresources)].filter((s): s is Record<string, unknown> => !!s);
  const doc = `Custom resource ${kind ?? plural} (CustomResourceDefinition ${str(v.metadata?.name) ?? `${plural}.${group}`} in the workspace).`;
  const base = { group, resource: plural, namespaced: spec.scope !== "Cluster", builtIn: false } as const;
  const out: ApiResourceInfo[] = [{ ...base, kind, singular: str(names.singular) ?? kind?.toLowerCase(), shortNames, verbs: STD, doc }];
  for (const sub of ["status", "scale"])
    if (subs.some((s) => sub in s))
      out.push({ ...base, subresource: sub, kind, shortNames: [], verbs: SUB, doc: `The ${sub} of ${kind ?? plural}.` });
  return out;
}

/** `base` plus the custom resources (a resource the base already has stays as it is). */
export function withCustomResources(base: ApiCatalog, custom: readonly ApiResourceInfo[]): ApiCatalog {
  if (custom.length === 0) return base;
  const groups: ApiGroupInfo[] = base.groups().map((g) => base.groupInfo(g)!);
  for (const g of new Set(custom.map((r) => r.group)))
    if (!base.groupInfo(g)) groups.push({ group: g, builtIn: false, legacy: false, partial: true });
  const n = new Set(custom.filter((r) => r.subresource === undefined).map((r) => `${r.resource}.${r.group}`)).size;
  return createCatalog(`${base.source} + ${n} CustomResourceDefinition${n === 1 ? "" : "s"} of the workspace`, groups, [
    ...base.allResources(),
    ...custom,
  ]);
}
