// The checks of the language server and of `kube-rbac check`: one file per check, named by its code.
// This module owns the registry and the entry points:
//   checkFile(parsed, ctx)            every finding of a file (YAML errors included)
//   checkDocument(parsed, i, ctx)     findings of one YAML document (incremental re-checks of big files)
//   checkFileLevel(parsed, ctx)       the cross-document part (duplicate objects, templated-file notice)
// checkFile = checkDocument for every document + checkFileLevel.

import { Finding, Severity } from "../model";
import type { ParsedFile } from "../parse";
import type { Check, CheckContext } from "./context";
import { runDocument, runFile } from "./support/run";

import { duplicateKey } from "./duplicate-key";
import { emptyAggregationRule } from "./empty-aggregation-rule";
import { invalidLabelSelector } from "./invalid-label-selector";
import { invalidName } from "./invalid-name";
import { invalidNamespace } from "./invalid-namespace";
import { invalidRoleRefApiGroup } from "./invalid-role-ref-api-group";
import { invalidRoleRefKind } from "./invalid-role-ref-kind";
import { invalidRoleRefName } from "./invalid-role-ref-name";
import { invalidServiceAccountName } from "./invalid-service-account-name";
import { invalidSubjectApiGroup } from "./invalid-subject-api-group";
import { invalidSubjectKind } from "./invalid-subject-kind";
import { missingApiGroups } from "./missing-api-groups";
import { missingName } from "./missing-name";
import { missingResources } from "./missing-resources";
import { missingRoleRef } from "./missing-role-ref";
import { missingSubjectName } from "./missing-subject-name";
import { missingSubjectNamespace } from "./missing-subject-namespace";
import { missingVerbs } from "./missing-verbs";
import { mixedRule } from "./mixed-rule";
import { namespacedNonResourceUrls } from "./namespaced-non-resource-urls";
import { templatedFile } from "./templated-file";
import { unknownField } from "./unknown-field";
import { unsupportedApiVersion } from "./unsupported-api-version";
import { wrongType } from "./wrong-type";
import { yamlSyntax } from "./yaml-syntax";

export type { Check, CheckContext, CheckSettings, Fix, FindingData, TextEdit, WorkspaceView, SeveritySetting } from "./context";
export { EMPTY_WORKSPACE, workspaceView } from "./context";

/** Every check, errors first. */
export const ALL_CHECKS: readonly Check[] = [
  // Errors: what the API server or kubectl's strict validation rejects.
  yamlSyntax, duplicateKey, unsupportedApiVersion, missingName, invalidName, invalidNamespace, unknownField, wrongType,
  missingVerbs, namespacedNonResourceUrls, mixedRule, missingApiGroups, missingResources, emptyAggregationRule,
  invalidLabelSelector, missingRoleRef, invalidRoleRefApiGroup, invalidRoleRefKind, invalidRoleRefName,
  missingSubjectName, invalidSubjectKind, invalidSubjectApiGroup, invalidServiceAccountName, missingSubjectNamespace,
  templatedFile,
];

const BY_CODE = new Map(ALL_CHECKS.map((c) => [c.code, c]));

export function checkByCode(code: string): Check | undefined {
  return BY_CODE.get(code);
}

export function defaultSeverity(code: string): Severity | undefined {
  return BY_CODE.get(code)?.defaultSeverity;
}

/** Repository-relative path of a code's documentation page. */
export function docsPath(code: string): string {
  return `docs/checks/${code}.md`;
}

export function checkDocument(parsed: ParsedFile, docIndex: number, ctx: CheckContext): Finding[] {
  return runDocument(ALL_CHECKS, parsed, docIndex, ctx);
}

export function checkFileLevel(parsed: ParsedFile, ctx: CheckContext): Finding[] {
  return runFile(ALL_CHECKS, templatedFile, parsed, ctx);
}

export function checkFile(parsed: ParsedFile, ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  for (let i = 0; i < parsed.documents.length; i++) out.push(...checkDocument(parsed, i, ctx));
  out.push(...checkFileLevel(parsed, ctx));
  return out.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}
