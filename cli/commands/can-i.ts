// `kube-rbac can-i VERB TYPE[/NAME] | VERB /URL --as USER [--as-group G]… [-n NS | -A] [--subresource S]`
// Same syntax and meaning as `kubectl auth can-i … --as …`. First line `yes` or `no`; exit 0 / 1.

import { authorize, AuthorizationResult } from "../../core/authorize";
import { builtInCatalog } from "../../core/catalog";
import { impersonatedIdentity } from "../../core/identity";
import { Identity, Request } from "../../core/model";
import { selfAccessReview, subjectAccessReview, whoAmI } from "../../cluster/reviews";
import { ParsedArgs, UsageError, flagBool, flagString, flagStrings } from "../args";
import { EXIT, Io } from "../io";
import { buildRequest, describeRequest } from "../request";
import { QueryState } from "../state";
import { grantJson, grantLine } from "./grants";
import { describeMiss, nearestMisses, NearestMiss } from "../../core/nearest-miss";

export const CAN_I_USAGE =
  "kube-rbac can-i VERB TYPE[/NAME] [--subresource SUB] [-n NS | -A] --as USER [--as-group GROUP]... (-f PATH | --kubeconfig FILE [--context NAME]) [--explain] [-o json]";

export function requestFromArgs(a: ParsedArgs, usage: string): { request: Request; warnings: string[] } {
  if (a.positionals.length !== 2) throw new UsageError(`expected VERB and TYPE[/NAME] or a /NON/RESOURCE/URL\nusage: ${usage}`);
  const [verb, target] = a.positionals as [string, string];
  return buildRequest(
    verb,
    target,
    { namespace: flagString(a, "namespace"), allNamespaces: flagBool(a, "all-namespaces"), subresource: flagString(a, "subresource") },
    builtInCatalog(),
  );
}

export function identityFromArgs(a: ParsedArgs): Identity | undefined {
  const user = flagString(a, "as");
  const groups = flagStrings(a, "as-group");
  if (user === undefined) {
    if (groups.length > 0) throw new UsageError("--as-group needs --as");
    return undefined;
  }
  return impersonatedIdentity(user, groups);
}

export async function canI(a: ParsedArgs, state: QueryState, io: Io, json: boolean): Promise<number> {
  const { request, warnings } = requestFromArgs(a, CAN_I_USAGE);
  let identity = identityFromArgs(a);
  if (!identity) {
    if (!state.cluster) throw new UsageError(`--as USER is required with -f (there is no "me" in a set of files)\nusage: ${CAN_I_USAGE}`);
    const me = await whoAmI(state.cluster.connection);
    identity = { user: me.username, groups: me.groups };
  }
  const result = authorize(state.index, identity, request);
  const server = await authoritative(state, identity, request, a.flags.has("as"));
  // When part of the cluster could not be read, the computed answer may miss a grant: the API server's
  // own answer, when it gave one, decides.
  const incomplete = state.cluster !== undefined && !state.cluster.snapshot.complete;
  const allowed = incomplete && server ? server.allowed : result.decision !== "not-allowed";
  for (const w of [...warnings, ...state.warnings]) io.err(w + "\n");
  // Why not: the grants that would allow the request if one thing were different.
  const misses = result.decision === "not-allowed" ? nearestMisses(state.index, identity, request, builtInCatalog()) : [];
  if (json) {
    io.out(JSON.stringify({ ...canIJson(request, identity, result, server), nearestMisses: misses, allowed, incomplete }, null, 2) + "\n");
  } else {
    io.out(allowed ? "yes\n" : "no\n");
    if (flagBool(a, "explain")) io.out(explainLines(request, identity, result, misses).join("\n") + "\n");
    const computed = result.decision !== "not-allowed";
    if (server && incomplete && server.allowed !== computed)
      io.out(
        `note: this is the API server's answer${server.reason ? ` (${server.reason})` : ""}; the RBAC objects that could be read say ${computed ? "yes" : "no"}, but part of the cluster is hidden from this identity\n`,
      );
    else if (server && server.allowed !== computed)
      io.out(
        `note: the API server answers ${server.allowed ? "yes" : "no"}${server.reason ? ` (${server.reason})` : ""}: another authorizer decides too\n`,
      );
  }
  return allowed ? EXIT.ok : EXIT.no;
}

interface ServerAnswer {
  readonly allowed: boolean;
  readonly reason: string;
}

/** The API server's own answer (SelfSubjectAccessReview, or SubjectAccessReview for --as) when the state is live. */
async function authoritative(
  state: QueryState,
  identity: Identity,
  request: Request,
  impersonating: boolean,
): Promise<ServerAnswer | undefined> {
  if (!state.cluster) return undefined;
  try {
    const d = impersonating
      ? await subjectAccessReview(state.cluster.connection, identity, request)
      : await selfAccessReview(state.cluster.connection, request);
    return { allowed: d.allowed, reason: d.reason ?? "" };
  } catch {
    return undefined; // Not allowed to ask (SubjectAccessReview needs rights): the computed answer stands alone.
  }
}

function explainLines(request: Request, identity: Identity, r: AuthorizationResult, misses: readonly NearestMiss[]): string[] {
  const lines = [
    `request: ${describeRequest(request)}`,
    `identity: user "${identity.user}", groups ${identity.groups.map((g) => `"${g}"`).join(", ") || "(none)"}`,
  ];
  if (r.decision === "allowed-superuser")
    lines.push("allowed: the identity is in group system:masters, which the API server allows before RBAC is consulted");
  if (r.grants.length > 0) for (const g of r.grants) lines.push(`allowed by ${grantLine(g)}`);
  else lines.push("RBAC: no binding grants this request");
  for (const e of r.errors) lines.push(`note: ${e}`);
  if (misses.length > 0) lines.push("nearest misses:", ...misses.map((m) => `  ${m.kind}: ${describeMiss(m)}`));
  return lines;
}

function canIJson(request: Request, identity: Identity, r: AuthorizationResult, server: ServerAnswer | undefined) {
  return {
    allowed: r.decision !== "not-allowed",
    decision: r.decision,
    rbacAllows: r.rbacAllows,
    request,
    identity,
    grants: r.grants.map(grantJson),
    errors: r.errors,
    reason: r.reason,
    ...(server ? { server } : {}),
  };
}
