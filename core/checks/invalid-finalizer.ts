// E029: metadata.finalizers must be qualified names (ValidateFinalizers), and "orphan" and
// "foregroundDeletion" may not both be set; the API server rejects the whole object otherwise.

import type { Check } from "./context";
import { qualifiedNameProblem } from "./support/labels";
import { itemSpan, keySpan, plainAt } from "./support/target";

export const invalidFinalizer: Check = {
  code: "invalid-finalizer",
  defaultSeverity: "error",
  title: "Finalizer name the API server rejects",
  object(t, report) {
    const { value } = plainAt(t, ["metadata", "finalizers"]);
    if (!Array.isArray(value)) return;
    const rejected = `the API server rejects the ${t.object.kind}`;
    value.forEach((f, i) => {
      if (typeof f !== "string") return;
      const problem = qualifiedNameProblem(f, "a finalizer name");
      if (problem) report(itemSpan(t, ["metadata"], "finalizers", i), `Invalid finalizer "${f}": ${problem}; ${rejected}.`);
    });
    if (value.includes("orphan") && value.includes("foregroundDeletion")) {
      const s = keySpan(t, ["metadata", "finalizers"]);
      if (s) report(s, `The finalizers "orphan" and "foregroundDeletion" cannot both be set; ${rejected}.`);
    }
  },
};
