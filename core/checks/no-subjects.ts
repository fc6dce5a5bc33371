// W050: a binding with no subjects grants nothing.

import type { Check } from "./context";
import { anchorSpan, isBindingTarget } from "./support/target";

export const noSubjects: Check = {
  code: "no-subjects",
  defaultSeverity: "warning",
  title: "Binding without subjects",
  object(t, report) {
    if (!isBindingTarget(t) || t.object.subjects.length > 0) return;
    report(anchorSpan(t, ["subjects"]), `${t.object.kind} "${t.object.metadata.name}" has no subjects: it grants nothing to anyone.`);
  },
};
