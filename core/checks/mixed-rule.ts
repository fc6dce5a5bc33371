// E006: a rule is either a resource rule or a non-resource rule, never both.

import { isSeq } from "yaml";
import { PolicyRule } from "../model";
import type { Check, Fix } from "./context";
import { keySpan, node, rulesOf } from "./support/target";
import { replaceSeqItem, yamlString } from "./support/yaml";

function flowList(xs: readonly string[]): string {
  return `[${xs.map((x) => yamlString(x)).join(", ")}]`;
}

/** The two halves of a mixed rule, as flow maps (valid both in block and in flow lists). */
export function splitRule(rule: PolicyRule): [string, string] {
  const res = [`verbs: ${flowList(rule.verbs)}`, `apiGroups: ${flowList(rule.apiGroups)}`, `resources: ${flowList(rule.resources)}`];
  if (rule.resourceNames.length > 0) res.push(`resourceNames: ${flowList(rule.resourceNames)}`);
  return [`{${res.join(", ")}}`, `{verbs: ${flowList(rule.verbs)}, nonResourceURLs: ${flowList(rule.nonResourceURLs)}}`];
}

export const mixedRule: Check = {
  code: "mixed-rule",
  defaultSeverity: "error",
  title: "Rule mixing resources and nonResourceURLs",
  object(t, report) {
    for (const r of rulesOf(t)) {
      const { rule } = r;
      if (rule.nonResourceURLs.length === 0) continue;
      if (rule.apiGroups.length === 0 && rule.resources.length === 0 && rule.resourceNames.length === 0) continue;
      if (t.object.kind === "Role") continue; // namespaced-non-resource-urls already rejects the rule
      const span = keySpan(t, [...r.path, "nonResourceURLs"]);
      if (!span) continue;
      const fixes: Fix[] = [];
      const seq = node(t, ["rules"]);
      if (isSeq(seq) && r.node) {
        const edit = replaceSeqItem(t.file.text, seq, r.node, splitRule(rule));
        if (edit) fixes.push({ title: "Split into a resource rule and a nonResourceURLs rule", edits: [edit] });
      }
      report(
        span,
        `rules[${r.index}] has both nonResourceURLs and apiGroups/resources/resourceNames: the API server rejects it ("rules cannot apply to both regular resources and non-resource URLs").`,
        { fixes },
      );
    }
  },
};
