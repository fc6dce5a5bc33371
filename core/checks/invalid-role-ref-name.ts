// E014: roleRef.name is required and must be a path segment name.

import type { Check } from "./context";
import { anchorSpan, has, isBindingTarget, pathSegmentProblem, valueSpan } from "./support/target";

export const invalidRoleRefName: Check = {
  code: "invalid-role-ref-name",
  defaultSeverity: "error",
  title: "roleRef.name empty or invalid",
  object(t, report) {
    if (!isBindingTarget(t) || !has(t, ["roleRef"])) return;
    const { kind, name } = t.object.roleRef;
    if (kind === "" && name === "") return; // missing-role-ref
    if (name === "") {
      report(
        valueSpan(t, ["roleRef", "name"]) ?? anchorSpan(t, ["roleRef", "name"]),
        `roleRef.name is missing: the API server rejects the binding.`,
      );
      return;
    }
    const problem = pathSegmentProblem(name);
    const span = valueSpan(t, ["roleRef", "name"]);
    if (problem && span) report(span, `roleRef.name "${name}" ${problem}: the API server rejects the binding.`);
  },
};
