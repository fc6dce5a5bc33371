// "Can I…?" as a report: yes or no first, whose computation it is (RBAC's, here; the API server's when
// connected), and the grants that allow it, each linked to its binding, role and rule.
import type { AuthorizationResult } from "../../core/authorize";
import type { Identity, Request } from "../../core/model";
import type { NearestMiss } from "../../core/nearest-miss";
import { describeRequest } from "../reports";
import { missesSections } from "./misses";
import { grantLinks, Report } from "./report";

export interface CanIInput {
  readonly request: Request;
  readonly identity: Identity;
  /** "you" when the connection's own identity, else the chosen identity's user name. */
  readonly who: string;
  readonly local: AuthorizationResult;
  /** The API server's answer (SelfSubjectAccessReview), when connected and asking as yourself. */
  readonly server: boolean | undefined;
  readonly source: string;
  /** Why not: the nearest misses of a denied request (core/nearest-miss.ts). */
  readonly misses?: readonly NearestMiss[];
}

export function canIReport(x: CanIInput): Report {
  const allowed = x.local.decision !== "not-allowed";
  const verb = x.who === "you" ? (allowed ? "you may" : "you may not") : `${x.who} ${allowed ? "may" : "may not"}`;
  const server =
    x.server === undefined
      ? "RBAC's answer, computed here from the loaded RBAC, not the API server's (another authorizer may decide too)."
      : x.server === allowed
        ? "The API server agrees (SelfSubjectAccessReview)."
        : `The API server says ${x.server ? "yes" : "no"}: another authorizer (Azure RBAC, a webhook) decides too.`;
  return {
    kind: "can-i",
    title: `Can ${x.who === "you" ? "I" : x.who} ${describeRequest(x.request)}?`,
    verdict: `${allowed ? "Yes" : "No"}: ${verb} ${describeRequest(x.request)}.`,
    tone: allowed ? "yes" : "no",
    note: `As ${x.identity.user || "(no user)"}${x.identity.groups.length ? ` in groups ${x.identity.groups.join(", ")}` : ""}, from ${x.source}. ${server}`,
    sections: [
      {
        heading: allowed ? "Allowed by" : "Why not",
        lines: allowed
          ? x.local.grants.length
            ? x.local.grants.map((g) => ({ text: `rules[${g.ruleIndex}] of ${g.role.kind} ${g.role.metadata.name}`, links: grantLinks(g) }))
            : [{ text: x.local.reason }]
          : [
              {
                text: "No binding that applies to this identity grants a rule that matches the request. RBAC never denies: it has no opinion.",
              },
            ],
      },
      ...(allowed ? [] : missesSections(x.misses ?? [])),
      ...(x.local.errors.length ? [{ heading: "Unresolved role references", lines: x.local.errors.map((text) => ({ text })) }] : []),
    ],
    json: JSON.stringify(
      {
        request: x.request,
        identity: x.identity,
        allowed,
        reason: x.local.reason,
        server: x.server ?? null,
        ...(allowed ? {} : { nearestMisses: x.misses ?? [] }),
      },
      null,
      2,
    ),
  };
}
