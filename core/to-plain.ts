// Model objects back to plain API objects (what the API would return, defaulted): for snapshot files and
// for the read-only documents of cluster objects.

import { isRole, ObjectMeta, RbacObject } from "./model";

export function rbacToPlain(o: RbacObject): Record<string, unknown> {
  const item: Record<string, unknown> = { apiVersion: o.apiVersion, kind: o.kind, metadata: metaToPlain(o.metadata) };
  if (isRole(o)) {
    if (o.aggregationRule) item.aggregationRule = o.aggregationRule;
    item.rules = o.rules.map((r) => {
      const out: Record<string, unknown> = {};
      if (r.apiGroups.length) out.apiGroups = r.apiGroups;
      if (r.resources.length) out.resources = r.resources;
      if (r.resourceNames.length) out.resourceNames = r.resourceNames;
      if (r.nonResourceURLs.length) out.nonResourceURLs = r.nonResourceURLs;
      out.verbs = r.verbs;
      return out;
    });
  } else {
    item.roleRef = o.roleRef;
    if (o.subjects.length)
      item.subjects = o.subjects.map((s) => ({
        kind: s.kind,
        ...(s.apiGroup ? { apiGroup: s.apiGroup } : {}),
        name: s.name,
        ...(s.namespace ? { namespace: s.namespace } : {}),
      }));
  }
  return item;
}

export function metaToPlain(m: ObjectMeta): Record<string, unknown> {
  const out: Record<string, unknown> = { name: m.name };
  if (m.namespace) out.namespace = m.namespace;
  if (Object.keys(m.labels).length) out.labels = m.labels;
  if (Object.keys(m.annotations).length) out.annotations = m.annotations;
  if (m.uid) out.uid = m.uid;
  if (m.resourceVersion) out.resourceVersion = m.resourceVersion;
  return out;
}
