// A principal on an escalation path: an identity as RBAC sees it, plus the grants earlier steps of the
// path added for it (a binding it created, a role it rewrote). Every "may it?" question goes to the real
// authorizer (authorize.ts) first; the added grants are matched with the authorizer's own rule matcher.

import { authorize } from "../authorize";
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

export class Principal {
  readonly key: string;

  constructor(
    readonly identity: Identity,
    readonly added: readonly AddedGrant[] = [],
  ) {
    this.key = `${identity.user}\u0000${identity.groups.join("\u0001")}\u0000${added.map((g) => `${g.scope}:${g.via}`).join("\u0001")}`;
  }

  /** The first source that allows `request` (superuser, then RBAC's first grant, then added grants), or undefined. */
  allows(index: RbacIndex, request: Request): PermissionUse | undefined {
    if (isSuperuser(this.identity)) return { request, source: { kind: "superuser" } };
    const r = authorize(index, this.identity, request);
    const g = r.grants[0];
    if (g)
      return {
        request,
        source: { kind: "binding", binding: g.binding, bindingNamespace: g.bindingNamespace, role: g.role, ruleIndex: g.ruleIndex },
      };
    const ns = request.kind === "resource" ? request.namespace : "";
    for (const grant of this.added) {
      if (grant.scope !== "" && grant.scope !== ns) continue;
      const i = grant.rules.findIndex((rule) => ruleAllows(request, rule));
      if (i >= 0) return { request, source: { kind: "added", grant, ruleIndex: i } };
    }
    return undefined;
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
