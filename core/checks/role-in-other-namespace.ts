// W061: roleRef has no namespace; a RoleBinding's Role is looked up in the binding's own namespace.

import type { Check, Fix } from "./context";
import { describeObject } from "../model";
import { isBindingTarget, valueSpan } from "./support/target";
import { isUserFacingClusterRole } from "./support/bootstrap";

export const roleInOtherNamespace: Check = {
  code: "role-in-other-namespace",
  defaultSeverity: "warning",
  title: "RoleBinding to a Role that only exists elsewhere",
  object(t, report) {
    if (!isBindingTarget(t) || t.object.kind !== "RoleBinding") return;
    const { kind, name } = t.object.roleRef;
    if (kind !== "Role" || name === "") return;
    const ns = t.object.metadata.namespace;
    const ws = t.ctx.workspace;
    if (ns !== "" && ws.findRole("Role", ns, name)) return;
    const others = ws.rolesNamed(name);
    if (ns === "" && others.some((r) => r.kind === "Role")) return; // namespace comes from the context: cannot tell
    const elsewhere = others.filter((r) => r.kind === "Role");
    const cluster = others.find((r) => r.kind === "ClusterRole") ?? (isUserFacingClusterRole(name) ? { kind: "ClusterRole" } : undefined);
    if (elsewhere.length === 0 && !cluster) return;
    const span = valueSpan(t, ["roleRef", "name"]);
    if (!span) return;
    const fixes: Fix[] = [];
    const kindSpan = valueSpan(t, ["roleRef", "kind"]);
    if (cluster && kindSpan) fixes.push({ title: "Refer to the ClusterRole", edits: [{ span: kindSpan, newText: "ClusterRole" }] });
    // Named in a stable order, once each, whichever files (or the cluster) define them.
    const names = [...new Set(elsewhere.map((r) => describeObject(r)))].sort();
    const found = names.length > 0 ? names.slice(0, 3).join(", ") : `ClusterRole ${name}`;
    report(
      span,
      `roleRef has no namespace: a RoleBinding's Role is looked up in the binding's own namespace${ns ? ` (${ns})` : ""}, where none is named "${name}" — only ${found} exists. The binding grants nothing${cluster ? "; did you mean kind: ClusterRole?" : "."}`,
      { fixes },
    );
  },
};
