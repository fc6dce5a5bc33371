// W073 / W074: resourceNames are literal. "*" is not a wildcard, and "" matches every nameless request.

import type { Check } from "./context";
import { rulesOf, valueSpan } from "./support/target";

export const suspiciousResourceName: Check = {
  code: "suspicious-resource-name",
  defaultSeverity: "warning",
  title: 'resourceNames entry "" or "*"',
  object(t, report) {
    for (const r of rulesOf(t)) {
      r.rule.resourceNames.forEach((n, i) => {
        if (n !== "" && n !== "*") return;
        const span = valueSpan(t, [...r.path, "resourceNames", i]);
        if (!span) return;
        report(
          span,
          n === ""
            ? `resourceNames "" matches every request without a name (list, watch, create, deletecollection): probably not what was meant.`
            : `resourceNames "*" is literal (there is no wildcard for names): it only matches an object named "*". Remove resourceNames to allow every name.`,
        );
      });
    }
  },
};
