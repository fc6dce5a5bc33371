// E016: every subject needs a name.

import type { Check } from "./context";
import { anchorSpan, subjectsOf, valueSpan } from "./support/target";

export const missingSubjectName: Check = {
  code: "missing-subject-name",
  defaultSeverity: "error",
  title: "Subject without a name",
  object(t, report) {
    for (const s of subjectsOf(t)) {
      if (s.subject.name !== "") continue;
      report(
        valueSpan(t, [...s.path, "name"]) ?? anchorSpan(t, [...s.path, "name"]),
        `subjects[${s.index}] has no name: the API server rejects the binding.`,
      );
    }
  },
};
