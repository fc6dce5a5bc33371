// One check per risk code, all backed by core/risk.ts (computed once per rule and shared).

import { PolicyRule, RoleKind } from "../../model";
import { RiskCode, RuleRisk, ruleRisks } from "../../risk";
import type { Check, Fix, ObjectTarget } from "../context";
import { isRoleTarget, rulesOf, valueSpan } from "./target";

const cache = new WeakMap<PolicyRule, RuleRisk[]>();

export function risksOf(t: ObjectTarget, rule: PolicyRule): RuleRisk[] {
  let r = cache.get(rule);
  if (!r) {
    r = ruleRisks(rule, t.object.kind as RoleKind, t.ctx.catalog);
    cache.set(rule, r);
  }
  return r;
}

export function ruleRiskCheck(
  code: RiskCode,
  title: string,
  fixes?: (t: ObjectTarget, path: readonly (string | number)[], risk: RuleRisk) => Fix[],
): Check {
  return {
    code,
    defaultSeverity: "warning",
    title,
    object(t, report) {
      if (!isRoleTarget(t)) return;
      for (const r of rulesOf(t)) {
        for (const risk of risksOf(t, r.rule)) {
          if (risk.code !== code) continue;
          const span = valueSpan(t, [...r.path, risk.field, risk.index]) ?? valueSpan(t, r.path);
          if (!span) continue;
          const what =
            risk.grants.length > 0
              ? `grants ${risk.grants.slice(0, 4).join(", ")}${risk.grants.length > 4 ? ", …" : ""}`
              : "uses a wildcard";
          const scope = t.object.kind === "Role" ? ` in namespace ${t.object.metadata.namespace || "(its namespace)"}` : "";
          report(span, `rules[${r.index}] ${what}${scope}: ${risk.why}.`, {
            severity: risk.severity,
            fixes: fixes && (() => fixes(t, r.path, risk)),
            data: { grants: risk.grants },
          });
        }
      }
    },
  };
}
