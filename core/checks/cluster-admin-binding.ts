// Risk (W003/W004): ClusterRoleBinding to cluster-admin; RoleBinding to cluster-admin or admin.

import { bindingRisks } from "../risk";
import type { Check } from "./context";
import { isBindingTarget, valueSpan } from "./support/target";

export const clusterAdminBinding: Check = {
  code: "cluster-admin-binding",
  defaultSeverity: "warning",
  title: "Binding of cluster-admin (or admin in a namespace)",
  object(t, report) {
    if (!isBindingTarget(t)) return;
    for (const risk of bindingRisks(t.object)) {
      if (risk.code !== "cluster-admin-binding") continue;
      const span = valueSpan(t, ["roleRef", "name"]);
      if (span) report(span, `${t.object.kind} to ${t.object.roleRef.name}: ${risk.why}.`, { severity: risk.severity });
    }
  },
};
