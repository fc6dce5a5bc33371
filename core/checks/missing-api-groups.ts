// E007: a resource rule needs at least one apiGroup ("" is the core group).

import { isPair, isScalar } from "yaml";
import type { Check } from "./context";
import { anchorSpan, isMistyped, rulesOf } from "./support/target";
import { insertMapEntry, pairOf } from "./support/yaml";
import type { Fix } from "./context";

export const missingApiGroups: Check = {
  code: "missing-api-groups",
  defaultSeverity: "error",
  title: "Resource rule without apiGroups",
  object(t, report) {
    for (const r of rulesOf(t)) {
      const { rule } = r;
      if (rule.nonResourceURLs.length > 0 || rule.apiGroups.length > 0) continue;
      if (isMistyped(t, [...r.path, "apiGroups"], "seq")) continue;
      // `apigroups:` / `apiGroup:` is reported (with its rename) by unknown-field.
      if (
        r.node?.items.some(
          (p) => isPair(p) && isScalar(p.key) && /^apigroups?$/i.test(String(p.key.value)) && String(p.key.value) !== "apiGroups",
        )
      )
        continue;
      const fixes: Fix[] = [];
      // Only when the field is absent: an explicit empty list is edited by hand.
      if (r.node && !pairOf(t.yaml, r.node, "apiGroups")) {
        const edit = insertMapEntry(t.file.text, r.node, "apiGroups", '[""]');
        if (edit) fixes.push({ title: 'Add apiGroups: [""] (the core group)', edits: [edit] });
      }
      report(
        anchorSpan(t, [...r.path, "apiGroups"]),
        `rules[${r.index}] has no apiGroups: the API server rejects it ("resource rules must supply at least one api group"). Use [""] for the core group (pods, secrets, configmaps…).`,
        { fixes },
      );
    }
  },
};
