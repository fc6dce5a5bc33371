// W076: `pods/*` and `*/*` are literal: they match a subresource named "*", i.e. nothing.

import type { Check } from "./context";
import { rulesOf, valueSpan } from "./support/target";

export const subresourceWildcard: Check = {
  code: "subresource-wildcard",
  defaultSeverity: "warning",
  title: "Resource written as x/* or */*",
  object(t, report) {
    for (const r of rulesOf(t)) {
      r.rule.resources.forEach((x, i) => {
        if (!x.endsWith("/*")) return;
        const span = valueSpan(t, [...r.path, "resources", i]);
        if (!span) return;
        const parent = x.slice(0, -2);
        report(
          span,
          `"${x}" is not a wildcard: RBAC matches it literally (a subresource named "*"), so it grants nothing. ${parent === "*" ? `Use "*" for every resource and subresource` : `List the subresources (e.g. "${parent}/log"), or use "*/<sub>" for one subresource of every resource`}.`,
        );
      });
    }
  },
};
