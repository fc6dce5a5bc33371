// E008: a resource rule needs at least one resource.

import type { Check } from "./context";
import { anchorSpan, isMistyped, rulesOf } from "./support/target";

export const missingResources: Check = {
  code: "missing-resources",
  defaultSeverity: "error",
  title: "Resource rule without resources",
  object(t, report) {
    for (const r of rulesOf(t)) {
      const { rule } = r;
      if (rule.nonResourceURLs.length > 0 || rule.resources.length > 0) continue;
      if (isMistyped(t, [...r.path, "resources"], "seq")) continue;
      report(
        anchorSpan(t, [...r.path, "resources"]),
        `rules[${r.index}] has no resources: the API server rejects it ("resource rules must supply at least one resource").`,
      );
    }
  },
};
