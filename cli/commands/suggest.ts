// `kube-rbac suggest --audit-log FILE... (--as USER | --as-group GROUP) [-o yaml|json]`: the least-privilege
// Roles, ClusterRoles and bindings that allow exactly the requests the subject made in the audit logs,
// as manifests for `kubectl apply -f -`. Every request the subject made counts, whatever the server
// decided (a denied request is what the workload still needs); requests answered 401 never reached RBAC
// and are left out. The logs are read as a stream (gzip too), aggregated as they are read.

import { stringify } from "yaml";
import { AuditRequest } from "../../core/audit/event";
import { Manifest, subjectForUser, suggestRbac, SuggestSubject, subjectText } from "../../core/audit/suggest";
import { AuditUsage } from "../../core/audit/usage";
import { AuditLogError, AuditLogReport, readAuditLogs } from "../../audit/read-log";
import { ParsedArgs, UsageError, flagString, flagStrings } from "../args";
import { EXIT, InputError, Io } from "../io";
import { SUGGEST_USAGE } from "../usage";

export async function suggestCommand(a: ParsedArgs, io: Io): Promise<number> {
  const logs = [...flagStrings(a, "audit-log"), ...a.positionals];
  if (flagStrings(a, "audit-log").length === 0) throw new UsageError(`--audit-log FILE is required\nusage: ${SUGGEST_USAGE}`);
  const output = flagString(a, "output") ?? "yaml";
  if (output !== "yaml" && output !== "json") throw new UsageError("--output must be yaml or json");
  const subject = subjectFromArgs(a);
  const matches = matcher(subject);
  const usage = new AuditUsage();
  let report: AuditLogReport;
  try {
    report = await readAuditLogs(logs, (e) => {
      if (matches(e)) usage.add(e);
    });
  } catch (e) {
    if (e instanceof AuditLogError) throw new InputError(e.message);
    throw e;
  }
  const entries = usage.entries();
  const manifests = suggestRbac(
    subject,
    entries.map((e) => e.request),
  );
  io.err(summary(subject, logs.length, report, usage));
  if (output === "json") io.out(JSON.stringify({ apiVersion: "v1", kind: "List", items: manifests }, null, 2) + "\n");
  else if (manifests.length > 0) io.out(toYaml(subject, manifests));
  return entries.length > 0 ? EXIT.ok : EXIT.no;
}

/** `--as USER` (a `system:serviceaccount:NS:NAME` user is the service account) or `--as-group GROUP`. */
function subjectFromArgs(a: ParsedArgs): SuggestSubject {
  const user = flagString(a, "as");
  const groups = flagStrings(a, "as-group");
  if (user !== undefined && groups.length > 0)
    throw new UsageError(`give either --as USER or --as-group GROUP, not both\nusage: ${SUGGEST_USAGE}`);
  if (groups.length > 1) throw new UsageError(`give one --as-group GROUP\nusage: ${SUGGEST_USAGE}`);
  if (groups.length === 1) {
    if (groups[0] === "") throw new UsageError("--as-group needs a group name");
    return { kind: "Group", name: groups[0] };
  }
  if (user === undefined || user === "") throw new UsageError(`--as USER or --as-group GROUP is required\nusage: ${SUGGEST_USAGE}`);
  return subjectForUser(user);
}

/** Whether an event is a request of the subject: by user name, or for a group by membership. */
function matcher(subject: SuggestSubject): (e: AuditRequest) => boolean {
  const name = subjectText(subject);
  if (subject.kind === "Group") return (e) => e.identity.groups.includes(name);
  return (e) => e.identity.user === name;
}

function summary(subject: SuggestSubject, files: number, report: AuditLogReport, usage: AuditUsage): string {
  const { requests, allowed, denied } = usage.stats;
  const lines = [
    `read ${report.events} audit events in ${report.lines} lines of ${files} log${files === 1 ? "" : "s"}: ` +
      `${requests} request${requests === 1 ? "" : "s"} by ${subjectText(subject)} ` +
      `(${allowed} allowed, ${denied} denied, ${usage.entries().length} distinct)`,
  ];
  if (usage.stats.unauthenticated > 0)
    lines.push(`left out ${plural(usage.stats.unauthenticated, "event")} answered 401 (not authenticated)`);
  if (report.malformed > 0)
    lines.push(`skipped ${plural(report.malformed, "malformed line")}, e.g.`, ...report.examples.map((x) => `  ${x}`));
  lines.push(...report.problems.map((p) => `warning: ${p}`));
  if (requests === 0) lines.push(`no requests by ${subjectText(subject)} in the audit logs: nothing to suggest`);
  return lines.join("\n") + "\n";
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function toYaml(subject: SuggestSubject, manifests: readonly Manifest[]): string {
  const header = `# Least privilege for ${subjectText(subject)}, from the requests in its audit logs (kube-rbac suggest).\n`;
  return header + manifests.map((m) => stringify(m, { lineWidth: 0, aliasDuplicateObjects: false })).join("---\n");
}
