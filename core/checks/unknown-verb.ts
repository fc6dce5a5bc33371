// W081: verbs are exact lower-case strings; `GET`, `read`, `all`, `""` never match a request.

import { isKnownVerb } from "../catalog";
import type { Check, Fix } from "./context";
import { rulesOf, valueSpan } from "./support/target";
import { yamlStringLike } from "./support/yaml";

const MEANT: Record<string, string[]> = {
  read: ["get", "list", "watch"],
  view: ["get", "list", "watch"],
  write: ["create", "update", "patch", "delete"],
  edit: ["create", "update", "patch", "delete"],
  all: ["*"],
  any: ["*"],
  modify: ["update", "patch"],
};

function customGroups(t: { ctx: { catalog?: { groupInfo(g: string): unknown } } }, groups: readonly string[]): boolean {
  const c = t.ctx.catalog;
  return groups.some((g) => g === "*" || (c ? c.groupInfo(g) === undefined : g !== ""));
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
        const lower = v.trim().toLowerCase();
        const caseSlip = lower !== v && isKnownVerb(lower);
        // Custom verbs are legitimate on CRD groups (checked by the operator with SubjectAccessReviews).
        if (v !== "" && !caseSlip && customGroups(t, r.rule.apiGroups)) return;
        const fixes: Fix[] = [];
        if (lower !== v && isKnownVerb(lower))
          fixes.push({ title: `Use ${lower}`, edits: [{ span, newText: yamlStringLike(lower, t.file.text.slice(span.start, span.end)) }] });
        const meant = MEANT[lower];
        const hint =
          lower !== v && isKnownVerb(lower)
            ? ` (did you mean "${lower}"? verbs are case-sensitive)`
            : meant
              ? ` (RBAC has no "${v}"; list the verbs, e.g. ${meant.join(", ")})`
              : "";
        report(
          span,
          v === ""
            ? `An empty verb matches no request: this entry grants nothing.`
            : `"${v}" is not a Kubernetes verb${hint}: it matches no request, so this entry grants nothing.`,
          { fixes },
        );
      });
    }
  },
};
