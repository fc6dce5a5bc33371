// Risk: grants creating PersistentVolumes. The judgement lives in core/risk.ts (shared with hovers and the permissions tree).

import { ruleRiskCheck } from "./support/risk-check";

export const pvCreate = ruleRiskCheck("pv-create", "Grants creating PersistentVolumes");
