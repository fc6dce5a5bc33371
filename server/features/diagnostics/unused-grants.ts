// The unused-grant hints of a document (core/audit/unused-grant.ts) when the workspace names audit logs:
// its roles against the workspace's bindings and the logs' requests. Computed with the file-level
// findings, and only when a log is configured and read (server/audit-logs.ts).
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { GrantUsage, LoggedUsage } from "../../../core/audit/grant-usage";
import { unusedGrantFindings } from "../../../core/audit/unused-grant";
import { Finding, RbacObject } from "../../../core/model";
import { RbacIndex } from "../../../core/rbac-index";
import { ChunkedFile } from "../../../core/service/chunked-parse";
import { CheckInputs } from "../../../core/service/check-service";
import { AuditLogs } from "../../audit-logs";
import { ServerContext } from "../../context";

/** The audit log files for a document: the setting's (relative to the document's workspace folder) and its repository configuration's. */
export function auditLogFiles(ctx: ServerContext, audit: AuditLogs, uri: string): string[] {
  const out: string[] = [];
  const docPath = uri.startsWith("file:") ? fileURLToPath(uri) : undefined;
  const folder = audit.folders.find((f) => docPath !== undefined && !path.relative(f, docPath).startsWith("..")) ?? audit.folders[0];
  for (const p of ctx.state.settings.auditLog) {
    if (path.isAbsolute(p)) out.push(p);
    else if (folder !== undefined) out.push(path.join(folder, p));
  }
  const config = ctx.state.repoConfigs.forUri(uri);
  for (const p of config?.auditLog() ?? []) out.push(p);
  return [...new Set(out)];
}

/** The last usage computed per reading of the logs, kept while the workspace holds the very same objects. */
const lastUsage = new WeakMap<LoggedUsage, { readonly objects: readonly RbacObject[]; readonly usage: GrantUsage }>();

/** The grant usage of the workspace's roles under a reading of the logs (the open documents' checks share it). */
function grantUsage(ctx: ServerContext, logged: LoggedUsage): GrantUsage {
  const objects = ctx.documents.workspace.allObjects();
  const last = lastUsage.get(logged);
  if (last && last.objects.length === objects.length && last.objects.every((o, i) => o === objects[i])) return last.usage;
  const usage = new GrantUsage(new RbacIndex(objects), logged);
  lastUsage.set(logged, { objects, usage });
  return usage;
}

export function unusedGrantsOf(ctx: ServerContext, audit: AuditLogs, uri: string, file: ChunkedFile, inputs: CheckInputs): Finding[] {
  const read = audit.usage(auditLogFiles(ctx, audit, uri));
  if (!read) return [];
  return unusedGrantFindings(file.wholeFile(), grantUsage(ctx, read.usage), { settings: inputs.settings });
}
