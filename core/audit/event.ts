// One Kubernetes audit event (`audit.k8s.io/v1` Event, any level) → the request attributes RBAC judged
// (rbac-semantics.md §2.3). The log backend writes what the server's request info held:
// `verb` is the request verb (get/list/watch/create/update/patch/delete/deletecollection, or the
// lower-cased HTTP method for a non-resource request), `objectRef` the resource attributes (absent for a
// non-resource request, whose path is `requestURI` without its query).
//
// Two places where the log says more than RBAC saw:
// - a POST create to a collection is authorized with no name, but the log fills `objectRef.name` from the
//   request body; the name is dropped again (create on a subresource, e.g. pods/eviction, keeps it);
// - the identity RBAC judged is the impersonated one when `impersonatedUser` is set.
// And one place where it says less: an update or patch answered 201 Created was also authorized as a
// `create` of that name (create-on-update, server-side apply), so the event yields both requests.

import { Identity, Request } from "../model";

export type AuditStage = "RequestReceived" | "ResponseStarted" | "ResponseComplete" | "Panic";

/** What one audit event says about the request it records. */
export interface AuditRequest {
  readonly auditID: string;
  readonly stage: AuditStage;
  /** The identity RBAC judged (the impersonated user and groups when the request impersonated). */
  readonly identity: Identity;
  /** The authorization requests: one, or two when a write created its object. */
  readonly requests: readonly Request[];
  /** `responseStatus.code`, when the stage has one. */
  readonly code?: number;
  /** `annotations["authorization.k8s.io/decision"]` ("allow" or "forbid"), when the stage has one. */
  readonly decision?: string;
  /** `requestReceivedTimestamp` (RFC 3339, as logged), when the event has one. */
  readonly time?: string;
}

export type EventReading = { readonly ok: true; readonly event: AuditRequest } | { readonly ok: false; readonly reason: string };

const STAGES: readonly string[] = ["RequestReceived", "ResponseStarted", "ResponseComplete", "Panic"];
const DECISION = "authorization.k8s.io/decision";

/** Whether no later stage of the same request follows this one. */
export function isFinalStage(stage: AuditStage): boolean {
  return stage === "ResponseComplete" || stage === "Panic";
}

/** Reads one decoded JSON value as an audit event; anything else is a reason, never an exception. */
export function readAuditEvent(value: unknown): EventReading {
  if (!isObject(value)) return fail("not a JSON object");
  if (value.kind !== undefined && value.kind !== "Event") return fail(`kind ${JSON.stringify(value.kind)} is not Event`);
  if (typeof value.apiVersion === "string" && !value.apiVersion.startsWith("audit.k8s.io/"))
    return fail(`apiVersion ${value.apiVersion} is not audit.k8s.io`);
  const { auditID, stage, verb } = value;
  if (typeof auditID !== "string" || auditID === "") return fail("no auditID");
  if (typeof stage !== "string" || !STAGES.includes(stage)) return fail(`unknown stage ${JSON.stringify(stage)}`);
  if (typeof verb !== "string") return fail("no verb");
  const identity = identityOf(value);
  if (!identity) return fail("no user.username");
  const request = requestOf(value, verb);
  if (typeof request === "string") return fail(request);
  const code = codeOf(value);
  const created = code === 201 && request.kind === "resource" && (verb === "update" || verb === "patch") && request.name !== "";
  const requests: Request[] = created && request.kind === "resource" ? [request, { ...request, verb: "create" }] : [request];
  const annotations = isObject(value.annotations) ? value.annotations : {};
  const decision = typeof annotations[DECISION] === "string" ? annotations[DECISION] : undefined;
  const time = typeof value.requestReceivedTimestamp === "string" ? value.requestReceivedTimestamp : undefined;
  return {
    ok: true,
    event: {
      auditID,
      stage: stage as AuditStage,
      identity,
      requests,
      ...(code !== undefined ? { code } : {}),
      ...(decision !== undefined ? { decision } : {}),
      ...(time !== undefined ? { time } : {}),
    },
  };
}

function identityOf(event: Record<string, unknown>): Identity | undefined {
  const who = isObject(event.impersonatedUser) ? event.impersonatedUser : event.user;
  if (!isObject(who) || typeof who.username !== "string" || who.username === "") return undefined;
  const groups = Array.isArray(who.groups) ? who.groups.filter((g): g is string => typeof g === "string") : [];
  return { user: who.username, groups };
}

function requestOf(event: Record<string, unknown>, verb: string): Request | string {
  const ref = event.objectRef;
  if (!isObject(ref)) {
    if (typeof event.requestURI !== "string" || !event.requestURI.startsWith("/")) return "no objectRef and no requestURI path";
    const query = event.requestURI.indexOf("?");
    return { kind: "nonResource", verb, path: decodedPath(query < 0 ? event.requestURI : event.requestURI.slice(0, query)) };
  }
  const text = (v: unknown) => (typeof v === "string" ? v : "");
  const resource = text(ref.resource);
  if (resource === "") return "objectRef without resource";
  const subresource = text(ref.subresource);
  // A POST to a collection carries no name when it is authorized; the log takes it from the body.
  const name = verb === "create" && subresource === "" ? "" : text(ref.name);
  return { kind: "resource", verb, apiGroup: text(ref.apiGroup), resource, subresource, name, namespace: text(ref.namespace) };
}

/** The path RBAC matches: the URL's decoded path, as the server's request info has it (raw when not decodable). */
function decodedPath(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function codeOf(event: Record<string, unknown>): number | undefined {
  const status = event.responseStatus;
  return isObject(status) && typeof status.code === "number" ? status.code : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function fail(reason: string): EventReading {
  return { ok: false, reason };
}
