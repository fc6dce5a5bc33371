// W079: a resource listed with a group that does not serve it (`deployments` in "" instead of apps).

import type { Check, Fix } from "./context";
import { judgedResources } from "./support/resources";
import { node, valueSpan } from "./support/target";
import { isSeq } from "yaml";

const show = (g: string) => (g === "" ? '"" (core)' : `"${g}"`);

export const wrongApiGroup: Check = {
  code: "wrong-api-group",
  defaultSeverity: "warning",
  title: "Resource in the wrong API group",
  object(t, report) {
    const catalog = t.ctx.catalog;
    if (!catalog) return;
    for (const { rule: r, resource: res, verdict: v, span } of judgedResources(t, catalog, "wrong-group")) {
      const fixes: Fix[] = [];
      const groupsNode = node(t, [...r.path, "apiGroups"]);
      const right = v.rightGroups[0];
      if (r.rule.apiGroups.length === 1 && r.rule.resources.length === 1 && isSeq(groupsNode) && groupsNode.items.length === 1) {
        const gs = valueSpan(t, [...r.path, "apiGroups", 0]);
        if (gs) fixes.push({ title: `Use group ${show(right)}`, edits: [{ span: gs, newText: JSON.stringify(right) }] });
      }
      report(
        span,
        `"${res}" is served by ${v.rightGroups.map(show).join(", ")}, not by ${r.rule.apiGroups.map(show).join(", ")}: this entry grants nothing as written.`,
        { fixes, data: { rightGroups: v.rightGroups } },
      );
    }
  },
};
