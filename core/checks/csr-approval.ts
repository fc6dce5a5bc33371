// Risk: grants approving or signing certificates. The judgement lives in core/risk.ts (shared with hovers and the permissions tree).

import { ruleRiskCheck } from "./support/risk-check";

export const csrApproval = ruleRiskCheck("csr-approval", "Grants approving or signing certificates");
