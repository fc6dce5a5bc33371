// E011: roleRef.apiGroup must be rbac.authorization.k8s.io (an empty one is defaulted to it).

import { RBAC_GROUP } from "../model";
import type { Check } from "./context";
import { isBindingTarget, valueSpan } from "./support/target";

export const invalidRoleRefApiGroup: Check = {
  code: "invalid-role-ref-api-group",
  defaultSeverity: "error",
  title: "roleRef.apiGroup is not rbac.authorization.k8s.io",
  object(t, report) {
    if (!isBindingTarget(t)) return;
    const g = t.object.roleRef.apiGroup;
    if (g === RBAC_GROUP) return;
    const span = valueSpan(t, ["roleRef", "apiGroup"]);
    if (!span) return;
    report(
      span,
      `roleRef.apiGroup "${g}" is not supported: it must be ${RBAC_GROUP} (no version), so the API server rejects the binding.`,
      {
        fixes: [{ title: `Use ${RBAC_GROUP}`, edits: [{ span, newText: RBAC_GROUP }] }],
      },
    );
  },
};
