// roleRef is required on every binding.

import type { Check } from "./context";
import { has, isBindingTarget, isMistyped, valueSpan } from "./support/target";

export const missingRoleRef: Check = {
  code: "missing-role-ref",
  defaultSeverity: "error",
  title: "Binding without roleRef",
  object(t, report) {
    if (!isBindingTarget(t)) return;
    const present = has(t, ["roleRef"]);
    if (present && isMistyped(t, ["roleRef"], "map")) return;
    const ref = t.object.roleRef;
    if (present && (ref.kind !== "" || ref.name !== "")) return;
    const span = (present ? valueSpan(t, ["roleRef"]) : undefined) ?? valueSpan(t, ["kind"]) ?? t.source.span;
    report(
      span,
      `${t.object.kind} "${t.object.metadata.name}" has no roleRef: the API server rejects it. A binding must name the Role or ClusterRole it grants.`,
    );
  },
};
