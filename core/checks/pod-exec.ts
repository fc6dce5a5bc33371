// Risk: grants exec, attach or port-forward into pods. The judgement lives in core/risk.ts (shared with hovers and the permissions tree).

import { ruleRiskCheck } from "./support/risk-check";

export const podExec = ruleRiskCheck("pod-exec", "Grants exec, attach or port-forward into pods");
