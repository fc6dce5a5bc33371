// E017: subject kind is exactly User, Group or ServiceAccount (case-sensitive).

import type { Check, Fix } from "./context";
import { anchorSpan, subjectsOf, valueSpan } from "./support/target";

const KINDS = ["User", "Group", "ServiceAccount"];
const ALIASES: Record<string, string> = { sa: "ServiceAccount", serviceaccounts: "ServiceAccount", users: "User", groups: "Group" };

export const invalidSubjectKind: Check = {
  code: "invalid-subject-kind",
  defaultSeverity: "error",
  title: "Subject kind is not User, Group or ServiceAccount",
  object(t, report) {
    for (const s of subjectsOf(t)) {
      const kind = s.subject.kind;
      if (KINDS.includes(kind)) continue;
      const span = valueSpan(t, [...s.path, "kind"]) ?? anchorSpan(t, [...s.path, "kind"]);
      const meant = KINDS.find((k) => k.toLowerCase() === kind.toLowerCase()) ?? ALIASES[kind.toLowerCase()];
      const fixes: Fix[] = meant && kind !== "" ? [{ title: `Use ${meant}`, edits: [{ span, newText: meant }] }] : [];
      const msg =
        kind === ""
          ? `subjects[${s.index}] has no kind: the API server rejects the binding (User, Group or ServiceAccount).`
          : `Subject kind "${kind}" is not supported (case-sensitive: User, Group or ServiceAccount): the API server rejects the binding.`;
      report(span, msg, { fixes });
    }
  },
};
