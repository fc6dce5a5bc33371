// `kube-rbac escalations [--as USER [--as-group G]…] [--to REQUEST]`: for each subject of the bindings
// (or one identity), the shortest path to cluster-admin or to one request, each step with the permissions
// it uses and their binding → role → rule. Subjects that hold the target come with no steps.

import { describeSource, describeSubject, describeUse, stepJson, subjectJson } from "../../core/escalation/describe";
import { EscalationAnalyzer, EscalationPath } from "../../core/escalation/paths";
import { isClusterAdminTarget } from "../../core/escalation/targets";
import { builtInCatalog } from "../../core/catalog";
import { parseServiceAccountUser } from "../../core/identity";
import { Request } from "../../core/model";
import { IndexedSubject } from "../../core/rbac-index";
import { describeRequest } from "../../core/request-text";
import { ParsedArgs, UsageError, flagBool, flagString, parseArgs } from "../args";
import { EXIT, Io } from "../io";
import { buildRequest } from "../request";
import { QueryState } from "../state";
import { identityFromArgs } from "./can-i";
import { ESCALATIONS_USAGE } from "../usage";

/** `--to "delete secrets -n prod"`: the can-i syntax in one argument (no -n means namespace default). */
export function targetFromArgs(a: ParsedArgs): { target: Request | undefined; warnings: string[] } {
  const to = flagString(a, "to");
  if (to === undefined) return { target: undefined, warnings: [] };
  const parsed = parseArgs(to.trim().split(/\s+/), [
    { name: "namespace", short: "n", kind: "string" },
    { name: "all-namespaces", short: "A", kind: "boolean" },
    { name: "subresource", kind: "string" },
  ]);
  if (parsed.positionals.length !== 2) throw new UsageError(`--to expects "VERB TYPE[/NAME]" or "VERB /URL"\nusage: ${ESCALATIONS_USAGE}`);
  const [verb, type] = parsed.positionals as [string, string];
  const { request, warnings } = buildRequest(
    verb,
    type,
    {
      namespace: flagString(parsed, "namespace"),
      allNamespaces: flagBool(parsed, "all-namespaces"),
      subresource: flagString(parsed, "subresource"),
    },
    builtInCatalog(),
  );
  return { target: request, warnings };
}

export function escalationsCommand(a: ParsedArgs, state: QueryState, io: Io, json: boolean): number {
  if (a.positionals.length > 0) throw new UsageError(`unexpected argument "${a.positionals[0]}"\nusage: ${ESCALATIONS_USAGE}`);
  const { target, warnings } = targetFromArgs(a);
  const identity = identityFromArgs(a);
  const analyzer = new EscalationAnalyzer(state.index, { target, others: state.others });
  let results: { subject: IndexedSubject; path: EscalationPath }[];
  if (identity) {
    const sa = parseServiceAccountUser(identity.user);
    const subject: IndexedSubject = sa ? { kind: "ServiceAccount", ...sa } : { kind: "User", name: identity.user, namespace: "" };
    const path = analyzer.pathFor(identity);
    results = path ? [{ subject, path }] : [];
  } else {
    results = analyzer.all().map(({ subject, ...path }) => ({ subject, path }));
  }
  for (const w of [...warnings, ...state.warnings]) io.err(w + "\n");
  const targetText = isClusterAdminTarget(analyzer.target) ? "cluster-admin" : describeRequest(analyzer.target);
  if (json) {
    const out = results.map(({ subject, path }) => ({
      subject: subjectJson(subject),
      steps: path.steps.map((s) => stepJson(s, path.steps)),
    }));
    io.out(JSON.stringify(out, null, 2) + "\n");
  } else {
    io.out(`Paths to ${targetText}:\n`);
    if (results.length === 0) io.out(identity ? "None found.\n" : "No subject can reach it.\n");
    for (const { subject, path } of results) io.out(pathText(subject, path));
  }
  return identity && results.length === 0 ? EXIT.no : EXIT.ok;
}

function pathText(subject: IndexedSubject, path: EscalationPath): string {
  const who = describeSubject(subject);
  if (path.steps.length === 0) return `${who}: holds it (${describeSource(path.holds.source, [])})\n`;
  const n = path.steps.length;
  const lines = [`${who}: ${n} step${n === 1 ? "" : "s"}${path.potential ? " (potential)" : ""}`];
  path.steps.forEach((s, i) => {
    lines.push(`  ${i + 1}. ${s.action}${s.potential ? " (potential)" : ""}`);
    lines.push(`     permission: ${s.uses.map(describeUse).join(" + ")}`);
    lines.push(`     granted by: ${s.uses.map((u) => describeSource(u.source, path.steps)).join(" + ")}`);
    lines.push(`     becomes: ${s.becomes}`);
  });
  return lines.join("\n") + "\n";
}
