// Least privilege from what was used: the Roles, ClusterRoles and bindings that allow exactly the given
// requests of one subject, and nothing more (rbac-semantics.md §2.3, §2.4, §6.3).
//
// - A request in a namespace goes to a Role in that namespace, bound by a RoleBinding there (a request on
//   the `namespaces` resource that names one is inside it, so it goes there too). A request without a
//   namespace (cluster-scoped resources, lists and watches across all namespaces) and every non-resource
//   request go to one ClusterRole with a ClusterRoleBinding.
// - `resourceNames` where every logged request for that resource and verb was authorized with a name (the
//   name RBAC saw, as core/audit/event.ts reads it): always for get, update, patch and delete; for a create
//   on a subresource (pods/exec, serviceaccounts/token) and the create of a create-on-update or
//   server-side apply; for a list or watch with a metadata.name field selector (§2.3). A POST create to a
//   collection and a deletecollection have no name, so any such request leaves the verb unrestricted.
// - Rules are merged where the merge grants nothing new: verbs of one resource with the same names; then
//   resources of one API group with the same verbs and names (a rule allows every combination of its
//   lists, so lists are only joined when that product is what was logged). Non-resource paths with the
//   same verbs share a rule. API groups are never joined.
// Everything is sorted, so the same requests give the same text.

import { RBAC_API_VERSION, RBAC_GROUP, Request } from "../model";
import { parseServiceAccountUser } from "../identity";

export type SuggestSubject =
  | { readonly kind: "User"; readonly name: string }
  | { readonly kind: "Group"; readonly name: string }
  | { readonly kind: "ServiceAccount"; readonly name: string; readonly namespace: string };

export interface SuggestedRule {
  readonly apiGroups?: string[];
  readonly resources?: string[];
  readonly resourceNames?: string[];
  readonly nonResourceURLs?: string[];
  readonly verbs: string[];
}

/** A manifest, as `kubectl apply` takes it. */
export type Manifest = Record<string, unknown>;

const VERB_ORDER = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];
const ALL_NAMES = "\u0000all";

/** The subject a `--as` user name stands for: a service account for `system:serviceaccount:NS:NAME`. */
export function subjectForUser(user: string): SuggestSubject {
  const sa = parseServiceAccountUser(user);
  return sa ? { kind: "ServiceAccount", ...sa } : { kind: "User", name: user };
}

/** The user name (or group) of a subject, as audit events show it. */
export function subjectText(subject: SuggestSubject): string {
  return subject.kind === "ServiceAccount" ? `system:serviceaccount:${subject.namespace}:${subject.name}` : subject.name;
}

/** The generated objects' name: `kube-rbac-suggested:<subject>`, made a valid RBAC object name. */
export function suggestedName(subject: SuggestSubject): string {
  const prefix = subject.kind === "Group" ? "kube-rbac-suggested:group:" : "kube-rbac-suggested:";
  // RBAC object names are path segments: no "/" or "%".
  return prefix + subjectText(subject).replace(/[/%]/g, "-");
}

/** Roles and bindings allowing exactly `requests` for `subject`: the ClusterRole pair first, then each namespace's. */
export function suggestRbac(subject: SuggestSubject, requests: Iterable<Request>): Manifest[] {
  const byNamespace = new Map<string, Request[]>();
  const nonResource: Request[] = [];
  for (const r of requests) {
    if (r.kind === "nonResource") nonResource.push(r);
    else {
      const list = byNamespace.get(r.namespace);
      if (list) list.push(r);
      else byNamespace.set(r.namespace, [r]);
    }
  }
  const name = suggestedName(subject);
  const out: Manifest[] = [];
  const clusterRules = [...resourceRules(byNamespace.get("") ?? []), ...nonResourceRules(nonResource)];
  if (clusterRules.length > 0) out.push(role("ClusterRole", name, "", clusterRules), binding("ClusterRoleBinding", name, "", subject));
  for (const ns of [...byNamespace.keys()].filter((n) => n !== "").sort()) {
    out.push(role("Role", name, ns, resourceRules(byNamespace.get(ns)!)), binding("RoleBinding", name, ns, subject));
  }
  return out;
}

/** The merged rules allowing exactly these resource requests (whatever their namespace). */
export function resourceRules(requests: readonly Request[]): SuggestedRule[] {
  // (group, resource, verb) → the names used, or ALL_NAMES when any request was unnamed or cannot be named.
  const used = new Map<string, { group: string; resource: string; verb: string; names: Set<string> }>();
  for (const r of requests) {
    if (r.kind !== "resource") continue;
    const resource = r.subresource === "" ? r.resource : `${r.resource}/${r.subresource}`;
    const key = join(r.apiGroup, resource, r.verb);
    const entry = used.get(key) ?? { group: r.apiGroup, resource, verb: r.verb, names: new Set<string>() };
    used.set(key, entry);
    // A request RBAC saw with a name is matched by resourceNames, whatever its verb.
    entry.names.add(r.name !== "" ? r.name : ALL_NAMES);
  }
  // (group, resource, names) → verbs.
  const withNames = [...used.values()].map((u) => ({ ...u, names: namesKey(u.names) }));
  const perResource = [...groupBy(withNames, (u) => join(u.group, u.resource, u.names)).values()].map((list) => ({
    group: list[0].group,
    resource: list[0].resource,
    names: list[0].names,
    verbs: sortVerbs(list.map((u) => u.verb)),
  }));
  // (group, verbs, names) → resources.
  const rules = [...groupBy(perResource, (u) => join(u.group, u.verbs.join(","), u.names)).values()].map((list): SuggestedRule => {
    const { group, names, verbs } = list[0];
    return {
      apiGroups: [group],
      resources: list.map((u) => u.resource).sort(compareText),
      ...(names !== ALL_NAMES ? { resourceNames: names.split("\u0000") } : {}),
      verbs,
    };
  });
  return rules.sort(compareRules);
}

/** The rules allowing exactly these non-resource requests: paths with the same verbs share one. */
export function nonResourceRules(requests: readonly Request[]): SuggestedRule[] {
  const verbsByPath = new Map<string, Set<string>>();
  for (const r of requests) {
    if (r.kind !== "nonResource") continue;
    const set = verbsByPath.get(r.path) ?? new Set<string>();
    verbsByPath.set(r.path, set);
    set.add(r.verb);
  }
  const byVerbs = groupBy([...verbsByPath], ([, set]) => sortVerbs([...set]).join(","));
  return [...byVerbs.values()]
    .map((items): SuggestedRule => ({ nonResourceURLs: items.map(([path]) => path).sort(), verbs: sortVerbs([...items[0][1]]) }))
    .sort((a, b) => compareText(a.nonResourceURLs![0], b.nonResourceURLs![0]));
}

function role(kind: "Role" | "ClusterRole", name: string, namespace: string, rules: SuggestedRule[]): Manifest {
  return { apiVersion: RBAC_API_VERSION, kind, metadata: metadata(name, namespace), rules };
}

function binding(kind: "RoleBinding" | "ClusterRoleBinding", name: string, namespace: string, subject: SuggestSubject): Manifest {
  const roleKind = kind === "RoleBinding" ? "Role" : "ClusterRole";
  return {
    apiVersion: RBAC_API_VERSION,
    kind,
    metadata: metadata(name, namespace),
    roleRef: { apiGroup: RBAC_GROUP, kind: roleKind, name },
    subjects: [
      subject.kind === "ServiceAccount"
        ? { kind: "ServiceAccount", name: subject.name, namespace: subject.namespace }
        : { kind: subject.kind, apiGroup: RBAC_GROUP, name: subject.name },
    ],
  };
}

function metadata(name: string, namespace: string): Record<string, unknown> {
  return { name, ...(namespace !== "" ? { namespace } : {}), labels: { "app.kubernetes.io/managed-by": "kube-rbac" } };
}

function namesKey(set: ReadonlySet<string>): string {
  return set.has(ALL_NAMES) ? ALL_NAMES : [...set].sort(compareText).join("\u0000");
}

function join(...parts: string[]): string {
  return parts.join("\u0000");
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of [...items].sort((a, b) => compareText(key(a), key(b)))) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

function sortVerbs(verbs: readonly string[]): string[] {
  const rank = (v: string) => (VERB_ORDER.includes(v) ? VERB_ORDER.indexOf(v) : VERB_ORDER.length);
  return [...new Set(verbs)].sort((a, b) => rank(a) - rank(b) || compareText(a, b));
}

function compareRules(a: SuggestedRule, b: SuggestedRule): number {
  return (
    compareText(a.apiGroups![0], b.apiGroups![0]) ||
    compareText(a.resources![0], b.resources![0]) ||
    compareText((a.resourceNames ?? []).join(","), (b.resourceNames ?? []).join(",")) ||
    compareText(a.verbs.join(","), b.verbs.join(","))
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
