// Privilege-escalation prevention on RBAC writes (rbac-semantics.md §4): the syntactic `Covers` check and
// the registry's decision for creating/updating Roles, ClusterRoles and bindings.

import { BindingObject, Identity, PolicyRule, RBAC_GROUP, RbacObject, RoleObject, isRole } from "./model";
import { isSuperuser } from "./identity";
import { RbacIndex } from "./rbac-index";
import { authorize } from "./authorize";
import { rulesFor } from "./effective";
import { hasAggregationRule, rulesEqual } from "./aggregation";
import { ALL, stripTrailingStars } from "./rule-match";

/** One (group, resource, verb[, name]) or (URL, verb) combination of a servant rule (upstream `BreakdownRule`). */
export type Atom =
  | {
      readonly kind: "resource";
      readonly apiGroup: string;
      readonly resource: string;
      readonly verb: string;
      readonly resourceName?: string;
    }
  | { readonly kind: "nonResource"; readonly url: string; readonly verb: string };

export function breakdownRule(rule: PolicyRule): Atom[] {
  const out: Atom[] = [];
  for (const apiGroup of rule.apiGroups) {
    for (const resource of rule.resources) {
      for (const verb of rule.verbs) {
        if (rule.resourceNames.length > 0) {
          for (const resourceName of rule.resourceNames) out.push({ kind: "resource", apiGroup, resource, verb, resourceName });
        } else {
          out.push({ kind: "resource", apiGroup, resource, verb });
        }
      }
    }
  }
  for (const url of rule.nonResourceURLs) for (const verb of rule.verbs) out.push({ kind: "nonResource", url, verb });
  return out;
}

/** Upstream `ruleCovers(owner, atom)`: literal containment, `*`, and owner `*\/sub` for an atom `x/sub`. */
export function ruleCoversAtom(owner: PolicyRule, atom: Atom): boolean {
  if (!(owner.verbs.includes(ALL) || owner.verbs.includes(atom.verb))) return false;
  if (atom.kind === "nonResource") {
    // The atom has no groups/resources/names: those checks pass vacuously except that the owner must not
    // be restricted by resourceNames.
    if (owner.resourceNames.length > 0) return false;
    return owner.nonResourceURLs.some((u) => u === atom.url || (u.endsWith("*") && atom.url.startsWith(stripTrailingStars(u))));
  }
  if (!(owner.apiGroups.includes(ALL) || owner.apiGroups.includes(atom.apiGroup))) return false;
  if (!resourceCovers(owner.resources, atom.resource)) return false;
  if (atom.resourceName === undefined) return owner.resourceNames.length === 0;
  return owner.resourceNames.length === 0 || owner.resourceNames.includes(atom.resourceName);
}

function resourceCovers(ownerResources: readonly string[], resource: string): boolean {
  if (ownerResources.includes(ALL) || ownerResources.includes(resource)) return true;
  const slash = resource.indexOf("/");
  if (slash < 0) return false;
  return ownerResources.includes(`*/${resource.slice(slash + 1)}`);
}

export interface CoverageResult {
  readonly covered: boolean;
  /** Atoms of the servant rules that no single owner rule covers, in servant order. */
  readonly uncovered: readonly Atom[];
}

/** Upstream `Covers(ownerRules, servantRules)`: every atom of every servant rule is covered by one owner rule. */
export function covers(ownerRules: readonly PolicyRule[], servantRules: readonly PolicyRule[]): CoverageResult {
  const uncovered: Atom[] = [];
  for (const rule of servantRules) {
    for (const atom of breakdownRule(rule)) if (!ownerRules.some((o) => ruleCoversAtom(o, atom))) uncovered.push(atom);
  }
  return { covered: uncovered.length === 0, uncovered };
}

/** `{APIGroups:["apps"], Resources:["deployments"], Verbs:["*"]}`, like upstream `CompactString`. */
export function describeAtom(a: Atom): string {
  const q = (s: string) => `[${JSON.stringify(s)}]`;
  if (a.kind === "nonResource") return `{NonResourceURLs:${q(a.url)}, Verbs:${q(a.verb)}}`;
  const names = a.resourceName !== undefined ? `, ResourceNames:${q(a.resourceName)}` : "";
  return `{APIGroups:${q(a.apiGroup)}, Resources:${q(a.resource)}${names}, Verbs:${q(a.verb)}}`;
}

/** `*` on `*.*` and `*` on every non-resource URL: needed to write an aggregationRule. */
export const FULL_AUTHORITY: readonly PolicyRule[] = [
  { verbs: [ALL], apiGroups: [ALL], resources: [ALL], resourceNames: [], nonResourceURLs: [] },
  { verbs: [ALL], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: [ALL] },
];

export type WriteOperation = "create" | "update" | "patch";

export interface ApplyOptions {
  /** "create" = POST (name ""), "update"/"patch" = write to the named object. Default "create". */
  readonly operation?: WriteOperation;
  /** The stored object for updates (aggregationRule removal and no-op updates depend on it). */
  readonly oldObject?: RbacObject;
  /** Namespace for namespaced objects without one (kubectl's context namespace); default "default". */
  readonly namespace?: string;
  /** Also require the write itself (`create rolebindings` …) to be authorized. Default true. */
  readonly checkWrite?: boolean;
}

/** Which registry path let the write through. */
export type EscalationPath = "superuser" | "escalate" | "bind" | "covered" | "unchanged";

export interface ApplyResult {
  readonly allowed: boolean;
  /** Whether the plain write (`create`/`update`/`patch` on the RBAC resource) is authorized (true when not checked). */
  readonly writeAllowed: boolean;
  /** The escalation-check path that succeeded, or undefined if it failed. */
  readonly escalation: EscalationPath | undefined;
  /** Human-readable explanation, in the server's words where it has them. */
  readonly reasons: readonly string[];
  /** Rules the caller would grant without holding them. */
  readonly missing: readonly Atom[];
  /** The binding's roleRef does not resolve and the caller may not bind it (the server answers NotFound). */
  readonly notFound: boolean;
}

const RESOURCE_OF: Record<string, string> = {
  Role: "roles",
  ClusterRole: "clusterroles",
  RoleBinding: "rolebindings",
  ClusterRoleBinding: "clusterrolebindings",
};

/**
 * Whether `identity` may write `object` (rbac-semantics.md §4): the write's own authorization, then
 * system:masters, else `escalate` (roles) / `bind` (bindings) with the server's attributes, else coverage
 * of the rules by the caller's rules in the request namespace, plus full authority for aggregationRules.
 */
export function canApply(index: RbacIndex, identity: Identity, object: RbacObject, options: ApplyOptions = {}): ApplyResult {
  const operation = options.operation ?? "create";
  const namespaced = object.kind === "Role" || object.kind === "RoleBinding";
  const namespace = namespaced ? (object.metadata.namespace !== "" ? object.metadata.namespace : (options.namespace ?? "default")) : "";
  // A POST create carries no name; writes to an existing object carry it.
  const requestName = operation === "create" ? "" : object.metadata.name;
  const reasons: string[] = [];
  const superuser = isSuperuser(identity);

  let writeAllowed = true;
  if (options.checkWrite ?? true) {
    const w = authorize(index, identity, {
      kind: "resource",
      verb: operation,
      apiGroup: RBAC_GROUP,
      resource: RESOURCE_OF[object.kind],
      subresource: "",
      name: requestName,
      namespace,
    });
    writeAllowed = w.decision !== "not-allowed";
    if (!writeAllowed) {
      reasons.push(
        `${JSON.stringify(identity.user)} cannot ${operation} resource ${JSON.stringify(RESOURCE_OF[object.kind])} in API group ${JSON.stringify(RBAC_GROUP)} ${namespace ? `in the namespace ${JSON.stringify(namespace)}` : "at the cluster scope"}`,
      );
    }
  }
  const done = (escalation: EscalationPath | undefined, missing: readonly Atom[] = [], notFound = false): ApplyResult => ({
    allowed: writeAllowed && escalation !== undefined,
    writeAllowed,
    escalation,
    reasons,
    missing,
    notFound,
  });

  if (superuser) {
    reasons.push('member of "system:masters": escalation checks are skipped');
    return done("superuser");
  }
  if (isRole(object)) return checkRole(index, identity, object, namespace, requestName, options, reasons, done);
  return checkBinding(index, identity, object, namespace, reasons, done);
}

type Done = (escalation: EscalationPath | undefined, missing?: readonly Atom[], notFound?: boolean) => ApplyResult;

function checkRole(
  index: RbacIndex,
  identity: Identity,
  role: RoleObject,
  namespace: string,
  requestName: string,
  options: ApplyOptions,
  reasons: string[],
  done: Done,
): ApplyResult {
  const resource = RESOURCE_OF[role.kind];
  const esc = authorize(index, identity, {
    kind: "resource",
    verb: "escalate",
    apiGroup: RBAC_GROUP,
    resource,
    subresource: "",
    name: requestName,
    namespace,
  });
  if (esc.rbacAllows) {
    reasons.push(`may escalate: ${esc.reason}`);
    return done("escalate");
  }
  const old = options.oldObject && isRole(options.oldObject) ? options.oldObject : undefined;
  if (options.operation && options.operation !== "create" && old && sameRole(old, role)) {
    reasons.push("update changes nothing the escalation check looks at");
    return done("unchanged");
  }
  const owner = rulesFor(index, identity, namespace);
  const cov = covers(owner.rules, role.rules);
  if (!cov.covered) {
    reasons.push(notHeldMessage(identity, cov.uncovered, owner.errors));
    return done(undefined, cov.uncovered);
  }
  if (role.kind === "ClusterRole" && (hasAggregationRule(role) || (old !== undefined && hasAggregationRule(old)))) {
    const full = covers(owner.rules, FULL_AUTHORITY);
    if (!full.covered) {
      reasons.push("must have cluster-admin privileges to use the aggregationRule");
      return done(undefined, full.uncovered);
    }
  }
  reasons.push("every rule is covered by the caller's own permissions");
  return done("covered");
}

function checkBinding(
  index: RbacIndex,
  identity: Identity,
  binding: BindingObject,
  namespace: string,
  reasons: string[],
  done: Done,
): ApplyResult {
  const ref = binding.roleRef;
  const resource = ref.kind === "ClusterRole" ? "clusterroles" : ref.kind === "Role" ? "roles" : undefined;
  if (resource) {
    // The bind check runs in the binding's namespace ("" for ClusterRoleBindings).
    const bind = authorize(index, identity, {
      kind: "resource",
      verb: "bind",
      apiGroup: ref.apiGroup,
      resource,
      subresource: "",
      name: ref.name,
      namespace,
    });
    if (bind.rbacAllows) {
      reasons.push(`may bind: ${bind.reason}`);
      return done("bind");
    }
  }
  const res = index.resolve(ref.kind, ref.name, namespace);
  if (!res.ok) {
    reasons.push(res.error);
    return done(undefined, [], true);
  }
  const owner = rulesFor(index, identity, namespace);
  const cov = covers(owner.rules, res.rules);
  if (!cov.covered) {
    reasons.push(notHeldMessage(identity, cov.uncovered, owner.errors));
    return done(undefined, cov.uncovered);
  }
  reasons.push(`the caller holds every permission of ${ref.kind} ${JSON.stringify(ref.name)}`);
  return done("covered");
}

function sameRole(a: RoleObject, b: RoleObject): boolean {
  const json = (o: unknown) => JSON.stringify(o);
  return (
    a.kind === b.kind &&
    a.metadata.name === b.metadata.name &&
    rulesEqual(a.rules, b.rules) &&
    json(a.aggregationRule) === json(b.aggregationRule) &&
    json(a.metadata.labels) === json(b.metadata.labels) &&
    json(a.metadata.annotations) === json(b.metadata.annotations)
  );
}

function notHeldMessage(identity: Identity, missing: readonly Atom[], errors: readonly string[]): string {
  const lines = [...new Set(missing.map(describeAtom))].sort();
  let msg = `user ${JSON.stringify(identity.user)} (groups=${JSON.stringify(identity.groups)}) is attempting to grant RBAC permissions not currently held:\n${lines.join("\n")}`;
  if (errors.length > 0) msg += `; resolution errors: ${errors.join(", ")}`;
  return msg;
}
