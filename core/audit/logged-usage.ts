// An audit log's usage (core/audit/usage.ts) as grant-usage.ts reads it: the requests per identity, with
// the time range the log covers. Requests the server forbade every time are left out: no rule of the
// cluster's RBAC authorized them, so they used no grant; requests logged without a decision stay in.

import { AuditRequest } from "./event";
import { LoggedIdentity, LoggedRequest, LoggedUsage } from "./grant-usage";
import { AuditUsage } from "./usage";

/** The earliest and latest request times seen, kept as logged; a time that is no date is left out. */
export class TimeRange {
  from: string | undefined;
  to: string | undefined;
  private first = Infinity;
  private last = -Infinity;

  add(event: AuditRequest): void {
    const t = event.time;
    const ms = t === undefined ? NaN : Date.parse(t);
    if (Number.isNaN(ms)) return;
    if (ms < this.first) [this.first, this.from] = [ms, t];
    if (ms > this.last) [this.last, this.to] = [ms, t];
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
