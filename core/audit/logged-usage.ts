// An audit log's usage (core/audit/usage.ts) as grant-usage.ts reads it: the requests per identity, with
// the time range the log covers. Requests the server forbade every time are left out: no rule of the
// cluster's RBAC authorized them, so they used no grant; requests logged without a decision stay in.

import { AuditRequest } from "./event";
import { LoggedIdentity, LoggedRequest, LoggedUsage } from "./grant-usage";
import { AuditUsage } from "./usage";

/** The earliest and latest request times seen (RFC 3339 texts in UTC compare as strings). */
export class TimeRange {
  from: string | undefined;
  to: string | undefined;

  add(event: AuditRequest): void {
    const t = event.time;
    if (t === undefined) return;
    if (this.from === undefined || t < this.from) this.from = t;
    if (this.to === undefined || t > this.to) this.to = t;
  }
}

export function loggedUsage(usage: AuditUsage, range: TimeRange): LoggedUsage {
  const byUser = new Map<string, LoggedRequest[]>();
  let total = 0;
  for (const e of usage.entries()) {
    const count = e.count - e.denied;
    if (count <= 0) continue;
    total += count;
    const list = byUser.get(e.user);
    if (list) list.push({ request: e.request, count });
    else byUser.set(e.user, [{ request: e.request, count }]);
  }
  const identities: LoggedIdentity[] = [...byUser].map(([user, requests]) => ({
    identity: { user, groups: usage.groupsOf(user) },
    requests,
  }));
  return {
    identities,
    total,
    ...(range.from !== undefined ? { from: range.from } : {}),
    ...(range.to !== undefined ? { to: range.to } : {}),
  };
}
