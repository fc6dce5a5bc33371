// E002 (second half): RBAC names are path segment names: anything but ".", "..", "/" and "%".
// Upper case, ":" (system:foo) and spaces are all accepted, so they are not flagged.

import type { Check } from "./context";
import { pathSegmentProblem, valueSpan } from "./support/target";

export const invalidName: Check = {
  code: "invalid-name",
  defaultSeverity: "error",
  title: "RBAC object name the API server rejects",
  object(t, report) {
    const name = t.object.metadata.name;
    const problem = name === "" ? undefined : pathSegmentProblem(name);
    if (!problem) return;
    const span = valueSpan(t, ["metadata", "name"]);
    if (span) report(span, `The name "${name}" is invalid: an RBAC object name ${problem}, so the API server rejects it.`);
  },
};
