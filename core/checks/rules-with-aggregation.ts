// W087: the aggregation controller overwrites the rules of a ClusterRole that has an aggregationRule.

import type { Check } from "./context";
import { isRole } from "../model";
import { keySpan } from "./support/target";

export const rulesWithAggregation: Check = {
  code: "rules-with-aggregation",
  defaultSeverity: "warning",
  title: "rules next to an aggregationRule",
  object(t, report) {
    if (!isRole(t.object) || !t.object.aggregationRule || t.object.rules.length === 0) return;
    const span = keySpan(t, ["rules"]);
    if (span)
      report(
        span,
        `This ClusterRole has an aggregationRule: the controller replaces these hand-written rules with the rules of the selected ClusterRoles, so they will disappear.`,
      );
  },
};
