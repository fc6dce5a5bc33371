// W060: a binding whose roleRef names a Role/ClusterRole that exists nowhere we can see. The binding is
// inert until such a role is created — and then becomes live without anyone reviewing it again.
// Only reported when something is known (roles in the workspace, or the live cluster).

import type { Check } from "./context";
import { isBindingTarget, valueSpan } from "./support/target";
import { isBootstrapClusterRole, isBootstrapRole, isUserFacingClusterRole } from "./support/bootstrap";

export const roleNotFound: Check = {
  code: "role-not-found",
  defaultSeverity: "warning",
  title: "roleRef to a role that does not exist",
  object(t, report) {
    if (!isBindingTarget(t)) return;
    const ws = t.ctx.workspace;
    if (!ws.knowsRoles && !ws.clusterKnown) return;
    const { kind, name } = t.object.roleRef;
    if ((kind !== "Role" && kind !== "ClusterRole") || name === "") return;
    if (kind === "ClusterRole" && isBootstrapClusterRole(name)) return;
    const ns = t.object.metadata.namespace;
    if (kind === "Role" && t.object.kind !== "RoleBinding") return;
    if (ws.findRole(kind, ns, name)) return;
    const others = ws.rolesNamed(name);
    if (kind === "Role" && (ns === "" ? others.some((r) => r.kind === "Role") : others.length > 0)) return; // role-in-other-namespace
    if (kind === "Role" && isUserFacingClusterRole(name)) return; // role-in-other-namespace
    if (kind === "Role" && isBootstrapRole(name)) return;
    const span = valueSpan(t, ["roleRef", "name"]);
    if (!span) return;
    const where = ws.clusterKnown ? "in the workspace or the cluster" : "in the workspace";
    const what = kind === "Role" ? `Role "${name}"${ns ? ` in namespace ${ns}` : ""}` : `ClusterRole "${name}"`;
    report(span, `No ${what} exists ${where}: this binding grants nothing until one is created, and then it silently becomes live.`);
  },
};
