// Concise builders for RBAC objects, identities and requests in core tests.
// Requests use the notation of rbac-semantics.md §9: "verb group/resource[/sub] name@ns" (name "-" = none,
// ns "-" = cluster scope) or "verb /path" for non-resource requests.

import {
  BindingObject,
  Identity,
  LabelSelector,
  LabelSelectorRequirement,
  PolicyRule,
  RBAC_API_VERSION,
  RBAC_GROUP,
  Request,
  RoleObject,
  Subject,
} from "../../core/model";
import { anonymousIdentity, serviceAccountIdentity, userIdentity } from "../../core/identity";

export interface RuleSpec {
  v?: string[];
  g?: string[];
  r?: string[];
  rn?: string[];
  urls?: string[];
}

export function rule(s: RuleSpec): PolicyRule {
  return { verbs: s.v ?? [], apiGroups: s.g ?? [], resources: s.r ?? [], resourceNames: s.rn ?? [], nonResourceURLs: s.urls ?? [] };
}

/** A rule from its fields by their own names, the others empty. */
export const policyRule = (r: Partial<PolicyRule>): PolicyRule => ({
  verbs: [],
  apiGroups: [],
  resources: [],
  resourceNames: [],
  nonResourceURLs: [],
  ...r,
});

const meta = (name: string, namespace = "", labels: Record<string, string> = {}) => ({ name, namespace, labels, annotations: {} });

export function clusterRole(
  name: string,
  rules: RuleSpec[] = [],
  opts: { labels?: Record<string, string>; aggregate?: LabelSelector[] } = {},
): RoleObject {
  const base = {
    kind: "ClusterRole" as const,
    apiVersion: RBAC_API_VERSION,
    metadata: meta(name, "", opts.labels),
    rules: rules.map(rule),
  };
  return opts.aggregate ? { ...base, aggregationRule: { clusterRoleSelectors: opts.aggregate } } : base;
}

export function role(namespace: string, name: string, rules: RuleSpec[] = []): RoleObject {
  return { kind: "Role", apiVersion: RBAC_API_VERSION, metadata: meta(name, namespace), rules: rules.map(rule) };
}

/** `ref` is "ClusterRole name" or "Role name" (or any "Kind name"). */
function roleRef(ref: string) {
  const i = ref.indexOf(" ");
  return { apiGroup: RBAC_GROUP, kind: ref.slice(0, i), name: ref.slice(i + 1) };
}

export function crb(name: string, ref: string, subjects: Subject[]): BindingObject {
  return { kind: "ClusterRoleBinding", apiVersion: RBAC_API_VERSION, metadata: meta(name), subjects, roleRef: roleRef(ref) };
}

export function rb(namespace: string, name: string, ref: string, subjects: Subject[]): BindingObject {
  return { kind: "RoleBinding", apiVersion: RBAC_API_VERSION, metadata: meta(name, namespace), subjects, roleRef: roleRef(ref) };
}

export const user = (name: string, namespace = ""): Subject => ({ kind: "User", apiGroup: RBAC_GROUP, name, namespace });
export const group = (name: string, namespace = ""): Subject => ({ kind: "Group", apiGroup: RBAC_GROUP, name, namespace });
export const sa = (name: string, namespace = ""): Subject => ({ kind: "ServiceAccount", apiGroup: "", name, namespace });

export function selector(matchLabels: Record<string, string> = {}, matchExpressions: LabelSelectorRequirement[] = []): LabelSelector {
  return { matchLabels, matchExpressions };
}

export const expr = (key: string, operator: string, values: string[] = []): LabelSelectorRequirement => ({ key, operator, values });

/** SA(ns/n) of §9. */
export const SA = (ns: string, name: string): Identity => serviceAccountIdentity(ns, name);
/** U(name; groups…) of §9: an authenticated user. */
export const U = (name: string, ...groups: string[]): Identity => userIdentity(name, groups);
export const ANON: Identity = anonymousIdentity();

/** Parses "verb group/resource[/sub] name@ns" or "verb /path". */
export function q(text: string): Request {
  const parts = text.trim().split(/\s+/);
  if (parts.length === 2) return { kind: "nonResource", verb: parts[0], path: parts[1] };
  if (parts.length !== 3) throw new Error(`bad query: ${text}`);
  const [verb, gr, target] = parts as [string, string, string];
  const segs = gr.split("/");
  const at = target.lastIndexOf("@");
  const name = target.slice(0, at);
  const ns = target.slice(at + 1);
  return {
    kind: "resource",
    verb,
    apiGroup: segs[0],
    resource: segs[1],
    subresource: segs[2] ?? "",
    name: name === "-" ? "" : name,
    namespace: ns === "-" ? "" : ns,
  };
}

/** cluster-admin as bootstrapped (§7). */
export const CLUSTER_ADMIN = clusterRole("cluster-admin", [
  { g: ["*"], r: ["*"], v: ["*"] },
  { urls: ["*"], v: ["*"] },
]);
