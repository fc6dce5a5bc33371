// Which permissions of a subject the configured audit logs show used (`kubeRbac.auditLog`): the tree marks
// the others "unused in audit log". A permission row (a verb on a resource entry or a non-resource URL, in
// a scope) is used when a logged request of an identity the subject stands for matches it, as the
// authorizer would match the rule it stands for (rbac-semantics.md §2.4): cluster-wide rows by any request,
// a namespace's rows only by requests in that namespace. Free of `vscode`, so mocha can test it.
import { LoggedUsage } from "../../core/audit/grant-usage";
import { serviceAccountUser } from "../../core/identity";
import { Request } from "../../core/model";
import { ruleAllows } from "../../core/rule-match";
import type { SubjectRef } from "./subjects";

export type UsageEntry =
  | { readonly kind: "resource"; readonly apiGroup: string; readonly resource: string; readonly resourceNames: readonly string[] }
  | { readonly kind: "url"; readonly url: string };

/** The logged requests of the identities a subject stands for; undefined when none of them is in the logs. */
export function requestsOf(usage: LoggedUsage, s: SubjectRef): Request[] | undefined {
  const sa = s.kind === "ServiceAccount" ? serviceAccountUser(s.namespace, s.name) : undefined;
  const mine = usage.identities.filter((i) =>
    s.kind === "User" ? i.identity.user === s.name : s.kind === "Group" ? i.identity.groups.includes(s.name) : i.identity.user === sa,
  );
  return mine.length === 0 ? undefined : mine.flatMap((i) => i.requests.map((r) => r.request));
}

/** Did a request in `scope` ("" = cluster-wide: any request) use `verb` on the entry? */
export function verbUsed(requests: readonly Request[], scope: string, entry: UsageEntry, verb: string): boolean {
  const rule =
    entry.kind === "resource"
      ? { verbs: [verb], apiGroups: [entry.apiGroup], resources: [entry.resource], resourceNames: entry.resourceNames, nonResourceURLs: [] }
      : { verbs: [verb], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: [entry.url] };
  return requests.some((q) => (scope === "" || (q.kind === "resource" && q.namespace === scope)) && ruleAllows(q, rule));
}
