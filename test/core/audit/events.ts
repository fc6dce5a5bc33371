// Audit events as the API server's log backend writes them, for the tests of core/audit and the readers.

export interface EventFields {
  readonly auditID?: string;
  readonly stage?: string;
  readonly verb?: string;
  readonly user?: string;
  readonly groups?: readonly string[];
  readonly impersonate?: { user: string; groups?: string[] };
  readonly uri?: string;
  readonly ref?: Record<string, string>;
  readonly code?: number;
  readonly decision?: "allow" | "forbid";
}

let next = 0;

/** One `audit.k8s.io/v1` Event with what the fields say (objectRef only when `ref` is given). */
export function auditEvent(f: EventFields = {}): Record<string, unknown> {
  return {
    kind: "Event",
    apiVersion: "audit.k8s.io/v1",
    level: "Metadata",
    auditID: f.auditID ?? `id-${++next}`,
    stage: f.stage ?? "ResponseComplete",
    requestURI: f.uri ?? "/api/v1/namespaces/dev/pods",
    verb: f.verb ?? "list",
    user: { username: f.user ?? "system:serviceaccount:dev:app", groups: f.groups ?? ["system:serviceaccounts", "system:authenticated"] },
    ...(f.impersonate ? { impersonatedUser: { username: f.impersonate.user, groups: f.impersonate.groups } } : {}),
    sourceIPs: ["10.0.0.1"],
    userAgent: "test",
    ...(f.ref ? { objectRef: { apiVersion: "v1", ...f.ref } } : {}),
    ...(f.code !== undefined ? { responseStatus: { metadata: {}, code: f.code } } : {}),
    requestReceivedTimestamp: "2026-01-01T00:00:00.000000Z",
    stageTimestamp: "2026-01-01T00:00:00.001000Z",
    ...(f.decision ? { annotations: { "authorization.k8s.io/decision": f.decision, "authorization.k8s.io/reason": "" } } : {}),
  };
}
