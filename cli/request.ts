// From `VERB TYPE[/NAME]` (+ flags) to the request the API server would authorize, the way
// `kubectl auth can-i` builds its SelfSubjectAccessReview: TYPE is resolved through the catalog
// (plural, singular, short name, `plural.group`); `*` stays `*` in group ""; an unknown TYPE is
// used as written in group "" with a warning. No -n means namespace "default", -A means "".
// Cluster-scoped resources are asked at cluster scope whatever -n says.

import { ApiCatalog } from "../core/catalog";
import { resolveType } from "../core/catalog/lookup";
import { Request } from "../core/model";
import { UsageError } from "./args";

export interface RequestFlags {
  readonly namespace?: string;
  readonly allNamespaces: boolean;
  readonly subresource?: string;
}

export interface BuiltRequest {
  readonly request: Request;
  readonly warnings: string[];
}

export function buildRequest(verb: string, target: string, flags: RequestFlags, catalog: ApiCatalog): BuiltRequest {
  if (flags.namespace !== undefined && flags.allNamespaces)
    throw new UsageError("--namespace and --all-namespaces cannot be used together");
  if (target.startsWith("/")) {
    if (flags.subresource) throw new UsageError("--subresource can not be used with NonResourceURL");
    return { request: { kind: "nonResource", verb, path: target }, warnings: [] };
  }
  const warnings: string[] = [];
  const slash = target.indexOf("/");
  const type = slash < 0 ? target : target.slice(0, slash);
  const name = slash < 0 ? "" : target.slice(slash + 1);
  if (type === "") throw new UsageError(`invalid resource "${target}"`);
  let group = "";
  let resource = type;
  let namespaced = true;
  if (type !== "*") {
    const resolved = resolveType(catalog, type).matches[0];
    if (resolved && !resolved.resource.includes("/")) {
      group = resolved.group;
      resource = resolved.resource;
      if (resolved.info) namespaced = resolved.info.namespaced;
      else warnings.push(`Warning: the server doesn't have a resource type '${resolved.resource}' in group '${resolved.group}'`);
    } else {
      resource = type.toLowerCase();
      warnings.push(`Warning: the server doesn't have a resource type '${resource}'`);
    }
  }
  let namespace = flags.allNamespaces ? "" : (flags.namespace ?? "default");
  if (!namespaced && namespace !== "") {
    warnings.push(`Warning: resource '${resource}' is not namespace scoped${group ? ` in group '${group}'` : ""}`);
    namespace = "";
  }
  return {
    request: { kind: "resource", verb, apiGroup: group, resource, subresource: flags.subresource ?? "", name, namespace },
    warnings,
  };
}

export { describeRequest } from "../core/request-text";
