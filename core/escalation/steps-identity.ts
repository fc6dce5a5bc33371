// Steps that make the principal another identity: run a pod (directly or through a workload) as a
// ServiceAccount of the namespace, mint a ServiceAccount token, impersonate, or have a client certificate
// for any user and group approved (kubernetes.io/kube-apiserver-client). Each asks the authorizer exactly
// the question the API server asks.

import {
  GROUP_AUTHENTICATED,
  GROUP_MASTERS,
  impersonatedIdentity,
  serviceAccountIdentity,
  serviceAccountUser,
  userIdentity,
} from "../identity";
import { Identity, Request } from "../model";
import { Principal, PermissionUse, resourceRequest } from "./principal";
import { ANY_NAME, describeIdentity, Edge, EscalationStep } from "./step";
import { EscalationWorld } from "./world";

/** Kinds whose create makes pods run with the ServiceAccount of their pod template. */
export const POD_CREATORS: readonly (readonly [group: string, resource: string])[] = [
  ["", "pods"],
  ["apps", "deployments"],
  ["apps", "replicasets"],
  ["apps", "statefulsets"],
  ["apps", "daemonsets"],
  ["batch", "jobs"],
  ["batch", "cronjobs"],
  ["", "replicationcontrollers"],
];

export const CLIENT_SIGNER = "kubernetes.io/kube-apiserver-client";
const CERTS = "certificates.k8s.io";

function identityEdge(kind: EscalationStep["kind"], action: string, uses: PermissionUse[], next: Identity, potential = false): Edge {
  return { step: { kind, action, uses, becomes: describeIdentity(next), potential }, next: new Principal(next) };
}

/** Namespaces where a rule could allow one of the triples (only those are asked). */
function candidateNamespaces(
  world: EscalationWorld,
  p: Principal,
  triples: readonly (readonly [string, string, string])[],
): readonly string[] {
  const s = world.scopes(p, triples);
  return s.all ? world.namespaces : s.namespaces.filter((n) => world.namespaces.includes(n));
}

/** create pods (or a pod-creating workload) in N → every ServiceAccount of N. */
export function podSteps(world: EscalationWorld, p: Principal): Edge[] {
  const out: Edge[] = [];
  const triples = POD_CREATORS.map(([g, r]) => ["create", g, r] as const);
  for (const ns of candidateNamespaces(world, p, triples)) {
    const use = p.allowsAny(
      world.index,
      POD_CREATORS.map(([g, r]) => resourceRequest("create", g, r, ns)),
    );
    if (!use) continue;
    const what = use.request.kind === "resource" && use.request.resource !== "pods" ? `a ${singular(use.request.resource)}` : "a pod";
    for (const sa of world.serviceAccounts(ns))
      out.push(
        identityEdge(
          "create-pod",
          `create ${what} in namespace ${ns} with serviceAccountName ${sa}`,
          [use],
          serviceAccountIdentity(ns, sa),
        ),
      );
  }
  return out;
}

function singular(resource: string): string {
  return resource.endsWith("ies") ? resource.slice(0, -3) + "y" : resource.replace(/s$/, "");
}

/** create serviceaccounts/token for SA X in N → X (the name is the SA's, so resourceNames count). */
export function tokenSteps(world: EscalationWorld, p: Principal): Edge[] {
  const out: Edge[] = [];
  for (const ns of candidateNamespaces(world, p, [["create", "", "serviceaccounts/token"]])) {
    for (const sa of world.serviceAccounts(ns)) {
      const use = p.allows(world.index, resourceRequest("create", "", "serviceaccounts", ns, sa, "token"));
      if (use) out.push(identityEdge("create-token", `mint a token for ServiceAccount ${ns}/${sa}`, [use], serviceAccountIdentity(ns, sa)));
    }
  }
  return out;
}

const impersonate = (resource: string, name: string, namespace = ""): Request =>
  resourceRequest("impersonate", "", resource, namespace, name);

/** impersonate users, ServiceAccounts, and groups (with a user, as the API server requires) → that identity. */
export function impersonationSteps(world: EscalationWorld, p: Principal): Edge[] {
  const out: Edge[] = [];
  const self = p.identity.user;
  const userScopes = world.scopes(p, [["impersonate", "", "users"]]);
  // users and groups are cluster-scoped: only cluster-wide rules can allow impersonating them.
  const userUses: PermissionUse[] = [];
  if (userScopes.all) {
    const named = world.clusterWideNames(p, "impersonate", "", "users");
    for (const user of [ANY_NAME, ...new Set([...world.users, ...named])]) {
      const use = p.allows(world.index, impersonate("users", user));
      if (!use) continue;
      userUses.push(use);
      if (user !== ANY_NAME && user !== self)
        out.push(identityEdge("impersonate", `impersonate user ${user}`, [use], impersonatedIdentity(user)));
    }
  }
  for (const ns of candidateNamespaces(world, p, [["impersonate", "", "serviceaccounts"]])) {
    for (const sa of world.serviceAccounts(ns)) {
      if (serviceAccountUser(ns, sa) === self) continue;
      const use = p.allows(world.index, impersonate("serviceaccounts", sa, ns));
      if (use) out.push(identityEdge("impersonate", `impersonate ServiceAccount ${ns}/${sa}`, [use], serviceAccountIdentity(ns, sa)));
    }
  }
  // Impersonate-Group needs an Impersonate-User too: the first user the principal may impersonate.
  const asUser = userUses[0];
  if (asUser && world.scopes(p, [["impersonate", "", "groups"]]).all) {
    const user = asUser.request.kind === "resource" ? asUser.request.name : ANY_NAME;
    for (const group of world.groups) {
      const use = p.allows(world.index, impersonate("groups", group));
      if (use)
        out.push(
          identityEdge("impersonate", `impersonate user ${user} with group ${group}`, [asUser, use], impersonatedIdentity(user, [group])),
        );
    }
  }
  return out;
}

/**
 * A CertificateSigningRequest for signer kubernetes.io/kube-apiserver-client with a chosen subject: create it,
 * approve it (update of the approval subresource plus `approve` on the signer, which the server also accepts
 * as `kubernetes.io/*`), and read the issued certificate back → any user, ServiceAccount user name or group.
 * Not system:masters: the API server's CertificateSubjectRestriction admission refuses that request.
 */
export function csrSteps(world: EscalationWorld, p: Principal): Edge[] {
  if (!world.scopes(p, [["approve", CERTS, "signers"]]).all) return [];
  const ix = world.index;
  const create = p.allows(ix, resourceRequest("create", CERTS, "certificatesigningrequests", ""));
  const approval = create && p.allows(ix, resourceRequest("update", CERTS, "certificatesigningrequests", "", ANY_NAME, "approval"));
  const approve =
    approval &&
    p.allowsAny(ix, [
      resourceRequest("approve", CERTS, "signers", "", CLIENT_SIGNER),
      resourceRequest("approve", CERTS, "signers", "", "kubernetes.io/*"),
    ]);
  const read =
    approve &&
    p.allowsAny(ix, [
      resourceRequest("get", CERTS, "certificatesigningrequests", "", ANY_NAME),
      resourceRequest("list", CERTS, "certificatesigningrequests", ""),
      resourceRequest("watch", CERTS, "certificatesigningrequests", ""),
    ]);
  if (!create || !approval || !approve || !read) return [];
  const uses = [create, approval, approve, read];
  const edge = (subject: string, next: Identity) =>
    identityEdge("approve-csr", `have a client certificate for ${subject} issued by ${CLIENT_SIGNER}`, uses, next);
  const out: Edge[] = [];
  for (const user of world.users) if (user !== p.identity.user) out.push(edge(`CN=${user}`, userIdentity(user)));
  for (const group of world.groups)
    if (group !== GROUP_MASTERS) out.push(edge(`CN=${ANY_NAME}, O=${group}`, userIdentity(ANY_NAME, [group])));
  // A certificate's user name can be a ServiceAccount's: RBAC matches its bindings by that name.
  for (const ns of world.namespaces)
    for (const sa of world.serviceAccounts(ns)) {
      const user = serviceAccountUser(ns, sa);
      if (user !== p.identity.user) out.push(edge(`CN=${user}`, { user, groups: [GROUP_AUTHENTICATED] }));
    }
  return out;
}
