// W077: a resource that does not exist in the rule's (built-in) API groups: `pod`, `Pods`, `pods/logs`.
// Accepted by the API server; matches no request.

import type { Check, Fix } from "./context";
import { judgedResources } from "./support/resources";
import { yamlStringLike } from "./support/yaml";

export const unknownResource: Check = {
  code: "unknown-resource",
  defaultSeverity: "warning",
  title: "Unknown resource (singular, wrong case, typo)",
  object(t, report) {
    const catalog = t.ctx.catalog;
    if (!catalog) return;
    for (const { rule: r, resource: res, verdict: v, span } of judgedResources(t, catalog, "unknown")) {
      const best = v.suggestions[0];
      // A group known only from the workspace's CRDs may serve more: only a near miss of one of them is reported.
      if (!best && v.groups.every((g) => catalog.groupInfo(g)?.partial)) continue;
      const fixes: Fix[] = v.suggestions
        .slice(0, 3)
        .map((s) => ({ title: `Use ${s}`, edits: [{ span, newText: yamlStringLike(s, t.file.text.slice(span.start, span.end)) }] }));
      const groups = v.groups.map((g) => (g === "" ? '"" (core)' : g)).join(", ");
      const written = r.rule.apiGroups.filter((g) => !v.groups.includes(g));
      const meant = written.length > 0 ? ` (the group meant by ${written.map((g) => `"${g}"`).join(", ")})` : "";
      const inGroups = meant ? ` in ${v.groups.map((g) => `"${g}"`).join(", ")}` : "";
      report(
        span,
        `"${res}" is not a resource of ${groups}${meant}${best ? `: did you mean "${best}"${inGroups}? Resources are plural, lower-case names` : ""}. RBAC matches names exactly, so this entry grants nothing.`,
        { fixes, data: best ? { suggestion: best } : undefined },
      );
    }
  },
};
