// E018 / E021: a ServiceAccount subject has no apiGroup; User and Group subjects use rbac.authorization.k8s.io
// (an empty apiGroup is defaulted, so it is fine).

import { RBAC_GROUP } from "../model";
import type { Check } from "./context";
import { subjectsOf, valueSpan } from "./support/target";

export const invalidSubjectApiGroup: Check = {
  code: "invalid-subject-api-group",
  defaultSeverity: "error",
  title: "Subject apiGroup does not fit its kind",
  object(t, report) {
    for (const s of subjectsOf(t)) {
      const { kind, apiGroup } = s.subject;
      const span = valueSpan(t, [...s.path, "apiGroup"]);
      if (!span) continue;
      if (kind === "ServiceAccount" && apiGroup !== "") {
        report(
          span,
          `A ServiceAccount subject must not have an apiGroup (ServiceAccounts are in the core group): the API server rejects "${apiGroup}".`,
          {
            fixes: [{ title: 'Use apiGroup ""', edits: [{ span, newText: '""' }] }],
          },
        );
      } else if ((kind === "User" || kind === "Group") && apiGroup !== RBAC_GROUP) {
        report(span, `A ${kind} subject's apiGroup must be ${RBAC_GROUP}: the API server rejects "${apiGroup}".`, {
          fixes: [{ title: `Use ${RBAC_GROUP}`, edits: [{ span, newText: RBAC_GROUP }] }],
        });
      }
    }
  },
};
