// Risk (W040/W041): bindings to system:authenticated, system:unauthenticated, system:anonymous (and
// system:serviceaccounts, information). Default bootstrap bindings are not reported.

import { bindingRisks } from "../risk";
import type { Check } from "./context";
import { isBindingTarget, valueSpan } from "./support/target";

export const broadSubject: Check = {
  code: "broad-subject",
  defaultSeverity: "warning",
  title: "Binding to everyone (system:authenticated, system:unauthenticated, system:anonymous)",
  object(t, report) {
    if (!isBindingTarget(t)) return;
    for (const risk of bindingRisks(t.object)) {
      if (risk.code !== "broad-subject") continue;
      const span = valueSpan(t, ["subjects", risk.subject, "name"]);
      if (span)
        report(span, `Binds ${t.object.roleRef.kind} ${t.object.roleRef.name} to ${t.object.subjects[risk.subject].name}: ${risk.why}.`, {
          severity: risk.severity,
        });
    }
  },
};
