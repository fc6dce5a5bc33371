// Risk: grants the bind verb on roles. The judgement lives in core/risk.ts (shared with hovers and the permissions tree).

import { ruleRiskCheck } from "./support/risk-check";

export const bindPermission = ruleRiskCheck("bind-permission", "Grants the bind verb on roles");
