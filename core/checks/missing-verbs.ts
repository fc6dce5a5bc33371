// E004: a rule with no verbs is rejected ("verbs must contain at least one value").

import type { Check } from "./context";
import { anchorSpan, isMistyped, rulesOf } from "./support/target";

export const missingVerbs: Check = {
  code: "missing-verbs",
  defaultSeverity: "error",
  title: "Rule without verbs",
  object(t, report) {
    for (const r of rulesOf(t)) {
      if (r.rule.verbs.length > 0 || isMistyped(t, [...r.path, "verbs"], "seq")) continue;
      report(
        anchorSpan(t, [...r.path, "verbs"]),
        `rules[${r.index}] has no verbs: the API server rejects it ("verbs must contain at least one value").`,
      );
    }
  },
};
