// W089: the same rule or subject twice in one object: noise that hides what is really granted.

import type { PolicyRule } from "../model";
import type { Check } from "./context";
import { RuleAt, rulesOf, subjectsOf, valueSpan } from "./support/target";

export const duplicateEntry: Check = {
  code: "duplicate-entry",
  defaultSeverity: "hint",
  title: "Duplicate rule or subject",
  object(t, report) {
    const rules = rulesOf(t);
    const firstOf = rules.length > 32 ? byKey(rules) : (i: number) => firstEqual(rules, i);
    for (let i = 1; i < rules.length; i++) {
      const first = firstOf(i);
      if (first === undefined) continue;
      const r = rules[i];
      const span = valueSpan(t, r.path);
      if (span)
        report(
          {
            start: span.start,
            end: Math.min(
              span.end,
              t.file.text.indexOf("\n", span.start) < 0 ? span.end : Math.max(span.start + 1, t.file.text.indexOf("\n", span.start)),
            ),
          },
          `rules[${r.index}] repeats rules[${rules[first].index}] exactly.`,
        );
    }
    const subj = new Map<string, number>();
    for (const s of subjectsOf(t)) {
      const k = `${s.subject.kind}\u0000${s.subject.name}\u0000${s.subject.kind === "ServiceAccount" ? s.subject.namespace : ""}`;
      const first = subj.get(k);
      if (first === undefined) {
        subj.set(k, s.index);
        continue;
      }
      const span = valueSpan(t, [...s.path, "name"]);
      if (span) report(span, `subjects[${s.index}] repeats subjects[${first}] (${s.subject.kind} ${s.subject.name}).`);
    }
  },
};

/** For long lists: positions of the first equal rule by a key per rule (no quadratic comparison). */
function byKey(rules: readonly RuleAt[]): (i: number) => number | undefined {
  const seen = new Map<string, number>();
  const first = rules.map((r, i) => {
    const k = JSON.stringify(r.rule);
    const j = seen.get(k);
    if (j === undefined) seen.set(k, i);
    return j;
  });
  return (i) => first[i];
}

/** Position of the first rule before `rules[i]` that equals it in every field, or undefined. (Compared in place, no key per rule: most rules differ in their first entries.) */
function firstEqual(rules: readonly RuleAt[], i: number): number | undefined {
  const b = rules[i].rule;
  for (let j = 0; j < i; j++) if (sameRule(rules[j].rule, b)) return j;
  return undefined;
}

function sameRule(a: PolicyRule, b: PolicyRule): boolean {
  return (
    same(a.verbs, b.verbs) &&
    same(a.resources, b.resources) &&
    same(a.apiGroups, b.apiGroups) &&
    same(a.resourceNames, b.resourceNames) &&
    same(a.nonResourceURLs, b.nonResourceURLs)
  );
}

function same(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}
