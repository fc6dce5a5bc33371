// Identities as the API server hands them to RBAC (rbac-semantics.md §2.1): service-account naming,
// the groups the authenticator and impersonation add, and the implicit groups a binding subject
// carries. RBAC only ever looks at the user name and the groups.

import { Identity, Subject } from "./model";

export const SA_USER_PREFIX = "system:serviceaccount:";
export const GROUP_ALL_SERVICE_ACCOUNTS = "system:serviceaccounts";
export const GROUP_SERVICE_ACCOUNTS_PREFIX = "system:serviceaccounts:";
export const GROUP_AUTHENTICATED = "system:authenticated";
export const GROUP_UNAUTHENTICATED = "system:unauthenticated";
export const GROUP_MASTERS = "system:masters";
export const USER_ANONYMOUS = "system:anonymous";

/** `system:serviceaccount:<ns>:<name>` (singular). */
export function serviceAccountUser(namespace: string, name: string): string {
  return `${SA_USER_PREFIX}${namespace}:${name}`;
}

/** The groups every service account of `namespace` gets from its authenticator (without system:authenticated). */
export function serviceAccountGroups(namespace: string): string[] {
  return [GROUP_ALL_SERVICE_ACCOUNTS, GROUP_SERVICE_ACCOUNTS_PREFIX + namespace];
}

/** What RBAC sees for a service account's token. */
export function serviceAccountIdentity(namespace: string, name: string): Identity {
  return { user: serviceAccountUser(namespace, name), groups: [...serviceAccountGroups(namespace), GROUP_AUTHENTICATED] };
}

/**
 * An authenticated (non-anonymous) user: the authenticator's groups plus `system:authenticated`, which the
 * group adder appends unless the groups already hold system:authenticated or system:unauthenticated.
 */
export function userIdentity(user: string, groups: readonly string[] = []): Identity {
  if (user === USER_ANONYMOUS) return anonymousIdentity();
  return { user, groups: withAuthenticated(groups) };
}

/** The anonymous identity: `system:anonymous` in `system:unauthenticated` only. */
export function anonymousIdentity(): Identity {
  return { user: USER_ANONYMOUS, groups: [GROUP_UNAUTHENTICATED] };
}

function withAuthenticated(groups: readonly string[]): string[] {
  const out = [...groups];
  if (!out.includes(GROUP_AUTHENTICATED) && !out.includes(GROUP_UNAUTHENTICATED)) out.push(GROUP_AUTHENTICATED);
  return out;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Splits `system:serviceaccount:<ns>:<name>` like the API server's `SplitUsername`: exactly two parts after
 * the prefix, the namespace a DNS-1123 label (≤ 63), the name a DNS-1123 subdomain (≤ 253).
 */
export function parseServiceAccountUser(user: string): { namespace: string; name: string } | undefined {
  if (!user.startsWith(SA_USER_PREFIX)) return undefined;
  const parts = user.slice(SA_USER_PREFIX.length).split(":");
  if (parts.length !== 2) return undefined;
  const [namespace, name] = parts as [string, string];
  if (namespace.length > 63 || !DNS1123_LABEL.test(namespace)) return undefined;
  if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) return undefined;
  return { namespace, name };
}

/**
 * The identity the API server builds for an impersonated user (kubectl --as / --as-group):
 * - a service-account user name without explicit groups gets the SA groups (+ system:authenticated);
 * - `system:anonymous` gets `system:unauthenticated` (added to any explicit groups);
 * - any other user gets the given groups + `system:authenticated`, unless they already contain
 *   system:authenticated or system:unauthenticated.
 */
export function impersonatedIdentity(user: string, groups: readonly string[] = []): Identity {
  if (user === USER_ANONYMOUS) {
    const out = [...groups];
    if (!out.includes(GROUP_UNAUTHENTICATED)) out.push(GROUP_UNAUTHENTICATED);
    return { user, groups: out };
  }
  const sa = parseServiceAccountUser(user);
  if (sa && groups.length === 0) return serviceAccountIdentity(sa.namespace, sa.name);
  return { user, groups: withAuthenticated(groups) };
}

export function isSuperuser(identity: Identity): boolean {
  return identity.groups.includes(GROUP_MASTERS);
}

/**
 * The service account a subject names, with the authorization-time default: an SA subject without a
 * namespace in a RoleBinding means the binding's namespace; in a ClusterRoleBinding (bindingNamespace "")
 * it names nothing and undefined is returned.
 */
export function subjectServiceAccount(subject: Subject, bindingNamespace: string): { namespace: string; name: string } | undefined {
  if (subject.kind !== "ServiceAccount") return undefined;
  const namespace = subject.namespace !== "" ? subject.namespace : bindingNamespace;
  if (namespace === "") return undefined;
  return { namespace, name: subject.name };
}

/**
 * The concrete identity behind a User or ServiceAccount subject (what RBAC would see when that principal
 * authenticates with no extra groups), or undefined for Group subjects, unknown kinds, and SA subjects
 * that name nothing.
 */
export function identityForSubject(subject: Subject, bindingNamespace: string): Identity | undefined {
  switch (subject.kind) {
    case "User": {
      const sa = parseServiceAccountUser(subject.name);
      return sa ? serviceAccountIdentity(sa.namespace, sa.name) : userIdentity(subject.name);
    }
    case "ServiceAccount": {
      const sa = subjectServiceAccount(subject, bindingNamespace);
      return sa ? serviceAccountIdentity(sa.namespace, sa.name) : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The groups a subject implicitly belongs to: a service account is in system:serviceaccounts,
 * system:serviceaccounts:<ns> and system:authenticated; a user in system:authenticated (the anonymous
 * user in system:unauthenticated); a group in none.
 */
export function implicitGroups(subject: Subject, bindingNamespace: string): string[] {
  const id = identityForSubject(subject, bindingNamespace);
  return id ? [...id.groups] : [];
}

/** Plain-English description of who a group subject stands for ("any member of …" for ordinary groups). */
export function describeGroup(group: string): string {
  if (group === GROUP_AUTHENTICATED) return "every authenticated user, including every service account";
  if (group === GROUP_UNAUTHENTICATED) return "every anonymous (unauthenticated) request";
  if (group === GROUP_ALL_SERVICE_ACCOUNTS) return "every service account in every namespace";
  if (group === GROUP_MASTERS) return "every member of system:masters (superusers, allowed regardless of RBAC)";
  if (group.startsWith(GROUP_SERVICE_ACCOUNTS_PREFIX)) {
    const ns = group.slice(GROUP_SERVICE_ACCOUNTS_PREFIX.length);
    if (ns !== "" && !ns.includes(":")) return `every service account in namespace ${ns}`;
  }
  return `any member of group ${group}`;
}
