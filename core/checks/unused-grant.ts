// A grant no logged request used: with audit logs configured (`kubeRbac.auditLog`, `auditLog:` in
// `.kube-rbac.yaml`, `kube-rbac check --audit-log`), the rules and list entries of a role that no request
// of its subjects in the logs used, and roles none of whose subjects appear in them. It needs the logs and
// the workspace's bindings, so no single file raises it: core/audit/unused-grant.ts does, for the
// language server and the command line; this entry gives the code its severity, title and docs.

import type { Check } from "./context";

export const unusedGrant: Check = {
  code: "unused-grant",
  defaultSeverity: "hint",
  title: "Grant no request in the audit log used",
};
