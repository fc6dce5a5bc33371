// The `unused-grant` findings of a file (docs/checks/unused-grant.md): for each Role and ClusterRole in
// it, the rules and list entries no logged request of its subjects used (core/audit/grant-usage.ts),
// as hints the editor fades, each with the fix narrowing the rule to what was used
// (core/audit/narrow-edits.ts); and, for a role none of whose subjects appear in the log, one hint on
// its name. A role bound to nobody gets nothing (no-subjects and role-not-found speak about bindings),
// nor does an aggregated ClusterRole (its rules are its sources', judged there).

import { CheckContext, EMPTY_WORKSPACE, Fix } from "../checks/context";
import { finish, FileText } from "../checks/support/run";
import { unusedGrant } from "../checks/unused-grant";
import { Finding, isRole, RoleObject, SourceRef, Span } from "../model";
import { ParsedFile, positionAt } from "../parse";
import { GrantUsage, LoggedUsage } from "./grant-usage";
import { entryUse, narrowRule, RULE_FIELDS, RuleField } from "./narrow";
import { narrowFix, trimEnd } from "./narrow-edits";

export const UNUSED_GRANT = unusedGrant.code;

const NOUN: Record<RuleField, string> = {
  verbs: "verb",
  apiGroups: "API group",
  resources: "resource",
  resourceNames: "resource name",
  nonResourceURLs: "non-resource URL",
};

/** "between 2026-01-01T00:00:00Z and 2026-01-02T00:00:00Z", or "" when the log gave no times. */
function period(usage: LoggedUsage): string {
  if (usage.from && usage.to) return usage.from === usage.to ? ` at ${usage.from}` : ` between ${usage.from} and ${usage.to}`;
  return "";
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function listed(subjects: readonly string[]): string {
  const shown = subjects.slice(0, 5).join(", ");
  return subjects.length > 5 ? `${shown} and ${subjects.length - 5} more` : shown;
}

interface Sink {
  add(span: Span, message: string, fixes?: () => readonly Fix[]): void;
}

function roleFindings(g: GrantUsage, role: RoleObject, source: SourceRef, text: string, sink: Sink): void {
  const u = g.of(role);
  if (u.kind === "unbound" || u.kind === "aggregated") return;
  const when = period(g.usage);
  if (u.kind === "unseen") {
    const span = source.valueSpan(["metadata", "name"]);
    if (span)
      sink.add(
        span,
        `None of the subjects this role is given to (${listed(u.subjects)}) made a request in the audit log (${plural(g.usage.total, "request")}${when}): whether its grants are used cannot be told.`,
      );
    return;
  }
  const basis = `${plural(u.requests, "logged request")} of ${listed(u.subjects)}${when}`;
  role.rules.forEach((rule, i) => {
    const requests = u.rules[i];
    const fixes = () => narrowFix(text, source, i, rule, narrowRule(rule, requests));
    if (requests.length === 0) {
      const span = source.valueSpan(["rules", i]);
      if (span) sink.add(trimEnd(text, span), `Unused grant: no request authorized by this rule is in the audit log (${basis}).`, fixes);
      return;
    }
    const use = entryUse(rule, requests);
    for (const field of RULE_FIELDS)
      use[field].forEach((used, k) => {
        if (used) return;
        const span = source.valueSpan(["rules", i, field, k]);
        if (span)
          sink.add(
            span,
            `Unused grant: ${NOUN[field]} ${JSON.stringify(rule[field][k])} of this rule was used by no request it authorized in the audit log (${basis}).`,
            fixes,
          );
      });
  });
}

/** The unused-grant findings of a parsed file, with severity settings and suppression comments applied. */
export function unusedGrantFindings(file: ParsedFile, usage: GrantUsage, ctx: Pick<CheckContext, "settings">): Finding[] {
  if (file.templated || ctx.settings?.severity?.[UNUSED_GRANT] === "off") return [];
  const out: Finding[] = [];
  const sink: Sink = {
    add(span, message, fixes) {
      const data: Record<string, unknown> = { unnecessary: true };
      if (fixes) {
        let computed: readonly Fix[] | undefined;
        Object.defineProperty(data, "fixes", { enumerable: true, configurable: true, get: () => (computed ??= fixes()) });
      }
      out.push({ code: UNUSED_GRANT, severity: unusedGrant.defaultSeverity, message, file: file.file, span, data });
    },
  };
  for (const doc of file.documents)
    for (const { object } of doc.objects) if (isRole(object) && object.source) roleFindings(usage, object, object.source, file.text, sink);
  const lines: FileText = {
    text: file.text,
    lineStart: (line) => file.lineStarts[line],
    lineOf: (offset) => positionAt(file.lineStarts, offset).line,
  };
  return finish(out, lines, { workspace: EMPTY_WORKSPACE, settings: ctx.settings });
}
