// E012 / E013: a RoleBinding refers to a Role or ClusterRole; a ClusterRoleBinding only to a ClusterRole.

import type { Check, Fix } from "./context";
import { anchorSpan, has, isBindingTarget, valueSpan } from "./support/target";

export const invalidRoleRefKind: Check = {
  code: "invalid-role-ref-kind",
  defaultSeverity: "error",
  title: "roleRef.kind not allowed for this binding",
  object(t, report) {
    if (!isBindingTarget(t) || !has(t, ["roleRef"])) return;
    const { kind, name } = t.object.roleRef;
    if (kind === "" && name === "") return; // missing-role-ref
    const allowed = t.object.kind === "RoleBinding" ? ["Role", "ClusterRole"] : ["ClusterRole"];
    if (allowed.includes(kind)) return;
    const span = valueSpan(t, ["roleRef", "kind"]) ?? anchorSpan(t, ["roleRef", "kind"]);
    const fixes: Fix[] = [];
    const meant =
      allowed.find((k) => k.toLowerCase() === kind.toLowerCase()) ??
      (t.object.kind === "ClusterRoleBinding" && kind === "Role" ? "ClusterRole" : undefined);
    if (meant && has(t, ["roleRef", "kind"])) fixes.push({ title: `Use ${meant}`, edits: [{ span, newText: meant }] });
    const msg =
      kind === ""
        ? `roleRef.kind is missing: the API server rejects the binding. Use ${allowed.join(" or ")}.`
        : t.object.kind === "ClusterRoleBinding" && kind === "Role"
          ? `A ClusterRoleBinding can only refer to a ClusterRole (a Role is namespaced): the API server rejects it.`
          : `roleRef.kind "${kind}" is not supported (case-sensitive; allowed: ${allowed.join(", ")}): the API server rejects the binding.`;
    report(span, msg, { fixes });
  },
};
