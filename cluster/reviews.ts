// Questions the API server answers with authority: who am I (SelfSubjectReview), may I / may they
// (SelfSubjectAccessReview, SubjectAccessReview), and what may I do in a namespace
// (SelfSubjectRulesReview). These are the only objects we ever create, and creating them stores nothing.

import { Identity, PolicyRule, Request } from "../core/model";
import { ClusterConnection, RequestOptions } from "./connection";
import { ClusterError } from "./errors";

export interface WhoAmI {
  readonly username: string;
  readonly groups: readonly string[];
  readonly uid: string;
  readonly extra: Readonly<Record<string, readonly string[]>>;
}

export async function whoAmI(conn: ClusterConnection, options: RequestOptions = {}): Promise<WhoAmI> {
  const res = await conn.review<{
    status?: { userInfo?: { username?: string; groups?: string[]; uid?: string; extra?: Record<string, string[]> } };
  }>("/apis/authentication.k8s.io/v1/selfsubjectreviews", { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" }, options);
  const u = res.status?.userInfo;
  if (!u || typeof u.username !== "string") throw new ClusterError("invalid-response", "The SelfSubjectReview came back without a user.");
  return {
    username: u.username,
    groups: Array.isArray(u.groups) ? u.groups : [],
    uid: typeof u.uid === "string" ? u.uid : "",
    extra: u.extra ?? {},
  };
}

export interface AccessDecision {
  readonly allowed: boolean;
  /** True only when an authorizer said a definite no (RBAC never does). */
  readonly denied: boolean;
  readonly reason: string;
  readonly evaluationError: string;
}

function attributes(req: Request): Record<string, unknown> {
  if (req.kind === "nonResource") return { nonResourceAttributes: { path: req.path, verb: req.verb } };
  const a: Record<string, string> = { verb: req.verb, group: req.apiGroup, resource: req.resource };
  if (req.subresource) a.subresource = req.subresource;
  if (req.name) a.name = req.name;
  if (req.namespace) a.namespace = req.namespace;
  return { resourceAttributes: a };
}

type ReviewStatus = { status?: { allowed?: boolean; denied?: boolean; reason?: string; evaluationError?: string } };

function decision(r: ReviewStatus): AccessDecision {
  const s = r.status ?? {};
  return { allowed: s.allowed === true, denied: s.denied === true, reason: s.reason ?? "", evaluationError: s.evaluationError ?? "" };
}

/** May the connection's own user make this request? */
export async function selfAccessReview(conn: ClusterConnection, req: Request, options: RequestOptions = {}): Promise<AccessDecision> {
  const res = await conn.review<ReviewStatus>(
    "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
    { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", spec: attributes(req) },
    options,
  );
  return decision(res);
}

/** May this identity make the request? Needs `create subjectaccessreviews` (cluster admins have it). */
export async function subjectAccessReview(
  conn: ClusterConnection,
  identity: Identity,
  req: Request,
  options: RequestOptions = {},
): Promise<AccessDecision> {
  const res = await conn.review<ReviewStatus>(
    "/apis/authorization.k8s.io/v1/subjectaccessreviews",
    {
      apiVersion: "authorization.k8s.io/v1",
      kind: "SubjectAccessReview",
      spec: { user: identity.user, groups: [...identity.groups], ...attributes(req) },
    },
    options,
  );
  return decision(res);
}

export interface SelfRules {
  readonly namespace: string;
  readonly rules: readonly PolicyRule[];
  /** The server could not list everything (e.g. a webhook authorizer cannot enumerate). */
  readonly incomplete: boolean;
  readonly evaluationError: string;
}

/** What the connection's own user may do in `namespace` (rules from every authorizer that can list them). */
export async function selfRulesReview(conn: ClusterConnection, namespace: string, options: RequestOptions = {}): Promise<SelfRules> {
  type Raw = {
    status?: {
      resourceRules?: Record<string, string[]>[];
      nonResourceRules?: Record<string, string[]>[];
      incomplete?: boolean;
      evaluationError?: string;
    };
  };
  const res = await conn.review<Raw>(
    "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews",
    { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectRulesReview", spec: { namespace } },
    options,
  );
  const s = res.status ?? {};
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
  const rules: PolicyRule[] = [
    ...(s.resourceRules ?? []).map((r) => ({
      verbs: list(r.verbs),
      apiGroups: list(r.apiGroups),
      resources: list(r.resources),
      resourceNames: list(r.resourceNames),
      nonResourceURLs: [],
    })),
    ...(s.nonResourceRules ?? []).map((r) => ({
      verbs: list(r.verbs),
      apiGroups: [],
      resources: [],
      resourceNames: [],
      nonResourceURLs: list(r.nonResourceURLs),
    })),
  ];
  return { namespace, rules, incomplete: s.incomplete === true, evaluationError: s.evaluationError ?? "" };
}
