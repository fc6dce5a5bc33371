// E027: metadata.labels must hold valid label keys and values (ValidateLabels in ObjectMeta
// validation); the API server rejects the whole object otherwise.

import type { Check } from "./context";
import { labelKeyProblem, labelValueProblem } from "./support/labels";
import { keySpan, valueSpan } from "./support/target";

export const invalidLabel: Check = {
  code: "invalid-label",
  defaultSeverity: "error",
  title: "Label key or value the API server rejects",
  object(t, report) {
    const rejected = `the API server rejects the ${t.object.kind}`;
    for (const [k, v] of Object.entries(t.object.metadata.labels)) {
      const kp = labelKeyProblem(k);
      if (kp) {
        const s = keySpan(t, ["metadata", "labels", k]);
        if (s) report(s, `Invalid label key "${k}": ${kp}; ${rejected}.`);
      }
      const vp = typeof v === "string" ? labelValueProblem(v) : undefined;
      if (vp) {
        const s = valueSpan(t, ["metadata", "labels", k]);
        if (s) report(s, `Invalid label value "${v}": ${vp}; ${rejected}.`);
      }
    }
  },
};
