// E005: nonResourceURLs are cluster-scoped; a Role may not carry them.

import type { Check } from "./context";
import { keySpan, rulesOf } from "./support/target";

export const namespacedNonResourceUrls: Check = {
  code: "namespaced-non-resource-urls",
  defaultSeverity: "error",
  title: "nonResourceURLs in a Role",
  object(t, report) {
    if (t.object.kind !== "Role") return;
    for (const r of rulesOf(t)) {
      if (r.rule.nonResourceURLs.length === 0) continue;
      const span = keySpan(t, [...r.path, "nonResourceURLs"]);
      if (span)
        report(
          span,
          `A Role cannot grant nonResourceURLs: the API server rejects it ("namespaced rules cannot apply to non-resource URLs"). Move the rule to a ClusterRole bound by a ClusterRoleBinding.`,
        );
    }
  },
};
