// The pure RBAC core: everything kube-rbac knows about Kubernetes RBAC, with no editor, file system
// or network code (the compiler enforces it: see tsconfig.json here). It owns
//   - parsing manifests with source spans, and the API server's defaulting (parse, defaulting, load);
//   - the checks behind every diagnostic, and the risk judgement shared by hovers and the tree (checks/, risk);
//   - authorization exactly as kube-apiserver's RBAC authorizer does it (rule-match, rbac-index, authorize),
//     aggregation (aggregation, label-selector), effective permissions, who-can, escalation coverage;
//   - the built-in API catalog and plain-English explanations (catalog/, explain);
//   - the language service behind the LSP features (service/).
// Other layers import the files they need directly; this entry lists the public surface.

export * from "./model";
export { parseManifests, positionAt } from "./parse";
export type { ParsedFile, ParsedDocument, ParseOptions } from "./parse";
export { objectsFromPlain } from "./load";
export { RbacIndex } from "./rbac-index";
export { authorize, isAllowed } from "./authorize";
export { effectivePermissions, rulesFor, compact } from "./effective";
export { whoCan } from "./who-can";
export { canApply, covers } from "./coverage";
export { canApplyObject, canApplyObjects } from "./can-apply";
export type { ApplyReason, CanApplyResult, ObjectVerdict } from "./can-apply";
export { impersonatedIdentity, serviceAccountIdentity, userIdentity } from "./identity";
export { builtInCatalog, catalogFromDiscovery, mergeCatalogs } from "./catalog";
export type { ApiCatalog, ApiResourceInfo } from "./catalog";
export { explainRule, explainRole, explainBinding } from "./explain";
export { checkFile, checkDocument } from "./checks";
export { ruleRisks } from "./risk";
