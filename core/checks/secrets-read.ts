// Risk: grants reading Secrets. The judgement lives in core/risk.ts (shared with hovers and the permissions tree).

import { ruleRiskCheck } from "./support/risk-check";

export const secretsRead = ruleRiskCheck("secrets-read", "Grants reading Secrets");
