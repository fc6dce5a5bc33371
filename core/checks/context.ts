// Shared types of the checks: what a check sees (the parsed object, its YAML node, the workspace),
// and what it reports (findings with optional quick fixes). Pure data; no editor or LSP types.

import type { Document, YAMLMap } from "yaml";
import type { ApiCatalog } from "../catalog";
import { FieldPath, Finding, RbacObject, RoleObject, Severity, SourceRef, Span } from "../model";
import type { ParsedDocument, ParsedFile } from "../parse";

/** What else is known besides the file being checked: the whole workspace and, if connected, the live cluster. */
export interface WorkspaceView {
  /** The Role (namespace = its namespace) or ClusterRole (namespace ignored) of that name, if known anywhere. */
  findRole(kind: "Role" | "ClusterRole", namespace: string, name: string): RoleObject | undefined;
  /** Every known Role and ClusterRole of that name, in any namespace. */
  rolesNamed(name: string): readonly RoleObject[];
  /** true / false when known; undefined = we cannot tell (no cluster, SA not in the workspace). */
  hasServiceAccount?(namespace: string, name: string): boolean | undefined;
  /** True when the live cluster's roles are part of this view. */
  readonly clusterKnown: boolean;
  /** True when the view holds any Role or ClusterRole (otherwise "role not found" would be noise). */
  readonly knowsRoles?: boolean;
  /** Every known Role and ClusterRole, for "did you mean" on a roleRef. */
  roles?(): readonly { readonly object: RoleObject }[];
  /** Every known ServiceAccount, for "did you mean" on a subject. */
  serviceAccounts?(): readonly { readonly namespace: string; readonly name: string }[];
  /** Changes whenever a role or service account appears or leaves (views without it never change). */
  readonly shape?: number;
}

export type SeveritySetting = Severity | "off";

export interface CheckSettings {
  /** Per-code override of the severity; "off" disables the check. */
  readonly severity?: Readonly<Record<string, SeveritySetting>>;
}

export interface CheckContext {
  /** The API catalog (built-in until discovery replaces it). Catalog-based checks stay silent without one. */
  readonly catalog?: ApiCatalog;
  readonly workspace: WorkspaceView;
  readonly settings?: CheckSettings;
}

export interface TextEdit {
  readonly span: Span;
  readonly newText: string;
}

export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
}

/** `Finding.data` as the checks fill it. */
export interface FindingData {
  readonly fixes?: readonly Fix[];
  readonly [key: string]: unknown;
}

export interface ReportOptions {
  /** Overrides the check's default severity for this finding (risk checks: low risks are "information"). */
  readonly severity?: Severity;
  /** The quick fixes, or how to compute them when first asked for (most findings are never acted on). */
  readonly fixes?: readonly Fix[] | (() => readonly Fix[]);
  readonly data?: Readonly<Record<string, unknown>>;
}

export type Report = (span: Span, message: string, options?: ReportOptions) => void;

/** One RBAC object, with everything a check may need to look at it. */
export interface ObjectTarget {
  readonly file: ParsedFile;
  readonly doc: ParsedDocument;
  readonly object: RbacObject;
  /** Path of the object in the document (["items", i] inside a List). */
  readonly prefix: FieldPath;
  readonly source: SourceRef;
  /** The object's YAML map (undefined only when the document is not a map, which cannot happen for RBAC objects). */
  readonly node: YAMLMap | undefined;
  readonly yaml: Document.Parsed;
  readonly ctx: CheckContext;
}

/** One YAML document, for checks about things the parser did not turn into RBAC objects. */
export interface DocumentTarget {
  readonly file: ParsedFile;
  readonly doc: ParsedDocument;
  readonly ctx: CheckContext;
}

/** The whole file, for cheap cross-document checks (duplicate objects). */
export interface FileTarget {
  readonly file: ParsedFile;
  /** The documents that are checked (templated documents are left out). */
  readonly documents: readonly ParsedDocument[];
  readonly ctx: CheckContext;
}

export interface Check {
  /** Stable kebab-case code; also the check's file name and its docs page name. */
  readonly code: string;
  readonly defaultSeverity: Severity;
  /** Short title, e.g. for a settings UI. */
  readonly title: string;
  /** Runs once per RBAC object. */
  object?(t: ObjectTarget, report: Report): void;
  /** Runs once per YAML document. */
  document?(t: DocumentTarget, report: Report): void;
  /** Runs once per file, across documents. Must stay linear. */
  file?(t: FileTarget, report: Report): void;
}

/** The findings of a run, before suppression and severity settings are applied. */
export type RawFinding = Finding;

/**
 * A WorkspaceView over plain lists of objects (the file alone, the workspace, or both plus the cluster).
 * Lookups are indexed, so per-document checks stay cheap.
 */
export function workspaceView(
  roles: readonly RoleObject[],
  serviceAccounts: readonly { namespace: string; name: string }[] | undefined,
  clusterKnown: boolean,
): WorkspaceView {
  const byName = new Map<string, RoleObject[]>();
  for (const r of roles) {
    const list = byName.get(r.metadata.name);
    if (list) list.push(r);
    else byName.set(r.metadata.name, [r]);
  }
  const sas = serviceAccounts ? new Set(serviceAccounts.map((s) => `${s.namespace}/${s.name}`)) : undefined;
  return {
    clusterKnown,
    roles: () => roles.map((object) => ({ object })),
    serviceAccounts: () => serviceAccounts ?? [],
    knowsRoles: roles.length > 0 || clusterKnown,
    rolesNamed: (name) => byName.get(name) ?? [],
    findRole: (kind, namespace, name) =>
      (byName.get(name) ?? []).find((r) => r.kind === kind && (kind === "ClusterRole" || r.metadata.namespace === namespace)),
    hasServiceAccount: (namespace, name) => (sas?.has(`${namespace}/${name}`) ? true : clusterKnown && sas ? false : undefined),
  };
}

/** A view that knows nothing: reference checks stay silent. */
export const EMPTY_WORKSPACE: WorkspaceView = {
  clusterKnown: false,
  knowsRoles: false,
  rolesNamed: () => [],
  findRole: () => undefined,
  hasServiceAccount: () => undefined,
};

// Re-exported for checks that only need these names.
export type { FieldPath, RbacObject };
