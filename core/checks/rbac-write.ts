// Risk: grants writing Roles or bindings. The judgement lives in core/risk.ts (shared with hovers and the permissions tree).

import { ruleRiskCheck } from "./support/risk-check";

export const rbacWrite = ruleRiskCheck("rbac-write", "Grants writing Roles or bindings");
