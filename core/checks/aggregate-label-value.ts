// W088: the default admin/edit/view roles select aggregate-to-* labels with the exact value "true".

import type { Check } from "./context";
import { valueSpan } from "./support/target";

const KEY = /^rbac\.authorization\.k8s\.io\/aggregate-to-(admin|edit|view)$/;

export const aggregateLabelValue: Check = {
  code: "aggregate-label-value",
  defaultSeverity: "warning",
  title: 'aggregate-to-* label whose value is not "true"',
  object(t, report) {
    if (t.object.kind !== "ClusterRole") return;
    for (const [k, v] of Object.entries(t.object.metadata.labels)) {
      const m = KEY.exec(k);
      if (!m || v === "true") continue;
      const span = valueSpan(t, ["metadata", "labels", k]);
      if (span)
        report(
          span,
          `The ${m[1]} role selects ${k}: "true" exactly (case-sensitive), so with "${v}" this ClusterRole is not aggregated into ${m[1]}.`,
          {
            fixes: [{ title: 'Use "true"', edits: [{ span, newText: '"true"' }] }],
          },
        );
    }
  },
};
