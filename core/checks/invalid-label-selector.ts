// E010: every clusterRoleSelector must be a valid label selector.

import type { Check } from "./context";
import { isRole } from "../model";
import { labelKeyProblem, labelValueProblem } from "./support/labels";
import { anchorSpan, keySpan, valueSpan } from "./support/target";

export const invalidLabelSelector: Check = {
  code: "invalid-label-selector",
  defaultSeverity: "error",
  title: "Invalid label selector in an aggregationRule",
  object(t, report) {
    if (!isRole(t.object) || !t.object.aggregationRule) return;
    t.object.aggregationRule.clusterRoleSelectors.forEach((sel, i) => {
      const base = ["aggregationRule", "clusterRoleSelectors", i];
      const rejected = "the API server rejects the ClusterRole";
      for (const [k, v] of Object.entries(sel.matchLabels)) {
        const kp = labelKeyProblem(k);
        if (kp) {
          const s = keySpan(t, [...base, "matchLabels", k]);
          if (s) report(s, `Invalid label key "${k}": ${kp}; ${rejected}.`);
        }
        const vp = labelValueProblem(v);
        if (vp) {
          const s = valueSpan(t, [...base, "matchLabels", k]);
          if (s) report(s, `Invalid label value "${v}": ${vp}; ${rejected}.`);
        }
      }
      sel.matchExpressions.forEach((req, j) => {
        const p = [...base, "matchExpressions", j];
        const kp = labelKeyProblem(req.key);
        if (kp) report(valueSpan(t, [...p, "key"]) ?? anchorSpan(t, p), `Invalid label key "${req.key}": ${kp}; ${rejected}.`);
        const opSpan = valueSpan(t, [...p, "operator"]) ?? anchorSpan(t, p);
        switch (req.operator) {
          case "In":
          case "NotIn":
            if (req.values.length === 0) report(opSpan, `Operator ${req.operator} needs at least one value; ${rejected}.`);
            break;
          case "Exists":
          case "DoesNotExist":
            if (req.values.length > 0)
              report(valueSpan(t, [...p, "values"]) ?? opSpan, `Operator ${req.operator} takes no values; ${rejected}.`);
            break;
          default:
            report(
              opSpan,
              `"${req.operator}" is not a label selector operator (In, NotIn, Exists, DoesNotExist; case-sensitive); ${rejected}.`,
            );
        }
        req.values.forEach((v, k) => {
          const vp = labelValueProblem(v);
          if (vp) report(valueSpan(t, [...p, "values", k]) ?? opSpan, `Invalid label value "${v}": ${vp}; ${rejected}.`);
        });
      });
    });
  },
};
