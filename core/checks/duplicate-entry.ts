// W089: the same rule or subject twice in one object: noise that hides what is really granted.

import type { Check } from "./context";
import { rulesOf, subjectsOf, valueSpan } from "./support/target";

export const duplicateEntry: Check = {
  code: "duplicate-entry",
  defaultSeverity: "hint",
  title: "Duplicate rule or subject",
  object(t, report) {
    const seen = new Map<string, number>();
    for (const r of rulesOf(t)) {
      const k = JSON.stringify(r.rule);
      const first = seen.get(k);
      if (first === undefined) { seen.set(k, r.index); continue; }
      const span = valueSpan(t, r.path);
      if (span) report({ start: span.start, end: Math.min(span.end, t.file.text.indexOf("\n", span.start) < 0 ? span.end : Math.max(span.start + 1, t.file.text.indexOf("\n", span.start))) }, `rules[${r.index}] repeats rules[${first}] exactly.`);
    }
    const subj = new Map<string, number>();
    for (const s of subjectsOf(t)) {
      const k = `${s.subject.kind}\u0000${s.subject.name}\u0000${s.subject.kind === "ServiceAccount" ? s.subject.namespace : ""}`;
      const first = subj.get(k);
      if (first === undefined) { subj.set(k, s.index); continue; }
      const span = valueSpan(t, [...s.path, "name"]);
      if (span) report(span, `subjects[${s.index}] repeats subjects[${first}] (${s.subject.kind} ${s.subject.name}).`);
    }
  },
};
