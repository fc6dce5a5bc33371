// Risk: grants the escalate verb on roles. The judgement lives in core/risk.ts (shared with hovers and the permissions tree).

import { ruleRiskCheck } from "./support/risk-check";

export const escalatePermission = ruleRiskCheck("escalate-permission", "Grants the escalate verb on roles");
