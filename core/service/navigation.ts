// Navigation: go to the role a roleRef names (workspace file or cluster), find the bindings of a role,
// and the object under the caret.

import { BindingObject, isBinding, isRole, RbacObject, RoleObject, Span } from "../model";
import { ChunkedFile } from "./chunked-parse";
import { Located, WorkspaceModel } from "./workspace";
import { contextAt } from "./yaml-context";

export type Target =
  | { readonly kind: "file"; readonly file: string; readonly span: Span; readonly selection: Span }
  | { readonly kind: "cluster"; readonly objectKind: string; readonly namespace: string; readonly name: string };

/** The RBAC object whose span holds `offset`. */
export function objectAt(file: ChunkedFile, offset: number): RbacObject | undefined {
  const chunk = file.chunkAt(offset);
  if (!chunk) return undefined;
  // Objects are in file order: search only those of the chunk's documents.
  for (const o of file.objects) {
    const s = o.source?.span;
    if (s && offset >= s.start && offset <= s.end) return o;
  }
  return undefined;
}

export function targetOf(l: Located<RbacObject>): Target | undefined {
  if (l.origin.kind === "cluster")
    return {
      kind: "cluster",
      objectKind: l.object.kind,
      namespace: l.object.kind === "Role" || l.object.kind === "RoleBinding" ? l.object.metadata.namespace : "",
      name: l.object.metadata.name,
    };
  const src = l.object.source;
  if (!src) return undefined;
  return { kind: "file", file: l.origin.file, span: src.span, selection: src.valueSpan(["metadata", "name"]) ?? src.span };
}

/** Roles a binding's roleRef may resolve to (a RoleBinding's Role lives in its namespace). */
export function rolesOfBinding(b: BindingObject, workspace: WorkspaceModel): Located<RoleObject>[] {
  const kind = b.roleRef.kind;
  if (kind !== "Role" && kind !== "ClusterRole") return [];
  return workspace.locateRole(kind, b.metadata.namespace, b.roleRef.name);
}

/** Definition: from a binding's roleRef (or the binding itself) to its role. */
export function definition(file: ChunkedFile, offset: number, workspace: WorkspaceModel): Target[] {
  const ctx = contextAt(file, offset);
  const o = objectAt(file, offset);
  if (!ctx || !o || !isBinding(o) || ctx.path[0] !== "roleRef") return [];
  return rolesOfBinding(o, workspace)
    .map(targetOf)
    .filter((t): t is Target => t !== undefined);
}

/** References: from a role (or a roleRef) to every binding of it, at their roleRef.name. */
export function references(file: ChunkedFile, offset: number, workspace: WorkspaceModel, includeDeclaration: boolean): Target[] {
  const o = objectAt(file, offset);
  if (!o) return [];
  let roles: RoleObject[] = [];
  if (isRole(o)) roles = [o];
  else if (isBinding(o)) roles = rolesOfBinding(o, workspace).map((l) => l.object);
  const out: Target[] = [];
  const seen = new Set<string>();
  for (const role of roles) {
    if (includeDeclaration) {
      for (const l of workspace.locateRole(role.kind, role.metadata.namespace, role.metadata.name)) {
        const t = targetOf(l);
        if (t) out.push(t);
      }
    }
    for (const l of workspace.bindingsOf(role)) {
      if (l.origin.kind !== "file" || !l.object.source) continue;
      const src = l.object.source;
      const span = src.valueSpan(["roleRef", "name"]) ?? src.span;
      const key = `${l.origin.file}#${span.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ kind: "file", file: l.origin.file, span, selection: span });
    }
  }
  return out;
}
