// E026: fields that do not exist in the RBAC schema. kubectl's default strict validation rejects them;
// a lenient apply drops them silently (a misspelt `resourceName` then widens the rule to every name).

import type { Check } from "./context";
import { schemaProblems } from "./support/schema";

export const unknownField: Check = {
  code: "unknown-field",
  defaultSeverity: "error",
  title: "Unknown field in an RBAC object",
  object(t, report) {
    for (const p of schemaProblems(t)) {
      if (p.code !== "unknown-field") continue;
      const fixes = p.suggestion ? [{ title: `Rename to ${p.suggestion}`, edits: [{ span: p.span, newText: p.suggestion }] }] : [];
      report(p.span, p.message, { fixes, data: p.suggestion ? { suggestion: p.suggestion } : undefined });
    }
  },
};
