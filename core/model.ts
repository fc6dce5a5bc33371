// The RBAC object model shared by every layer.
//
// Objects are stored *after* the API server's defaulting (see defaulting.ts) and with every list
// normalised to an array (null / missing -> []), strings kept verbatim: the authorizer never trims
// or case-folds, and neither do we.

/** A half-open range of UTF-16 offsets into the source text: [start, end). */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** A path into a document's YAML tree, e.g. ["rules", 0, "verbs", 2]. */
export type FieldPath = readonly (string | number)[];

/** Where an object came from, and how to find the span of any of its fields. */
export interface SourceRef {
  /** An opaque file identifier chosen by the caller (a URI in the editor, a path in the CLI). */
  readonly file: string;
  /** Index of the YAML document in the file (0-based). */
  readonly docIndex: number;
  /** For objects inside a `kind: List`, the index in `items`; the path prefix is ["items", itemIndex]. */
  readonly itemIndex?: number;
  /** Span of the whole object in the file. */
  readonly span: Span;
  /** Span of the value at `path` (relative to the object), or undefined if the field is absent. */
  valueSpan(path: FieldPath): Span | undefined;
  /** Span of the key of the entry at `path` (for map entries), or undefined. */
  keySpan(path: FieldPath): Span | undefined;
}

export type RoleKind = "Role" | "ClusterRole";
export type BindingKind = "RoleBinding" | "ClusterRoleBinding";
export type RbacKind = RoleKind | BindingKind;

export const RBAC_GROUP = "rbac.authorization.k8s.io";
export const RBAC_API_VERSION = "rbac.authorization.k8s.io/v1";

export interface ObjectMeta {
  readonly name: string;
  /** "" for cluster-scoped objects, and for namespaced objects whose manifest has no namespace. */
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly uid?: string;
  readonly resourceVersion?: string;
}

export interface PolicyRule {
  readonly verbs: readonly string[];
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly resourceNames: readonly string[];
  readonly nonResourceURLs: readonly string[];
}

export type SelectorOperator = "In" | "NotIn" | "Exists" | "DoesNotExist";

export interface LabelSelectorRequirement {
  readonly key: string;
  /** Kept as written; an unknown operator never matches (and is a validation error). */
  readonly operator: string;
  readonly values: readonly string[];
}

export interface LabelSelector {
  readonly matchLabels: Readonly<Record<string, string>>;
  readonly matchExpressions: readonly LabelSelectorRequirement[];
}

export interface AggregationRule {
  readonly clusterRoleSelectors: readonly LabelSelector[];
}

export interface RoleObject {
  readonly kind: RoleKind;
  readonly apiVersion: string;
  readonly metadata: ObjectMeta;
  readonly rules: readonly PolicyRule[];
  /** Only on ClusterRoles; undefined when absent (null counts as absent, as in the API). */
  readonly aggregationRule?: AggregationRule;
  readonly source?: SourceRef;
}

export interface Subject {
  /** "User" | "Group" | "ServiceAccount" when valid; kept verbatim otherwise. */
  readonly kind: string;
  readonly apiGroup: string;
  readonly name: string;
  /** "" when absent. */
  readonly namespace: string;
}

export interface RoleRef {
  readonly apiGroup: string;
  readonly kind: string;
  readonly name: string;
}

export interface BindingObject {
  readonly kind: BindingKind;
  readonly apiVersion: string;
  readonly metadata: ObjectMeta;
  readonly subjects: readonly Subject[];
  readonly roleRef: RoleRef;
  readonly source?: SourceRef;
}

export type RbacObject = RoleObject | BindingObject;

/** A ServiceAccount or Namespace seen in the input; used for completion and dangling-subject checks. */
export interface NamedObject {
  readonly kind: "ServiceAccount" | "Namespace";
  readonly metadata: ObjectMeta;
  readonly source?: SourceRef;
}

export function isRole(o: RbacObject): o is RoleObject {
  return o.kind === "Role" || o.kind === "ClusterRole";
}

export function isBinding(o: RbacObject): o is BindingObject {
  return o.kind === "RoleBinding" || o.kind === "ClusterRoleBinding";
}

/** "Role dev/reader", "ClusterRole view": how objects are named in messages. */
export function describeObject(o: { kind: string; metadata: ObjectMeta }): string {
  return o.metadata.namespace ? `${o.kind} ${o.metadata.namespace}/${o.metadata.name}` : `${o.kind} ${o.metadata.name}`;
}

// ---------------------------------------------------------------------------------------------
// Requests and identities (rbac-semantics.md §2.1, §2.3)

/** Who is asking: RBAC only ever looks at the user name and the groups. */
export interface Identity {
  readonly user: string;
  readonly groups: readonly string[];
}

export interface ResourceRequest {
  readonly kind: "resource";
  readonly verb: string;
  readonly apiGroup: string;
  readonly resource: string;
  /** "" when none. */
  readonly subresource: string;
  /** "" when none (list, POST create, deletecollection). */
  readonly name: string;
  /** "" = cluster scope. */
  readonly namespace: string;
}

export interface NonResourceRequest {
  readonly kind: "nonResource";
  readonly verb: string;
  readonly path: string;
}

export type Request = ResourceRequest | NonResourceRequest;

// ---------------------------------------------------------------------------------------------
// Findings: what parsing and checks report. Mapped to LSP diagnostics by the server, and printed
// by `kube-rbac check`.

export type Severity = "error" | "warning" | "information" | "hint";

export interface Finding {
  /** Stable, kebab-case; also the name of the check's file and of its docs page. */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly file: string;
  readonly span: Span;
  /** Structured data a quick fix needs (e.g. the suggested replacement). */
  readonly data?: Readonly<Record<string, unknown>>;
}
