// W082: a verb the resource does not support per discovery (`watch` on pods/log, `list` on pods/exec).
// Harmless but dead: the permission can never be exercised. Hint level.

import { isKnownVerb } from "../catalog";
import type { Check } from "./context";
import { judgeResource } from "./support/resources";
import { rulesOf, valueSpan } from "./support/target";

export const unsupportedVerb: Check = {
  code: "unsupported-verb",
  defaultSeverity: "hint",
  title: "Verb the resource does not support",
  object(t, report) {
    const catalog = t.ctx.catalog;
    if (!catalog) return;
    for (const r of rulesOf(t)) {
      if (r.rule.nonResourceURLs.length > 0 || r.rule.resources.includes("*")) continue;
      const infos = r.rule.resources.flatMap((res) => {
        const v = judgeResource(catalog, r.rule, res);
        return v?.kind === "ok" ? v.groups.map((g) => catalog.lookup(g, res)).filter((x) => x !== undefined) : [];
      });
      if (infos.length === 0 || infos.length < r.rule.resources.length) continue;
      r.rule.verbs.forEach((verb, i) => {
        if (verb === "*" || !isKnownVerb(verb)) return;
        if (infos.some((info) => info.verbs.includes(verb))) return;
        const span = valueSpan(t, [...r.path, "verbs", i]);
        if (span)
          report(span, `No resource of this rule supports "${verb}" (${r.rule.resources.join(", ")}): this verb is never exercised.`);
      });
    }
  },
};
