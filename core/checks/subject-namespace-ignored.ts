// W046: User and Group subjects have no namespace; the field is accepted and ignored.

import type { Check } from "./context";
import { subjectsOf, valueSpan } from "./support/target";

export const subjectNamespaceIgnored: Check = {
  code: "subject-namespace-ignored",
  defaultSeverity: "warning",
  title: "namespace on a User or Group subject",
  object(t, report) {
    for (const s of subjectsOf(t)) {
      const { kind, namespace } = s.subject;
      if ((kind !== "User" && kind !== "Group") || namespace === "") continue;
      const span = valueSpan(t, [...s.path, "namespace"]);
      if (span)
        report(
          span,
          `A ${kind} is not namespaced: this namespace is ignored, and the ${kind} gets the binding's permissions${t.object.kind === "ClusterRoleBinding" ? " in every namespace" : ""} regardless.`,
        );
    }
  },
};
