// A world of escalation paths of one and two steps, and of near-paths that must not count, shared by the
// core and command-line tests.

import { BindingObject, RoleObject } from "../../../core/model";
import { clusterRole, crb, group, rb, role, sa, user } from "../builders";

const RBAC = "rbac.authorization.k8s.io";
const CERTS = "certificates.k8s.io";

export function escalationWorld(): (RoleObject | BindingObject)[] {
  return [
    clusterRole("cluster-admin", [
      { v: ["*"], g: ["*"], r: ["*"] },
      { v: ["*"], urls: ["*"] },
    ]),
    clusterRole("pod-maker", [{ v: ["create"], g: [""], r: ["pods"] }]),
    clusterRole("deployer", [{ v: ["create", "get"], g: ["apps"], r: ["deployments"] }]),
    clusterRole("binder", [
      { v: ["bind"], g: [RBAC], r: ["clusterroles"], rn: ["cluster-admin"] },
      { v: ["create"], g: [RBAC], r: ["clusterrolebindings"] },
    ]),
    clusterRole("bind-only", [{ v: ["bind"], g: [RBAC], r: ["clusterroles"] }]),
    clusterRole("binding-updater", [
      { v: ["update"], g: [RBAC], r: ["clusterrolebindings"], rn: ["admins"] },
      { v: ["bind"], g: [RBAC], r: ["clusterroles"], rn: ["cluster-admin"] },
    ]),
    clusterRole("impersonator", [
      { v: ["impersonate"], g: [""], r: ["users"], rn: ["nobody"] },
      { v: ["impersonate"], g: [""], r: ["groups"], rn: ["system:masters"] },
    ]),
    clusterRole("self-editor", [{ v: ["update", "escalate"], g: [RBAC], r: ["clusterroles"], rn: ["self-editor"] }]),
    clusterRole("csr-approver", [
      { v: ["create", "get"], g: [CERTS], r: ["certificatesigningrequests"] },
      { v: ["update"], g: [CERTS], r: ["certificatesigningrequests/approval"] },
      { v: ["approve"], g: [CERTS], r: ["signers"], rn: ["kubernetes.io/kube-apiserver-client"] },
    ]),
    role("team", "self-editor-ns", [{ v: ["update", "escalate"], g: [RBAC], r: ["roles"], rn: ["self-editor-ns"] }]),
    role("ci", "minter", [{ v: ["create"], g: [""], r: ["serviceaccounts/token"], rn: ["deployer"] }]),
    role("ci", "minter-other", [{ v: ["create"], g: [""], r: ["serviceaccounts/token"], rn: ["other"] }]),
    role("ci", "execer", [{ v: ["create"], g: [""], r: ["pods/exec"] }]),

    // Holders: no steps.
    crb("root", "ClusterRole cluster-admin", [user("root")]),
    crb("admins", "ClusterRole cluster-admin", [group("admins")]),
    crb("ci-deployer-admin", "ClusterRole cluster-admin", [sa("deployer", "ci")]),
    // One step.
    crb("binder", "ClusterRole binder", [user("binder")]),
    crb("binding-updater", "ClusterRole binding-updater", [user("updater")]),
    crb("impersonator", "ClusterRole impersonator", [sa("builder", "web")]),
    crb("self-editor", "ClusterRole self-editor", [user("escalator")]),
    crb("csr-approver", "ClusterRole csr-approver", [user("csr")]),
    rb("ci", "dev-pods", "ClusterRole pod-maker", [user("dev")]),
    rb("ci", "minter", "Role minter", [user("minter")]),
    rb("ci", "execer", "Role execer", [user("execer")]),
    // Two steps: a Deployment in web runs as web/builder, which impersonates system:masters.
    rb("web", "chain", "ClusterRole deployer", [user("chain")]),
    // Near-paths.
    crb("bind-only", "ClusterRole bind-only", [user("bind-only")]),
    rb("empty", "dev2-pods", "ClusterRole pod-maker", [user("dev2")]),
    rb("team", "ns-admin", "ClusterRole cluster-admin", [user("ns-admin")]),
    rb("team", "self-editor-ns", "Role self-editor-ns", [user("escalator-ns")]),
    rb("ci", "minter-other", "Role minter-other", [user("minter-other")]),
  ];
}

/** The subjects of the world that reach cluster-admin, each with the number of steps ("p": a potential path). */
export const REACHING_CLUSTER_ADMIN = [
  "Group admins: 0",
  "ServiceAccount ci/deployer: 0",
  "ServiceAccount web/builder: 1",
  "User binder: 1",
  "User chain: 2",
  "User csr: 1",
  "User dev: 1",
  "User escalator: 1",
  "User execer: 1p",
  "User minter: 1",
  "User root: 0",
  "User updater: 1",
];
