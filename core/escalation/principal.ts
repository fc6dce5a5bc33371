// A principal on an escalation path: an identity as RBAC sees it, plus the grants earlier steps of the
// path added for it (a binding it created, a role it rewrote). Every "may it?" question goes to the real
// authorizer's order (authorize.ts: ClusterRoleBindings, then the RoleBindings of the request's namespace,
// each in input order, rules in order) first; the added grants are matched with the authorizer's own rule
// matcher. The bindings that apply to an identity are found and resolved once per index and identity.

import { isSuperuser } from "../identity";
import { BindingObject, Identity, PolicyRule, Request, RoleObject } from "../model";
import { RbacIndex } from "../rbac-index";
import { ruleAllows } from "../rule-match";

/** A grant an earlier step of the path created: `rules` apply cluster-wide (scope "") or in namespace `scope`. */
export interface AddedGrant {
  readonly scope: string;
  readonly rules: readonly PolicyRule[];
  /** "ClusterRole cluster-admin cluster-wide": what the principal gained (also the key of the grant). */
  readonly via: string;
}

/** Where a permission a step uses comes from. */
export type GrantSource =
  | {
      readonly kind: "binding";
      readonly binding: BindingObject;
      /** "" for ClusterRoleBindings. */
      readonly bindingNamespace: string;
      readonly role: RoleObject;
      readonly ruleIndex: number;
    }
  | { readonly kind: "added"; readonly grant: AddedGrant; readonly ruleIndex: number }
  | { readonly kind: "superuser" };

/** One permission a step needs, with the grant that provides it. */
export interface PermissionUse {
  readonly request: Request;
  readonly source: GrantSource;
}

/** A binding that applies to an identity, with its resolved role. */
interface Applying {
  readonly binding: BindingObject;
  readonly namespace: string;
  readonly role: RoleObject;
  readonly rules: readonly PolicyRule[];
}

/** The resolvable bindings that apply to an identity: ClusterRoleBindings, and RoleBindings by namespace. */
interface AuthorizationView {
  readonly cluster: readonly Applying[];
  readonly byNamespace: ReadonlyMap<string, readonly Applying[]>;
}

const views = new WeakMap<RbacIndex, Map<string, AuthorizationView>>();

function viewOf(index: RbacIndex, identity: Identity, key: string): AuthorizationView {
  let byKey = views.get(index);
  if (!byKey) views.set(index, (byKey = new Map<string, AuthorizationView>()));
  let view = byKey.get(key);
  if (!view) {
    const cluster: Applying[] = [];
    const byNamespace = new Map<string, Applying[]>();
    for (const { binding, namespace } of index.bindingsFor(identity)) {
      const res = index.resolveRoleRef(binding);
      if (!res.ok) continue;
      const a = { binding, namespace, role: res.role, rules: res.rules };
      if (binding.kind === "ClusterRoleBinding") cluster.push(a);
      else {
        const list = byNamespace.get(namespace);
        if (list) list.push(a);
        else byNamespace.set(namespace, [a]);
      }
    }
    byKey.set(key, (view = { cluster, byNamespace }));
  }
  return view;
}

function firstGrant(list: readonly Applying[], request: Request): PermissionUse | undefined {
  for (const a of list)
    for (let i = 0; i < a.rules.length; i++)
      if (ruleAllows(request, a.rules[i]))
        return { request, source: { kind: "binding", binding: a.binding, bindingNamespace: a.namespace, role: a.role, ruleIndex: i } };
  return undefined;
}

const NO_BINDINGS: readonly Applying[] = [];

export class Principal {
  readonly key: string;
  /** The identity alone (principals that differ only in added grants share it). */
  readonly identityKey: string;
  private readonly superuser: boolean;
  /** The view of the last index asked about (a principal is asked many questions against one index). */
  private viewIndex?: RbacIndex;
  private view?: AuthorizationView;

  constructor(
    readonly identity: Identity,
    readonly added: readonly AddedGrant[] = [],
  ) {
    this.identityKey = `${identity.user}\u0000${identity.groups.join("\u0001")}`;
    this.key = `${this.identityKey}\u0000${added.map((g) => `${g.scope}:${g.via}`).join("\u0001")}`;
    this.superuser = isSuperuser(identity);
  }

  private viewFor(index: RbacIndex): AuthorizationView {
    if (this.viewIndex !== index || !this.view) {
      this.view = viewOf(index, this.identity, this.identityKey);
      this.viewIndex = index;
    }
    return this.view;
  }

  /** The first source that allows `request` (superuser, then RBAC's first grant, then added grants), or undefined. */
  allows(index: RbacIndex, request: Request): PermissionUse | undefined {
    if (this.superuser) return { request, source: { kind: "superuser" } };
    // Non-resource requests are at cluster scope: only ClusterRoleBindings apply.
    const ns = request.kind === "resource" ? request.namespace : "";
    const view = this.viewFor(index);
    const granted =
      firstGrant(view.cluster, request) ?? (ns === "" ? undefined : firstGrant(view.byNamespace.get(ns) ?? NO_BINDINGS, request));
    if (granted || this.added.length === 0) return granted;
    for (const grant of this.added) {
      if (grant.scope !== "" && grant.scope !== ns) continue;
      const i = grant.rules.findIndex((rule) => ruleAllows(request, rule));
      if (i >= 0) return { request, source: { kind: "added", grant, ruleIndex: i } };
    }
    return undefined;
  }

  /** The rules of the bindings that apply to the identity, with their scope ("" for ClusterRoleBindings, else the namespace). */
  boundRules(index: RbacIndex): { scope: string; rules: readonly PolicyRule[] }[] {
    const view = this.viewFor(index);
    const out = view.cluster.map((a) => ({ scope: "", rules: a.rules }));
    for (const [scope, list] of view.byNamespace) for (const a of list) out.push({ scope, rules: a.rules });
    return out;
  }

  /** The first of `requests` that is allowed. */
  allowsAny(index: RbacIndex, requests: readonly Request[]): PermissionUse | undefined {
    for (const r of requests) {
      const use = this.allows(index, r);
      if (use) return use;
    }
    return undefined;
  }
}

/** A resource request, spelled out. */
export function resourceRequest(verb: string, apiGroup: string, resource: string, namespace: string, name = "", subresource = ""): Request {
  return { kind: "resource", verb, apiGroup, resource, subresource, name, namespace };
}
