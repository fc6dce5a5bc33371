// Values of the wrong type (`verbs: get`, `name: 1234`, `labels: [a]`): the API server cannot decode them.

import type { Check } from "./context";
import { schemaProblems } from "./support/schema";

export const wrongType: Check = {
  code: "wrong-type",
  defaultSeverity: "error",
  title: "Value of the wrong type",
  object(t, report) {
    for (const p of schemaProblems(t)) {
      if (p.code !== "wrong-type") continue;
      const fixes = p.suggestion
        ? [
            {
              title: p.suggestion.startsWith("[") ? `Make it a list: ${p.suggestion}` : `Quote it: ${p.suggestion}`,
              edits: [{ span: p.span, newText: p.suggestion }],
            },
          ]
        : [];
      report(p.span, p.message, { fixes });
    }
  },
};
