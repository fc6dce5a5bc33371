// `kube-rbac what-if FILE... (-f STATE... | --kubeconfig K) [--as USER [--as-group G]...] [-n NS] [-o json]`
// What applying FILE... on top of the state would add to and remove from each subject's permissions
// (or one identity's, with --as). Exit codes as diff: 0 nothing changes, 1 something does, 2 usage.

import { compact, effectivePermissions } from "../../core/effective";
import { Identity } from "../../core/model";
import { applied, diffPermissions, PermissionLine, SubjectChange, whatIf } from "../../core/what-if";
import { ParsedArgs, UsageError, flagString } from "../args";
import { EXIT, Io } from "../io";
import { WHAT_IF_USAGE } from "../usage";
import { loadState } from "../sources";
import { QueryState } from "../state";
import { identityFromArgs } from "./can-i";

export function whatIfCommand(a: ParsedArgs, state: QueryState, io: Io, json: boolean): number {
  if (a.positionals.length === 0) throw new UsageError(`expected the FILEs to apply\nusage: ${WHAT_IF_USAGE}`);
  const input = loadState(a.positionals);
  const after = applied(state.index, input.objects, flagString(a, "namespace") ?? "default");
  const identity = identityFromArgs(a);
  const changes = identity
    ? [identityChange(state, after, identity)].filter((c) => c.added.length + c.removed.length > 0)
    : whatIf(state.index, after);
  for (const w of [...input.warnings, ...state.warnings]) io.err(w + "\n");
  if (json) io.out(JSON.stringify({ subjects: changes }, null, 2) + "\n");
  else io.out(changesText(changes, input.objects.length));
  return changes.length === 0 ? EXIT.ok : EXIT.no;
}

function identityChange(state: QueryState, after: QueryState["index"], identity: Identity): SubjectChange {
  const d = diffPermissions(compact(effectivePermissions(state.index, identity)), compact(effectivePermissions(after, identity)));
  return { kind: "User", name: identity.user, namespace: "", ...d };
}

/** "get apps/deployments [web] in namespace team-b", "get /healthz/* (non-resource URL)". */
export function describeLine(l: PermissionLine): string {
  if (l.apiGroup === undefined) return `${l.verb} ${l.resource} (non-resource URL)`;
  const res = `${l.apiGroup === "" ? "" : `${l.apiGroup}/`}${l.resource}${l.resourceNames.length ? ` [${l.resourceNames.join(", ")}]` : ""}`;
  return `${l.verb} ${res} ${l.scope === "" ? "cluster-wide" : `in namespace ${l.scope}`}`;
}

function changesText(changes: readonly SubjectChange[], objects: number): string {
  if (changes.length === 0)
    return `no change: applying ${objects} RBAC object${objects === 1 ? "" : "s"} changes no subject's permissions\n`;
  const added = changes.reduce((n, c) => n + c.added.length, 0);
  const removed = changes.reduce((n, c) => n + c.removed.length, 0);
  let out = `${changes.length} subject${changes.length === 1 ? "" : "s"} change: ${added} permission${added === 1 ? "" : "s"} added, ${removed} removed\n`;
  for (const c of changes) {
    out += `\n${c.kind} ${c.namespace ? `${c.namespace}/` : ""}${c.name}: +${c.added.length} -${c.removed.length}\n`;
    for (const l of c.added) out += `  + ${describeLine(l)}\n`;
    for (const l of c.removed) out += `  - ${describeLine(l)}\n`;
  }
  return out;
}
