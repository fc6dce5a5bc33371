// Audit log files → what grant-usage.ts reads (core/audit/logged-usage.ts), for `kube-rbac check
// --audit-log` and the language server's `kubeRbac.auditLog`: streamed, so memory follows the distinct
// requests, not the length of the log.

import { LoggedUsage } from "../core/audit/grant-usage";
import { loggedUsage, TimeRange } from "../core/audit/logged-usage";
import { AuditUsage } from "../core/audit/usage";
import { AuditLogReport, readAuditLogs, ReadOptions } from "./read-log";

export interface ReadUsage {
  readonly usage: LoggedUsage;
  readonly report: AuditLogReport;
}

/** Reads the logs in order; throws AuditLogError when one cannot be opened. */
export async function readLoggedUsage(files: readonly string[], options: ReadOptions = {}): Promise<ReadUsage> {
  const usage = new AuditUsage();
  const range = new TimeRange();
  const report = await readAuditLogs(
    files,
    (event) => {
      usage.add(event);
      range.add(event);
    },
    options,
  );
  return { usage: loggedUsage(usage, range), report };
}
