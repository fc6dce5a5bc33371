// Which subjects the tree lists: every user, group and service account a binding names (service-account
// user names count as service accounts, as the authorizer sees them), the ServiceAccounts that exist,
// and the implicit groups with the subjects that inherit them.
import { RbacIndex } from "../../core/rbac-index";
import { NamedObject } from "../../core/model";
import {
  GROUP_ALL_SERVICE_ACCOUNTS,
  GROUP_AUTHENTICATED,
  GROUP_SERVICE_ACCOUNTS_PREFIX,
  GROUP_UNAUTHENTICATED,
  parseServiceAccountUser,
  USER_ANONYMOUS,
} from "../../core/identity";

export interface SubjectRef {
  readonly kind: "User" | "Group" | "ServiceAccount";
  readonly name: string;
  readonly namespace: string;
}

export interface SubjectLists {
  readonly users: readonly SubjectRef[];
  readonly groups: readonly SubjectRef[];
  /** Service accounts by namespace, namespaces sorted. */
  readonly serviceAccounts: ReadonlyMap<string, readonly SubjectRef[]>;
  readonly serviceAccountCount: number;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const cache = new WeakMap<RbacIndex, SubjectLists>();

export function subjectLists(index: RbacIndex, others: readonly NamedObject[]): SubjectLists {
  const hit = cache.get(index);
  if (hit) return hit;
  const users = new Map<string, SubjectRef>();
  const groups = new Map<string, SubjectRef>();
  const sas = new Map<string, Map<string, SubjectRef>>();
  const addSa = (namespace: string, name: string) => {
    if (!namespace) return;
    let m = sas.get(namespace);
    if (!m) sas.set(namespace, (m = new Map<string, SubjectRef>()));
    if (!m.has(name)) m.set(name, { kind: "ServiceAccount", name, namespace });
  };
  for (const s of index.subjects()) {
    if (s.kind === "User") {
      const sa = parseServiceAccountUser(s.name);
      if (sa) addSa(sa.namespace, sa.name);
      else users.set(s.name, { kind: "User", name: s.name, namespace: "" });
    } else if (s.kind === "Group") groups.set(s.name, { kind: "Group", name: s.name, namespace: "" });
    else if (s.kind === "ServiceAccount") addSa(s.namespace, s.name);
  }
  for (const o of others) if (o.kind === "ServiceAccount") addSa(o.metadata.namespace, o.metadata.name);
  const serviceAccounts = new Map<string, SubjectRef[]>();
  let count = 0;
  for (const ns of [...sas.keys()].sort(cmp)) {
    const list = [...sas.get(ns)!.values()].sort((a, b) => cmp(a.name, b.name));
    count += list.length;
    serviceAccounts.set(ns, list);
  }
  const result: SubjectLists = {
    users: [...users.values()].sort((a, b) => cmp(a.name, b.name)),
    groups: [...groups.values()].sort((a, b) => cmp(a.name, b.name)),
    serviceAccounts,
    serviceAccountCount: count,
  };
  cache.set(index, result);
  return result;
}

/** Whether a group is one the API server adds by itself (nobody is "put" in it). */
export function isImplicitGroup(name: string): boolean {
  return (
    name === GROUP_AUTHENTICATED ||
    name === GROUP_UNAUTHENTICATED ||
    name === GROUP_ALL_SERVICE_ACCOUNTS ||
    name.startsWith(GROUP_SERVICE_ACCOUNTS_PREFIX)
  );
}

/** The listed subjects that inherit an implicit group; undefined for ordinary groups (the authenticator decides). */
export function inheritors(group: string, lists: SubjectLists): SubjectRef[] | undefined {
  const allSas = () => [...lists.serviceAccounts.values()].flat();
  if (group === GROUP_AUTHENTICATED) return [...lists.users.filter((u) => u.name !== USER_ANONYMOUS), ...allSas()];
  if (group === GROUP_UNAUTHENTICATED) return lists.users.filter((u) => u.name === USER_ANONYMOUS);
  if (group === GROUP_ALL_SERVICE_ACCOUNTS) return allSas();
  if (group.startsWith(GROUP_SERVICE_ACCOUNTS_PREFIX))
    return [...(lists.serviceAccounts.get(group.slice(GROUP_SERVICE_ACCOUNTS_PREFIX.length)) ?? [])];
  return undefined;
}

export function matchesFilter(s: SubjectRef, filter: string): boolean {
  if (filter === "") return true;
  return s.name.toLowerCase().includes(filter) || (s.namespace !== "" && `${s.namespace}/${s.name}`.toLowerCase().includes(filter));
}

export function describeSubject(s: SubjectRef): string {
  return s.kind === "ServiceAccount" ? `ServiceAccount ${s.namespace}/${s.name}` : `${s.kind} ${s.name}`;
}
