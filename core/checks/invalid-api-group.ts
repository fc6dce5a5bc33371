// W078: an API group that cannot exist. Groups never carry versions, the core group is "" (not "core",
// not "v1"), a group without a dot that is not built in cannot be a CustomResourceDefinition's group, and
// a near-miss of a served group (`app`) is a typo. Dotted groups the catalog does not know stay quiet.

import { builtInCatalog, judgeGroup } from "../catalog";
import type { Check, Fix } from "./context";
import { rulesOf, valueSpan } from "./support/target";

export const invalidApiGroup: Check = {
  code: "invalid-api-group",
  defaultSeverity: "warning",
  title: 'API group that cannot exist (with a version, "core", or a misspelt built-in group)',
  object(t, report) {
    const catalog = t.ctx.catalog ?? builtInCatalog();
    for (const r of rulesOf(t)) {
      r.rule.apiGroups.forEach((g, i) => {
        const v = judgeGroup(catalog, g);
        if (v.kind === "known" || v.kind === "custom") return;
        const span = valueSpan(t, [...r.path, "apiGroups", i]);
        if (!span) return;
        const what =
          v.kind === "impossible"
            ? "it is not built in, and a custom resource's group always has a dot"
            : v.why === "core"
              ? 'the core group is written ""'
              : v.why === "version"
                ? `API groups have no version: use "${v.group}"`
                : `did you mean "${v.group}"?`;
        const outcome = r.rule.apiGroups.length === 1 ? "this rule never matches anything" : "this entry matches nothing";
        const fixes: Fix[] =
          v.kind === "meant" ? [{ title: `Use ${JSON.stringify(v.group)}`, edits: [{ span, newText: JSON.stringify(v.group) }] }] : [];
        report(span, `No API group is called "${g}" (${what}), so ${outcome}.`, {
          fixes,
          data: v.kind === "meant" ? { suggestion: v.group } : undefined,
        });
      });
    }
  },
};
