// Risk: grants minting ServiceAccount tokens. The judgement lives in core/risk.ts (shared with hovers and the permissions tree).

import { ruleRiskCheck } from "./support/risk-check";

export const tokenCreate = ruleRiskCheck("token-create", "Grants minting ServiceAccount tokens");
