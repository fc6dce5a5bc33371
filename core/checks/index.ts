// The checks of the language server and of `kube-rbac check`: one file per check, named by its code.
// This module owns the registry and the entry points:
//   checkFile(parsed, ctx)            every finding of a file (YAML errors included)
//   checkDocument(parsed, i, ctx)     findings of one YAML document (incremental re-checks of big files)
//   checkFileLevel(parsed, ctx)       the cross-document part (duplicate objects, templated-file notice)
// checkFile = checkDocument for every document + checkFileLevel.

import { Finding, Severity } from "../model";
import type { ParsedFile } from "../parse";
import type { Check, CheckContext } from "./context";
import { compareFindings } from "./support/order";
import { KeepFinding, runDocument, runFile } from "./support/run";
import { checkTemplate, isGoTemplate, VariantReader } from "../template/check";
import type { DocumentMemo } from "../template/memo";

import { duplicateKey } from "./duplicate-key";
import { emptyAggregationRule } from "./empty-aggregation-rule";
import { invalidLabelSelector } from "./invalid-label-selector";
import { invalidName } from "./invalid-name";
import { invalidGenerateName } from "./invalid-generate-name";
import { invalidLabel } from "./invalid-label";
import { invalidAnnotation } from "./invalid-annotation";
import { invalidFinalizer } from "./invalid-finalizer";
import { invalidOwnerReference } from "./invalid-owner-reference";
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
import { renderFailed } from "./render-failed";
import { unusedGrant } from "./unused-grant";
import { unknownField } from "./unknown-field";
import { unsupportedApiVersion } from "./unsupported-api-version";
import { wrongType } from "./wrong-type";
import { yamlSyntax } from "./yaml-syntax";
import { invalidApiGroup } from "./invalid-api-group";
import { deprecatedApiGroup } from "./deprecated-api-group";
import { unknownVerb } from "./unknown-verb";
import { ineffectiveResourceNames } from "./ineffective-resource-names";
import { suspiciousResourceName } from "./suspicious-resource-name";
import { subresourceWildcard } from "./subresource-wildcard";
import { systemNameTypo } from "./system-name-typo";
import { subjectNamespaceIgnored } from "./subject-namespace-ignored";
import { userNamedByObjectId } from "./user-named-by-object-id";
import { clusterScopedNamespace } from "./cluster-scoped-namespace";
import { rulesWithAggregation } from "./rules-with-aggregation";
import { aggregateLabelValue } from "./aggregate-label-value";
import { invalidNonResourceUrl } from "./invalid-non-resource-url";
import { nonResourceVerb } from "./non-resource-verb";
import { roleNotFound } from "./role-not-found";
import { roleInOtherNamespace } from "./role-in-other-namespace";
import { serviceAccountNotFound } from "./service-account-not-found";
import { noSubjects } from "./no-subjects";
import { duplicateEntry } from "./duplicate-entry";
import { duplicateObject } from "./duplicate-object";
import { unknownResource } from "./unknown-resource";
import { wrongApiGroup } from "./wrong-api-group";
import { unsupportedVerb } from "./unsupported-verb";
import { clusterAdminEquivalent } from "./cluster-admin-equivalent";
import { wildcard } from "./wildcard";
import { escalatePermission } from "./escalate-permission";
import { bindPermission } from "./bind-permission";
import { impersonatePermission } from "./impersonate-permission";
import { secretsRead } from "./secrets-read";
import { podExec } from "./pod-exec";
import { workloadCreate } from "./workload-create";
import { nodesProxy } from "./nodes-proxy";
import { tokenCreate } from "./token-create";
import { csrApproval } from "./csr-approval";
import { webhookWrite } from "./webhook-write";
import { rbacWrite } from "./rbac-write";
import { pvCreate } from "./pv-create";
import { broadSubject } from "./broad-subject";
import { clusterAdminBinding } from "./cluster-admin-binding";
import { aggregatedRisk } from "./aggregated-risk";

export type { Check, CheckContext, CheckSettings, Fix, FindingData, TextEdit, WorkspaceView, SeveritySetting } from "./context";
export { EMPTY_WORKSPACE, workspaceView } from "./context";
export { compareFindings, findingOrder } from "./support/order";

/** Every check, errors first. */
export const ALL_CHECKS: readonly Check[] = [
  // Errors: what the API server or kubectl's strict validation rejects.
  yamlSyntax,
  duplicateKey,
  unsupportedApiVersion,
  missingName,
  invalidName,
  invalidGenerateName,
  invalidNamespace,
  invalidLabel,
  invalidAnnotation,
  invalidFinalizer,
  invalidOwnerReference,
  unknownField,
  wrongType,
  missingVerbs,
  namespacedNonResourceUrls,
  mixedRule,
  missingApiGroups,
  missingResources,
  emptyAggregationRule,
  invalidLabelSelector,
  missingRoleRef,
  invalidRoleRefApiGroup,
  invalidRoleRefKind,
  invalidRoleRefName,
  missingSubjectName,
  invalidSubjectKind,
  invalidSubjectApiGroup,
  invalidServiceAccountName,
  missingSubjectNamespace,
  // Warnings: accepted by the API server, but wrong or inert.
  unknownResource,
  wrongApiGroup,
  invalidApiGroup,
  deprecatedApiGroup,
  unknownVerb,
  unsupportedVerb,
  ineffectiveResourceNames,
  suspiciousResourceName,
  subresourceWildcard,
  invalidNonResourceUrl,
  nonResourceVerb,
  systemNameTypo,
  subjectNamespaceIgnored,
  userNamedByObjectId,
  clusterScopedNamespace,
  rulesWithAggregation,
  aggregateLabelValue,
  roleNotFound,
  roleInOtherNamespace,
  serviceAccountNotFound,
  noSubjects,
  duplicateEntry,
  duplicateObject,
  // Risks: valid, but dangerous (judged by core/risk.ts).
  clusterAdminEquivalent,
  wildcard,
  escalatePermission,
  bindPermission,
  impersonatePermission,
  secretsRead,
  podExec,
  workloadCreate,
  nodesProxy,
  tokenCreate,
  csrApproval,
  webhookWrite,
  rbacWrite,
  pvCreate,
  broadSubject,
  clusterAdminBinding,
  aggregatedRisk,
  templatedFile,
  renderFailed,
  unusedGrant,
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

/** Where the project's repository is published (package.json's repository and homepage agree: a test checks). */
export const REPOSITORY_URL = "https://github.com/kube-rbac/kube-rbac";

/** Absolute address of a code's documentation page, for SARIF and other reports read outside the editor. */
export function docsUrl(code: string): string {
  return `${REPOSITORY_URL}/blob/main/${docsPath(code)}`;
}

/**
 * A Helm (Go) template is checked as a whole, in place, with its actions understood (core/template): its
 * per-document findings are part of the file-level ones, so a template's documents report nothing alone.
 */
function isReadInPlace(parsed: ParsedFile): boolean {
  return parsed.templated && !JINJA_RE.test(parsed.text);
}
const JINJA_RE = /\{%[\s\S]*?%\}/;

export function checkDocument(parsed: ParsedFile, docIndex: number, ctx: CheckContext): Finding[] {
  if (isReadInPlace(parsed)) return [];
  return runDocument(ALL_CHECKS, parsed, docIndex, ctx);
}

/**
 * `memo`: a template's per-document findings kept from the file's last check (core/template/memo.ts);
 * `read`: its variants as the caller reads them, chunk by chunk (core/service/template-variants.ts).
 */
export function checkFileLevel(parsed: ParsedFile, ctx: CheckContext, memo?: DocumentMemo, read?: VariantReader): Finding[] {
  const template = parsed.source ?? parsed.text;
  if (isReadInPlace(parsed) && isGoTemplate(template)) {
    try {
      const split = {
        document: (p: ParsedFile, i: number, keep: KeepFinding) => runDocument(ALL_CHECKS, p, i, ctx, keep),
        fileLevel: (p: ParsedFile, keep: KeepFinding) => runFile(ALL_CHECKS, templatedFile, p, ctx, keep),
        order: compareFindings,
        memo,
        read,
      };
      return checkTemplate(template, parsed.file, ctx, split, parsed.maskedVariants).findings;
    } catch {
      // A bug of the template reader must not cost the file its checks: the plain reading (one notice) instead.
    }
  }
  return runFile(ALL_CHECKS, templatedFile, parsed, ctx);
}

export function checkFile(parsed: ParsedFile, ctx: CheckContext): Finding[] {
  const out: Finding[] = [];
  for (let i = 0; i < parsed.documents.length; i++) out.push(...checkDocument(parsed, i, ctx));
  out.push(...checkFileLevel(parsed, ctx));
  return out.sort(compareFindings);
}
