// E019: a ServiceAccount subject name must be a DNS-1123 subdomain.

import type { Check } from "./context";
import { isDns1123Subdomain, subjectsOf, valueSpan } from "./support/target";

export const invalidServiceAccountName: Check = {
  code: "invalid-service-account-name",
  defaultSeverity: "error",
  title: "ServiceAccount subject name is not a valid ServiceAccount name",
  object(t, report) {
    for (const s of subjectsOf(t)) {
      const { kind, name } = s.subject;
      if (kind !== "ServiceAccount" || name === "" || isDns1123Subdomain(name)) continue;
      const span = valueSpan(t, [...s.path, "name"]);
      if (!span) continue;
      const hint = name.startsWith("system:serviceaccount:")
        ? ` Write the ServiceAccount's own name (and its namespace in \`namespace\`), not its user name.`
        : "";
      report(
        span,
        `"${name}" is not a valid ServiceAccount name (lower-case letters, digits, "-" and "."): the API server rejects the binding.${hint}`,
      );
    }
  },
};
