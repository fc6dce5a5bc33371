// E009: an aggregationRule needs at least one clusterRoleSelector.

import type { Check } from "./context";
import { has, keySpan } from "./support/target";
import { isRole } from "../model";

export const emptyAggregationRule: Check = {
  code: "empty-aggregation-rule",
  defaultSeverity: "error",
  title: "aggregationRule without clusterRoleSelectors",
  object(t, report) {
    if (t.object.kind !== "ClusterRole" || !isRole(t.object)) return;
    const agg = t.object.aggregationRule;
    if (!agg || agg.clusterRoleSelectors.length > 0) return;
    const span = keySpan(
      t,
      has(t, ["aggregationRule", "clusterRoleSelectors"]) ? ["aggregationRule", "clusterRoleSelectors"] : ["aggregationRule"],
    );
    if (span)
      report(
        span,
        `The aggregationRule has no clusterRoleSelectors: the API server rejects it ("at least one clusterRoleSelector required if aggregationRule is non-nil"). Remove aggregationRule or add a selector.`,
      );
  },
};
