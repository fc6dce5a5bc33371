// Risk: grants impersonation. The judgement lives in core/risk.ts (shared with hovers and the permissions tree).

import { ruleRiskCheck } from "./support/risk-check";

export const impersonatePermission = ruleRiskCheck("impersonate-permission", "Grants impersonation");
