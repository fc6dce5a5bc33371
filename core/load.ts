// Objects from already-decoded values: `kubectl get … -o json` dumps, API responses, or a YAML
// document's plain value. Lists (`kind: List`, `RoleList`, …) are unpacked recursively.

import { isListKind, looksLikeRbac, namedFromPlain, rbacFromPlain } from "./defaulting";
import { NamedObject, RbacObject } from "./model";

export interface LoadedObjects {
  readonly objects: RbacObject[];
  readonly others: NamedObject[];
}

export function objectsFromPlain(value: unknown, into: LoadedObjects = { objects: [], others: [] }, depth = 0): LoadedObjects {
  if (depth > 8) return into; // Lists of lists of lists… a hostile dump cannot make us recurse forever.
  if (isListKind(value)) {
    for (const item of value.items) objectsFromPlain(item, into, depth + 1);
  } else if (looksLikeRbac(value)) {
    into.objects.push(rbacFromPlain(value));
  } else {
    const named = namedFromPlain(value);
    if (named) into.others.push(named);
  }
  return into;
}
