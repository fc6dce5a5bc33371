// E030: metadata.generateName is validated with the same rule as the name (the API server does not
// relax it for a prefix): for RBAC objects, not "." or "..", and no "/" or "%".

import type { Check } from "./context";
import { pathSegmentProblem, plainAt, valueSpan } from "./support/target";

export const invalidGenerateName: Check = {
  code: "invalid-generate-name",
  defaultSeverity: "error",
  title: "generateName the API server rejects",
  object(t, report) {
    const { value } = plainAt(t, ["metadata", "generateName"]);
    if (typeof value !== "string" || value === "") return;
    const problem = pathSegmentProblem(value);
    if (!problem) return;
    const span = valueSpan(t, ["metadata", "generateName"]);
    if (span)
      report(
        span,
        `The generateName "${value}" is invalid: an RBAC object name ${problem}, so the API server rejects the ${t.object.kind}.`,
      );
  },
};
