// W084: non-resource requests use the lower-cased HTTP method as verb.

import { isKnownVerb, NON_RESOURCE_VERBS } from "../catalog";
import type { Check } from "./context";
import { rulesOf, valueSpan } from "./support/target";

export const nonResourceVerb: Check = {
  code: "non-resource-verb",
  defaultSeverity: "warning",
  title: "Non-HTTP verb on nonResourceURLs",
  object(t, report) {
    for (const r of rulesOf(t)) {
      if (r.rule.nonResourceURLs.length === 0) continue;
      r.rule.verbs.forEach((v, i) => {
        if (v === "*" || NON_RESOURCE_VERBS.includes(v) || !isKnownVerb(v)) return; // unknown-verb reports typos
        const span = valueSpan(t, [...r.path, "verbs", i]);
        if (span)
          report(
            span,
            `"${v}" is not an HTTP method: requests to non-resource URLs use get, post, put, patch, delete, head or options, so this verb never matches here.`,
          );
      });
    }
  },
};
