// Steps that make the principal another identity: run a pod (directly or through a workload) as a
// ServiceAccount of the namespace, mint a ServiceAccount token, impersonate, or have a client certificate
// for any user and group approved (kubernetes.io/kube-apiserver-client). Each asks the authorizer exactly
// the question the API server asks.

import { impersonatedIdentity } from "../identity";
import { Request } from "../model";
import { FanOut, serviceAccountEdges } from "./fan-out";
import { PermissionUse, Principal, resourceRequest } from "./principal";
import { ANY_NAME, Edge, EscalationStep } from "./step";
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
const APPROVE_SIGNERS = [["approve", CERTS, "signers"]] as const;

function singular(resource: string): string {
  return resource.endsWith("ies") ? resource.slice(0, -3) + "y" : resource.replace(/s$/, "");
}

const POD_FAN_OUT: FanOut = {
  kind: "create-pod",
  potential: false,
  triples: POD_CREATORS.map(([g, r]) => ["create", g, r] as const),
  requests: (ns) => POD_CREATORS.map(([g, r]) => resourceRequest("create", g, r, ns)),
  action: (use) => {
    const r = use.request.kind === "resource" ? use.request.resource : "pods";
    return `create ${r === "pods" ? "a pod" : `a ${singular(r)}`} in namespace {ns} with serviceAccountName {name}`;
  },
  perName: false,
};

/** create pods (or a pod-creating workload) in N → every ServiceAccount of N. */
export function podSteps(world: EscalationWorld, p: Principal): Edge[] {
  return serviceAccountEdges(world, p, POD_FAN_OUT);
}

const TOKEN_FAN_OUT: FanOut = {
  kind: "create-token",
  potential: false,
  triples: [["create", "", "serviceaccounts/token"]],
  requests: (ns, name) => [resourceRequest("create", "", "serviceaccounts", ns, name, "token")],
  action: () => "mint a token for ServiceAccount {ns}/{name}",
  perName: true,
};

/** create serviceaccounts/token for SA X in N → X (the name is the SA's, so resourceNames count). */
export function tokenSteps(world: EscalationWorld, p: Principal): Edge[] {
  return serviceAccountEdges(world, p, TOKEN_FAN_OUT);
}

const impersonate = (resource: string, name: string, namespace = ""): Request =>
  resourceRequest("impersonate", "", resource, namespace, name);

function step(action: string, uses: PermissionUse[]): EscalationStep {
  return { kind: "impersonate", action, uses, becomes: "", potential: false };
}

const IMPERSONATE_SA_FAN_OUT: FanOut = {
  kind: "impersonate",
  potential: false,
  triples: [["impersonate", "", "serviceaccounts"]],
  requests: (ns, name) => [impersonate("serviceaccounts", name, ns)],
  action: () => "impersonate ServiceAccount {ns}/{name}",
  perName: true,
};
const IMPERSONATE_USERS = [["impersonate", "", "users"]] as const;
const IMPERSONATE_GROUPS = [["impersonate", "", "groups"]] as const;

/** impersonate users, ServiceAccounts, and groups (with a user, as the API server requires) → that identity. */
export function impersonationSteps(world: EscalationWorld, p: Principal): Edge[] {
  const out: Edge[] = serviceAccountEdges(world, p, IMPERSONATE_SA_FAN_OUT);
  // users and groups are cluster-scoped: only cluster-wide rules can allow impersonating them.
  if (!world.scopes(p, IMPERSONATE_USERS).all) return out;
  const ix = world.index;
  const anyUser = p.allows(ix, impersonate("users", ANY_NAME));
  const userUses: PermissionUse[] = anyUser ? [anyUser] : [];
  if (anyUser) out.push({ step: step("impersonate user {name}", [anyUser]), next: world.userHub() });
  else
    for (const user of world.clusterWideNames(p, "impersonate", "", "users")) {
      const use = p.allows(ix, impersonate("users", user));
      if (!use) continue;
      userUses.push(use);
      if (user !== p.identity.user)
        out.push({ step: step(`impersonate user ${user}`, [use]), next: new Principal(impersonatedIdentity(user)) });
    }
  // Impersonate-Group needs an Impersonate-User too: the first user the principal may impersonate.
  const asUser = userUses[0];
  if (!asUser || !world.scopes(p, IMPERSONATE_GROUPS).all) return out;
  const user = asUser.request.kind === "resource" ? asUser.request.name : ANY_NAME;
  const anyGroup = p.allows(ix, impersonate("groups", ANY_NAME));
  if (anyGroup && user === ANY_NAME) {
    out.push({ step: step(`impersonate user ${user} with group {name}`, [asUser, anyGroup]), next: world.groupHub() });
    return out;
  }
  for (const group of world.groups) {
    const use = p.allows(ix, impersonate("groups", group));
    if (use)
      out.push({
        step: step(`impersonate user ${user} with group ${group}`, [asUser, use]),
        next: new Principal(impersonatedIdentity(user, [group])),
      });
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
  if (!world.scopes(p, APPROVE_SIGNERS).all) return [];
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
  const action = `have a client certificate for {name} issued by ${CLIENT_SIGNER}`;
  return [
    {
      step: { kind: "approve-csr", action, uses: [create, approval, approve, read], becomes: "", potential: false },
      next: world.certificateHub(),
    },
  ];
}
