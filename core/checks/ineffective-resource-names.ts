// W070–W072: resourceNames only restrict requests that carry a name. list/watch carry one only with a
// metadata.name field selector; POST create (top-level) and deletecollection never do.

import type { Check } from "./context";
import { rulesOf, valueSpan } from "./support/target";

export const ineffectiveResourceNames: Check = {
  code: "ineffective-resource-names",
  defaultSeverity: "warning",
  title: "resourceNames with verbs whose requests carry no name",
  object(t, report) {
    for (const r of rulesOf(t)) {
      const { rule } = r;
      if (rule.resourceNames.length === 0) continue;
      const topLevel = rule.resources.some((x) => !x.includes("/"));
      rule.verbs.forEach((v, i) => {
        let why: string | undefined;
        if (v === "list" || v === "watch")
          why = `"${v}" requests carry a name only with fieldSelector=metadata.name=…; a plain \`kubectl get\` of the collection is refused`;
        else if (v === "deletecollection") why = `"deletecollection" requests never carry a name, so this verb is never granted`;
        else if (v === "create" && topLevel)
          why = `creating an object with POST carries no name, so "create" is granted only for server-side apply / create-on-update`;
        if (!why) return;
        const span = valueSpan(t, [...r.path, "verbs", i]);
        if (span) report(span, `resourceNames limits this rule to named requests: ${why}.`);
      });
    }
  },
};
