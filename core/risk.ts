// Risk analysis of single rules and bindings: what a grant lets its holder do that is dangerous, and why,
// in one sentence. Shared by the checks (core/checks/*), hovers and the permissions tree, so every view
// gives the same judgement. Wildcards count: `resources: ["*"]` covers secrets and pods/exec, `apiGroups:
// ["*"]` covers the core group, `verbs: ["*"]` covers escalate/bind/impersonate.

import type { ApiCatalog } from "./catalog";
import { BindingObject, PolicyRule, RoleKind, Severity, Subject } from "./model";
import { apiGroupMatches, resourceMatches, verbMatches } from "./rule-match";

export type RiskCode =
  | "cluster-admin-equivalent"
  | "wildcard"
  | "escalate-permission"
  | "bind-permission"
  | "impersonate-permission"
  | "secrets-read"
  | "pod-exec"
  | "workload-create"
  | "nodes-proxy"
  | "token-create"
  | "csr-approval"
  | "webhook-write"
  | "rbac-write"
  | "pv-create";

export interface RuleRisk {
  readonly code: RiskCode;
  readonly severity: Severity;
  /** One sentence: why this is dangerous. */
  readonly why: string;
  /** "verb group/resource" items the rule grants that make it risky, e.g. "get /secrets". */
  readonly grants: readonly string[];
  /** Where to point: the list entry that grants it (resources, verbs or nonResourceURLs) and its index. */
  readonly field: "resources" | "verbs" | "nonResourceURLs" | "apiGroups";
  readonly index: number;
}

interface Target {
  readonly group: string;
  readonly resource: string; // "pods" or "pods/exec"
  /** The subresource of `resource` ("exec"), or "". */
  readonly sub: string;
  readonly verbs: readonly string[];
}

interface RiskDef {
  readonly code: RiskCode;
  readonly why: string;
  readonly targets: readonly Target[];
  /** Verbs whose grant is only "information" (e.g. get on pods/exec, which newer servers no longer accept alone). */
  readonly lowVerbs?: readonly string[];
}

const RBAC = "rbac.authorization.k8s.io";
const WRITE = ["create", "update", "patch"];
const t = (group: string, resources: string[], verbs: string[]): Target[] =>
  resources.map((resource) => ({ group, resource, sub: resource.includes("/") ? resource.slice(resource.indexOf("/") + 1) : "", verbs }));

const DEFS: readonly RiskDef[] = [
  {
    code: "escalate-permission",
    why: "the escalate verb lets its holder write Roles with permissions they do not have, up to cluster-admin",
    targets: t(RBAC, ["roles", "clusterroles"], ["escalate"]),
  },
  {
    code: "bind-permission",
    why: "the bind verb lets its holder bind any role (e.g. cluster-admin) to anyone without holding its permissions",
    targets: t(RBAC, ["roles", "clusterroles"], ["bind"]),
  },
  {
    code: "impersonate-permission",
    why: "impersonation lets its holder act as other users, groups or ServiceAccounts — including system:masters, which bypasses RBAC",
    targets: [
      ...t("", ["users", "groups", "serviceaccounts"], ["impersonate"]),
      ...t("authentication.k8s.io", ["uids", "userextras/scopes"], ["impersonate"]),
    ],
  },
  {
    code: "secrets-read",
    why: "reading Secrets (get, and also list/watch, which return their contents) exposes credentials such as ServiceAccount tokens",
    targets: t("", ["secrets"], ["get", "list", "watch"]),
  },
  {
    code: "pod-exec",
    why: "exec/attach/port-forward run commands in or reach into running containers, with their credentials and data",
    targets: t("", ["pods/exec", "pods/attach", "pods/portforward"], ["create", "get"]),
    lowVerbs: ["get"],
  },
  {
    code: "workload-create",
    why: "whoever can create pods (directly or through a workload controller) can run them as any ServiceAccount of the namespace and mount any of its Secrets",
    targets: [
      ...t("", ["pods", "replicationcontrollers", "podtemplates"], ["create"]),
      ...t("apps", ["deployments", "replicasets", "statefulsets", "daemonsets"], ["create"]),
      ...t("batch", ["jobs", "cronjobs"], ["create"]),
    ],
  },
  {
    code: "nodes-proxy",
    why: "nodes/proxy reaches the kubelet API directly (exec into any pod on the node), bypassing admission and audit",
    targets: t("", ["nodes/proxy"], ["get", "create", "update", "patch", "delete"]),
  },
  {
    code: "token-create",
    why: "creating serviceaccounts/token mints tokens for ServiceAccounts, i.e. acts with their permissions",
    targets: t("", ["serviceaccounts/token"], ["create"]),
  },
  {
    code: "csr-approval",
    why: "approving or signing certificate requests can mint client certificates for any user or group, such as system:masters",
    targets: [
      ...t("certificates.k8s.io", ["signers"], ["approve", "sign"]),
      ...t("certificates.k8s.io", ["certificatesigningrequests/approval"], ["update", "patch"]),
    ],
  },
  {
    code: "webhook-write",
    why: "admission webhooks and policies see and can rewrite every object sent to the API server, Secrets included",
    targets: t(
      "admissionregistration.k8s.io",
      [
        "validatingwebhookconfigurations",
        "mutatingwebhookconfigurations",
        "validatingadmissionpolicies",
        "validatingadmissionpolicybindings",
        "mutatingadmissionpolicies",
        "mutatingadmissionpolicybindings",
      ],
      WRITE,
    ),
  },
  {
    code: "rbac-write",
    why: "writing Roles or bindings lets its holder manage RBAC itself, a short step to granting themselves more",
    targets: t(RBAC, ["roles", "clusterroles", "rolebindings", "clusterrolebindings"], WRITE),
  },
  {
    code: "pv-create",
    why: "creating PersistentVolumes allows hostPath volumes, i.e. access to the node's filesystem",
    targets: t("", ["persistentvolumes"], ["create"]),
  },
];

export const RISK_WHY: Readonly<Record<RiskCode, string>> = {
  "cluster-admin-equivalent":
    "every verb on every resource of every API group is full control of the cluster (or namespace), like cluster-admin",
  wildcard: "wildcards also grant every resource, verb or URL added later (new APIs, CRDs, subresources)",
  ...Object.fromEntries(DEFS.map((d) => [d.code, d.why])),
} as Record<RiskCode, string>;

/** Whether the rule covers the target's group and resource (its verbs are asked one by one). */
function coversResource(rule: PolicyRule, target: Target): boolean {
  return apiGroupMatches(rule, target.group) && resourceMatches(rule, target.resource, target.sub);
}

/** The entry of `list` responsible for matching `value` (its literal, else "*" or "*\/sub"). */
function entryIndex(list: readonly string[], value: string): number {
  const exact = list.indexOf(value);
  if (exact >= 0) return exact;
  const slash = value.indexOf("/");
  if (slash >= 0) {
    const i = list.indexOf(`*/${value.slice(slash + 1)}`);
    if (i >= 0) return i;
  }
  return Math.max(0, list.indexOf("*"));
}

const show = (g: string, r: string) => `${g === "" ? "" : g}/${r}`;

/**
 * Risks of one rule. A rule granting `*` on `*` in `*` reports only cluster-admin-equivalent (it implies
 * every other risk). `roleKind` decides the wording of scope; the catalog, when given, is not needed for
 * the judgement (risky resources are fixed built-ins) but kept in the signature for future CRD-aware risks.
 */
export function ruleRisks(rule: PolicyRule, roleKind: RoleKind, catalog?: ApiCatalog): RuleRisk[] {
  void catalog;
  const out: RuleRisk[] = [];
  if (rule.nonResourceURLs.length > 0) {
    const i = rule.nonResourceURLs.findIndex((u) => u === "*");
    if (i >= 0 && rule.verbs.includes("*")) {
      out.push({ code: "wildcard", severity: "warning", why: RISK_WHY.wildcard, grants: ["* *"], field: "nonResourceURLs", index: i });
    } else if (i >= 0 || rule.verbs.includes("*")) {
      out.push({
        code: "wildcard",
        severity: "information",
        why: RISK_WHY.wildcard,
        grants: [],
        field: i >= 0 ? "nonResourceURLs" : "verbs",
        index: i >= 0 ? i : rule.verbs.indexOf("*"),
      });
    }
    return out;
  }
  if (rule.verbs.includes("*") && rule.resources.includes("*") && rule.apiGroups.includes("*")) {
    const why =
      roleKind === "Role"
        ? "every verb on every resource of every API group is full control of the namespace, including its Secrets and its RBAC"
        : RISK_WHY["cluster-admin-equivalent"];
    out.push({
      code: "cluster-admin-equivalent",
      severity: "warning",
      why,
      grants: ["* */*"],
      field: "resources",
      index: rule.resources.indexOf("*"),
    });
    return out;
  }
  for (const d of DEFS) {
    const grants: string[] = [];
    let low = true;
    let index = -1;
    for (const target of d.targets) {
      if (!coversResource(rule, target)) continue;
      for (const verb of target.verbs) {
        if (!verbMatches(rule, verb)) continue;
        grants.push(`${verb} ${show(target.group, target.resource)}`);
        if (!d.lowVerbs?.includes(verb)) low = false;
        if (index < 0) index = entryIndex(rule.resources, target.resource);
      }
    }
    if (grants.length > 0)
      out.push({ code: d.code, severity: low && d.lowVerbs ? "information" : "warning", why: d.why, grants, field: "resources", index });
  }
  const wild = (["verbs", "resources", "apiGroups"] as const).find((f) => rule[f].includes("*"));
  if (wild)
    out.push({ code: "wildcard", severity: "warning", why: RISK_WHY.wildcard, grants: [], field: wild, index: rule[wild].indexOf("*") });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Bindings

export type BindingRiskCode = "broad-subject" | "cluster-admin-binding";

export interface BindingRisk {
  readonly code: BindingRiskCode;
  readonly severity: Severity;
  readonly why: string;
  /** Index of the subject concerned, or -1 for the roleRef. */
  readonly subject: number;
}

/** Default bindings of the bootstrap policy to broad groups (not findings). */
const DEFAULT_BROAD: Readonly<Record<string, readonly string[]>> = {
  "system:basic-user": ["system:authenticated"],
  "system:discovery": ["system:authenticated"],
  "system:public-info-viewer": ["system:authenticated", "system:unauthenticated"],
  "system:service-account-issuer-discovery": ["system:serviceaccounts"],
};

function broadWhy(s: Subject): { why: string; severity: Severity } | undefined {
  if (s.kind === "Group" && s.name === "system:unauthenticated")
    return {
      severity: "warning",
      why: "system:unauthenticated is every anonymous request: anyone who can reach the API server gets this role",
    };
  if (s.kind === "User" && s.name === "system:anonymous")
    return {
      severity: "warning",
      why: "system:anonymous is every unauthenticated request: anyone who can reach the API server gets this role",
    };
  if (s.kind === "Group" && s.name === "system:authenticated")
    return {
      severity: "warning",
      why: "system:authenticated is every identity the cluster accepts — every ServiceAccount and, on managed clouds, possibly any account of the identity provider",
    };
  if (s.kind === "Group" && s.name === "system:serviceaccounts")
    return {
      severity: "information",
      why: "system:serviceaccounts is every ServiceAccount of every namespace, so any pod of the cluster gets this role",
    };
  return undefined;
}

export function bindingRisks(b: BindingObject): BindingRisk[] {
  const out: BindingRisk[] = [];
  const defaults = b.kind === "ClusterRoleBinding" && b.metadata.name === b.roleRef.name ? (DEFAULT_BROAD[b.roleRef.name] ?? []) : [];
  b.subjects.forEach((s, i) => {
    const w = broadWhy(s);
    if (w && !(s.kind === "Group" && defaults.includes(s.name)))
      out.push({ code: "broad-subject", severity: w.severity, why: w.why, subject: i });
  });
  const { kind, name } = b.roleRef;
  if (kind === "ClusterRole" && name === "cluster-admin" && b.kind === "ClusterRoleBinding") {
    const onlyMasters = b.subjects.length > 0 && b.subjects.every((s) => s.kind === "Group" && s.name === "system:masters");
    if (!onlyMasters)
      out.push({
        code: "cluster-admin-binding",
        severity: "warning",
        why: "cluster-admin grants every permission on every resource in every namespace",
        subject: -1,
      });
  } else if (b.kind === "RoleBinding" && kind === "ClusterRole" && (name === "cluster-admin" || name === "admin")) {
    out.push({
      code: "cluster-admin-binding",
      severity: "warning",
      why: `${name} through a RoleBinding is full control of the namespace: its Secrets, its workloads and its RBAC (granting others access)`,
      subject: -1,
    });
  }
  return out;
}
