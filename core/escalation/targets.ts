// What an escalation path aims at: cluster-admin (every verb on every resource in every API group,
// cluster-wide: the request `* *.*` at cluster scope, which only `*` rules allow), or any one request.

import { PolicyRule, Request } from "../model";

export const CLUSTER_ADMIN: Request = {
  kind: "resource",
  verb: "*",
  apiGroup: "*",
  resource: "*",
  subresource: "",
  name: "",
  namespace: "",
};

/** The rules of cluster-admin: what a principal can give itself once it may write any rule. */
export const ALL_RULES: readonly PolicyRule[] = [
  { verbs: ["*"], apiGroups: ["*"], resources: ["*"], resourceNames: [], nonResourceURLs: [] },
  { verbs: ["*"], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: ["*"] },
];

export function isClusterAdminTarget(r: Request): boolean {
  return (
    r.kind === "resource" &&
    r.verb === "*" &&
    r.apiGroup === "*" &&
    r.resource === "*" &&
    r.namespace === "" &&
    r.name === "" &&
    r.subresource === ""
  );
}
