// Risk: grants every verb on every resource (cluster-admin equivalent). The judgement lives in core/risk.ts (shared with hovers and the permissions tree).

import { ruleRiskCheck } from "./support/risk-check";

export const clusterAdminEquivalent = ruleRiskCheck(
  "cluster-admin-equivalent",
  "Grants every verb on every resource (cluster-admin equivalent)",
);
