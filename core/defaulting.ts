// Turning plain JSON-like values (from YAML, a `kubectl get -o json` dump, or the API) into the model,
// with the API server's defaulting applied (rbac-semantics.md §1.2):
//   - roleRef.apiGroup: "" -> rbac.authorization.k8s.io
//   - subjects[].apiGroup: "" -> "" for ServiceAccount, rbac.authorization.k8s.io for User/Group
//   - null / missing lists -> []
// Strings are kept verbatim. Wrongly-typed values never throw: they are dropped here and reported by
// the checks, which look at the YAML itself.

import {
  AggregationRule,
  BindingObject,
  LabelSelector,
  LabelSelectorRequirement,
  NamedObject,
  ObjectMeta,
  PolicyRule,
  RBAC_GROUP,
  RbacObject,
  RoleObject,
  RoleRef,
  SourceRef,
  Subject,
} from "./model";

type Plain = Record<string, unknown>;

function isMap(v: unknown): v is Plain {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Scalars become strings (the API would reject numbers and booleans; checks say so). */
function str(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  return "";
}

// A list or map that already holds only strings (all of them, from the API server) is kept as it is
// rather than copied: the model is read-only, and a cluster's lists are tens of thousands of them.

function strList(v: unknown): readonly string[] {
  if (!Array.isArray(v)) return [];
  for (let i = 0; i < v.length; i++) if (typeof v[i] !== "string") return strListCopy(v);
  return v as string[];
}

function strListCopy(v: readonly unknown[]): string[] {
  const out: string[] = [];
  for (const x of v) if (x !== null && typeof x !== "object") out.push(str(x));
  return out;
}

function strMap(v: unknown): Readonly<Record<string, string>> {
  if (!isMap(v)) return {};
  for (const k in v) if (typeof v[k] !== "string") return strMapCopy(v);
  return v as Record<string, string>;
}

function strMapCopy(v: Plain): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) if (x !== null && typeof x !== "object") out[k] = str(x);
  return out;
}

export function metaFromPlain(v: unknown): ObjectMeta {
  const m = isMap(v) ? v : {};
  const meta: { -readonly [K in keyof ObjectMeta]: ObjectMeta[K] } = {
    name: str(m.name),
    namespace: str(m.namespace),
    labels: strMap(m.labels),
    annotations: strMap(m.annotations),
  };
  if (typeof m.uid === "string") meta.uid = m.uid;
  if (typeof m.resourceVersion === "string") meta.resourceVersion = m.resourceVersion;
  return meta;
}

export function ruleFromPlain(v: unknown): PolicyRule {
  const r = isMap(v) ? v : {};
  return {
    verbs: strList(r.verbs),
    apiGroups: strList(r.apiGroups),
    resources: strList(r.resources),
    resourceNames: strList(r.resourceNames),
    nonResourceURLs: strList(r.nonResourceURLs),
  };
}

function requirementFromPlain(v: unknown): LabelSelectorRequirement {
  const r = isMap(v) ? v : {};
  return { key: str(r.key), operator: str(r.operator), values: strList(r.values) };
}

export function selectorFromPlain(v: unknown): LabelSelector {
  const s = isMap(v) ? v : {};
  return {
    matchLabels: strMap(s.matchLabels),
    matchExpressions: Array.isArray(s.matchExpressions) ? s.matchExpressions.map(requirementFromPlain) : [],
  };
}

function aggregationFromPlain(v: unknown): AggregationRule | undefined {
  if (!isMap(v)) return undefined;
  const sels = v.clusterRoleSelectors;
  return { clusterRoleSelectors: Array.isArray(sels) ? sels.map(selectorFromPlain) : [] };
}

/** Subject defaulting (DEF): only an empty apiGroup is defaulted; other kinds are left alone. */
export function subjectFromPlain(v: unknown): Subject {
  const s = isMap(v) ? v : {};
  const kind = str(s.kind);
  let apiGroup = str(s.apiGroup);
  if (apiGroup === "" && (kind === "User" || kind === "Group")) apiGroup = RBAC_GROUP;
  return { kind, apiGroup, name: str(s.name), namespace: str(s.namespace) };
}

export function roleRefFromPlain(v: unknown): RoleRef {
  const r = isMap(v) ? v : {};
  const apiGroup = str(r.apiGroup);
  return { apiGroup: apiGroup === "" ? RBAC_GROUP : apiGroup, kind: str(r.kind), name: str(r.name) };
}

export const RBAC_KINDS: ReadonlySet<string> = new Set(["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"]);

/** True for documents that claim to be RBAC objects (any rbac.authorization.k8s.io version). */
export function looksLikeRbac(v: unknown): v is Plain {
  if (!isMap(v) || typeof v.kind !== "string" || !RBAC_KINDS.has(v.kind)) return false;
  const av = typeof v.apiVersion === "string" ? v.apiVersion : "";
  return av.startsWith(RBAC_GROUP + "/");
}

/**
 * Build a model object from a plain value that `looksLikeRbac`. Cluster-scoped objects lose their
 * namespace, as the API server clears it.
 */
export function rbacFromPlain(v: Plain, source?: SourceRef): RbacObject {
  const kind = v.kind as RbacObject["kind"];
  const apiVersion = str(v.apiVersion);
  let metadata = metaFromPlain(v.metadata);
  if ((kind === "ClusterRole" || kind === "ClusterRoleBinding") && metadata.namespace !== "") {
    metadata = { ...metadata, namespace: "" };
  }
  if (kind === "Role" || kind === "ClusterRole") {
    const role: { -readonly [K in keyof RoleObject]: RoleObject[K] } = {
      kind,
      apiVersion,
      metadata,
      rules: Array.isArray(v.rules) ? v.rules.map(ruleFromPlain) : [],
    };
    if (kind === "ClusterRole") {
      const agg = aggregationFromPlain(v.aggregationRule);
      if (agg) role.aggregationRule = agg;
    }
    if (source) role.source = source;
    return role;
  }
  const binding: { -readonly [K in keyof BindingObject]: BindingObject[K] } = {
    kind,
    apiVersion,
    metadata,
    subjects: Array.isArray(v.subjects) ? v.subjects.map(subjectFromPlain) : [],
    roleRef: roleRefFromPlain(v.roleRef),
  };
  if (source) binding.source = source;
  return binding;
}

/** ServiceAccounts and Namespaces (core/v1) are kept for completion and dangling-subject checks. */
export function namedFromPlain(v: unknown, source?: SourceRef): NamedObject | undefined {
  if (!isMap(v) || v.apiVersion !== "v1") return undefined;
  if (v.kind !== "ServiceAccount" && v.kind !== "Namespace") return undefined;
  const obj: { -readonly [K in keyof NamedObject]: NamedObject[K] } = { kind: v.kind, metadata: metaFromPlain(v.metadata) };
  if (source) obj.source = source;
  return obj;
}

/** `kind: List` and every `*List` (RoleList, ...) carry their objects in `items`. */
export function isListKind(v: unknown): v is Plain & { items: unknown[] } {
  return isMap(v) && typeof v.kind === "string" && v.kind.endsWith("List") && Array.isArray(v.items);
}
