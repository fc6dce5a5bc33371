// Risk: grants nodes/proxy (the kubelet API). The judgement lives in core/risk.ts (shared with hovers and the permissions tree).

import { ruleRiskCheck } from "./support/risk-check";

export const nodesProxy = ruleRiskCheck("nodes-proxy", "Grants nodes/proxy (the kubelet API)");
