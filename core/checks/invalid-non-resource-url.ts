// W083: non-resource URLs are absolute paths; only a trailing "*" is a glob.

import type { Check } from "./context";
import { rulesOf, valueSpan } from "./support/target";

export const invalidNonResourceUrl: Check = {
  code: "invalid-non-resource-url",
  defaultSeverity: "warning",
  title: "nonResourceURL without a leading / or with an inner *",
  object(t, report) {
    for (const r of rulesOf(t)) {
      r.rule.nonResourceURLs.forEach((u, i) => {
        if (u === "*") return;
        const span = valueSpan(t, [...r.path, "nonResourceURLs", i]);
        if (!span) return;
        if (!u.startsWith("/")) {
          report(span, `"${u}" does not start with "/": request paths always do, so this entry never matches. Use "/${u}".`, {
            fixes: [{ title: `Use /${u}`, edits: [{ span, newText: JSON.stringify("/" + u) }] }],
          });
        } else if (u.replace(/\*+$/, "").includes("*")) {
          report(span, `Only a trailing "*" is a wildcard in nonResourceURLs: the inner "*" in "${u}" is matched literally.`);
        }
      });
    }
  },
};
