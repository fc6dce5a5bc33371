// Risk: grants writing admission webhooks or policies. The judgement lives in core/risk.ts (shared with hovers and the permissions tree).

import { ruleRiskCheck } from "./support/risk-check";

export const webhookWrite = ruleRiskCheck("webhook-write", "Grants writing admission webhooks or policies");
