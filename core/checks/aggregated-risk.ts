// Risk (W006): a ClusterRole labelled aggregate-to-admin/edit/view: "true" is silently added to those
// default roles, so every holder of admin/edit/view (in any namespace) inherits its risky permissions.

import type { Check } from "./context";
import { isRoleTarget, rulesOf, valueSpan } from "./support/target";
import { risksOf } from "./support/risk-check";

const KEY = /^rbac\.authorization\.k8s\.io\/aggregate-to-(admin|edit|view)$/;

export const aggregatedRisk: Check = {
  code: "aggregated-risk",
  defaultSeverity: "warning",
  title: "Risky permissions aggregated into admin, edit or view",
  object(t, report) {
    if (!isRoleTarget(t) || t.object.kind !== "ClusterRole") return;
    const targets = Object.entries(t.object.metadata.labels).filter(([k, v]) => KEY.test(k) && v === "true");
    if (targets.length === 0) return;
    const risky = rulesOf(t).flatMap((r) =>
      risksOf(t, r.rule)
        .filter((x) => x.severity === "warning" && x.code !== "wildcard")
        .map((x) => x.code),
    );
    if (risky.length === 0) return;
    const [key] = targets[0];
    const span = valueSpan(t, ["metadata", "labels", key]);
    const roles = targets.map(([k]) => KEY.exec(k)![1]).join(", ");
    if (span)
      report(
        span,
        `This ClusterRole is aggregated into ${roles}: everyone bound to ${roles} in any namespace silently inherits its risky permissions (${[...new Set(risky)].join(", ")}).`,
      );
  },
};
