// W078: API group names never carry versions, and the core group is "" (not "core", not "v1").

import type { Check } from "./context";
import { rulesOf, valueSpan } from "./support/target";

/** The group an author meant, or undefined when the entry looks fine. */
export function intendedGroup(g: string): string | undefined {
  if (g === "core" || g === "v1" || g === "core/v1") return "";
  const m = /^([a-z0-9.-]*)\/(v\d+((alpha|beta)\d+)?)$/.exec(g);
  if (m) return m[1];
  return undefined;
}

export const invalidApiGroup: Check = {
  code: "invalid-api-group",
  defaultSeverity: "warning",
  title: 'API group written with a version, or the core group as "core"/"v1"',
  object(t, report) {
    for (const r of rulesOf(t)) {
      r.rule.apiGroups.forEach((g, i) => {
        const meant = intendedGroup(g);
        if (meant === undefined) return;
        const span = valueSpan(t, [...r.path, "apiGroups", i]);
        if (!span) return;
        const what = meant === "" ? 'the core group is written ""' : `API groups have no version: use "${meant}"`;
        report(span, `No API group is called "${g}" (${what}), so this rule never matches anything.`, {
          fixes: [{ title: `Use ${JSON.stringify(meant)}`, edits: [{ span, newText: JSON.stringify(meant) }] }],
        });
      });
    }
  },
};
