// ClusterRoles every cluster has (bootstrap policy): references to them are never dangling.

/** The user-facing default ClusterRoles. */
export const USER_FACING_CLUSTER_ROLES: readonly string[] = ["cluster-admin", "admin", "edit", "view"];
const USER_FACING = new Set(USER_FACING_CLUSTER_ROLES);

export function isBootstrapClusterRole(name: string): boolean {
  return USER_FACING.has(name) || name.startsWith("system:");
}

/** The user-facing default ClusterRoles: a RoleBinding naming one with kind Role almost surely meant ClusterRole. */
export function isUserFacingClusterRole(name: string): boolean {
  return USER_FACING.has(name);
}

/** Roles (namespaced) of the bootstrap policy, in kube-system / kube-public. */
export function isBootstrapRole(name: string): boolean {
  return name.startsWith("system:") || name === "extension-apiserver-authentication-reader";
}
