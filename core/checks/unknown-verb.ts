// W081: verbs are exact lower-case strings; `GET`, `lsit`, `read`, `all`, `""` never match a request.

import { builtInCatalog, effectiveGroup, isKnownVerb, judgeGroup, suggestVerb } from "../catalog";
import type { Check, Fix } from "./context";
import type { ObjectTarget } from "./context";
import { rulesOf, valueSpan } from "./support/target";
import { yamlStringLike } from "./support/yaml";

/** True when a rule may name a custom resource, whose operators may check custom verbs. */
function customGroups(t: ObjectTarget, groups: readonly string[]): boolean {
  const c = t.ctx.catalog ?? builtInCatalog();
  return groups.some((g) => g === "*" || (c.groupInfo(effectiveGroup(c, g)) === undefined && judgeGroup(c, g).kind === "custom"));
}

export const unknownVerb: Check = {
  code: "unknown-verb",
  defaultSeverity: "warning",
  title: "Unknown verb",
  object(t, report) {
    for (const r of rulesOf(t)) {
      r.rule.verbs.forEach((v, i) => {
        if (isKnownVerb(v)) return;
        const span = valueSpan(t, [...r.path, "verbs", i]);
        if (!span) return;
        const s = suggestVerb(v);
        // Custom verbs are legitimate on CRD groups (checked by the operator with SubjectAccessReviews):
        // there only a case slip or a one-letter typo of a standard verb is reported.
        const sure = s.why === "case" || (s.why === "typo" && s.verbs.length === 1 && v.length >= 4);
        if (v !== "" && !sure && customGroups(t, r.rule.apiGroups)) return;
        const written = t.file.text.slice(span.start, span.end);
        const fixes: Fix[] =
          s.why === "case" || s.why === "typo"
            ? s.verbs.slice(0, 3).map((w) => ({ title: `Use ${w}`, edits: [{ span, newText: yamlStringLike(w, written) }] }))
            : [];
        const hint =
          s.why === "case"
            ? ` (did you mean "${s.verbs[0]}"? verbs are case-sensitive)`
            : s.why === "typo"
              ? ` (did you mean ${s.verbs.map((w) => `"${w}"`).join(" or ")}?)`
              : s.why === "confusion"
                ? ` (RBAC has no "${v}"; list the verbs, e.g. ${s.verbs.join(", ")})`
                : "";
        report(
          span,
          v === ""
            ? `An empty verb matches no request: this entry grants nothing.`
            : `"${v}" is not a Kubernetes verb${hint}: it matches no request, so this entry grants nothing.`,
          { fixes, data: s.verbs.length > 0 ? { suggestion: s.verbs[0] } : undefined },
        );
      });
    }
  },
};
