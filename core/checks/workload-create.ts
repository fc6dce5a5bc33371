// Risk: grants creating pods or workloads. The judgement lives in core/risk.ts (shared with hovers and the permissions tree).

import { ruleRiskCheck } from "./support/risk-check";

export const workloadCreate = ruleRiskCheck("workload-create", "Grants creating pods or workloads");
