// W060: a binding whose roleRef names a Role/ClusterRole that exists nowhere we can see. The binding is
// inert until such a role is created — and then becomes live without anyone reviewing it again.
// Only reported when something is known (roles in the workspace, or the live cluster).

import type { BindingObject } from "../model";
import type { Check, Fix, ObjectTarget, WorkspaceView } from "./context";
import { isBindingTarget, valueSpan } from "./support/target";
import { isBootstrapClusterRole, isBootstrapRole, isUserFacingClusterRole, USER_FACING_CLUSTER_ROLES } from "./support/bootstrap";
import { nearestName } from "./support/names";
import { yamlStringLike } from "./support/yaml";

type RoleKind = "Role" | "ClusterRole";

/**
 * The names of a view's roles by kind and namespace ("ClusterRole", "Role/<namespace>"), kept per view
 * while its shape stays (the shape changes whenever a role appears or leaves): the bindings of a file,
 * and an edit that changes no role, look up the same names.
 */
const namesByView = new WeakMap<WorkspaceView, { readonly shape: number | undefined; readonly byKey: Map<string, string[]> }>();

function roleNames(view: WorkspaceView, kind: RoleKind, ns: string): readonly string[] {
  let kept = namesByView.get(view);
  if (!kept || kept.shape !== view.shape) {
    const sets = new Map<string, Set<string>>([["ClusterRole", new Set(USER_FACING_CLUSTER_ROLES)]]);
    for (const { object: r } of view.roles?.() ?? []) {
      const key = r.kind === "ClusterRole" ? "ClusterRole" : `Role/${r.metadata.namespace}`;
      let set = sets.get(key);
      if (!set) sets.set(key, (set = new Set()));
      set.add(r.metadata.name);
    }
    kept = { shape: view.shape, byKey: new Map([...sets].map(([k, set]) => [k, [...set]])) };
    namesByView.set(view, kept);
  }
  return kept.byKey.get(kind === "ClusterRole" ? "ClusterRole" : `Role/${ns}`) ?? [];
}

/** The role a misspelt roleRef most likely meant: the same kind first, then the other kind a binding may use. */
function likelyRole(
  t: ObjectTarget & { object: BindingObject },
  kind: RoleKind,
  name: string,
): { kind: RoleKind; name: string } | undefined {
  const ns = t.object.metadata.namespace;
  const kinds: RoleKind[] = t.object.kind === "RoleBinding" ? [kind, kind === "Role" ? "ClusterRole" : "Role"] : ["ClusterRole"];
  for (const k of kinds) {
    const near = nearestName(name, roleNames(t.ctx.workspace, k, ns));
    if (near !== undefined) return { kind: k, name: near };
  }
  return undefined;
}

export const roleNotFound: Check = {
  code: "role-not-found",
  defaultSeverity: "warning",
  title: "roleRef to a role that does not exist",
  object(t, report) {
    if (!isBindingTarget(t)) return;
    const ws = t.ctx.workspace;
    if (!ws.knowsRoles && !ws.clusterKnown) return;
    const { kind, name } = t.object.roleRef;
    if ((kind !== "Role" && kind !== "ClusterRole") || name === "") return;
    if (kind === "ClusterRole" && isBootstrapClusterRole(name)) return;
    const ns = t.object.metadata.namespace;
    if (kind === "Role" && t.object.kind !== "RoleBinding") return;
    if (ws.findRole(kind, ns, name)) return;
    const others = ws.rolesNamed(name);
    if (kind === "Role" && (ns === "" ? others.some((r) => r.kind === "Role") : others.length > 0)) return; // role-in-other-namespace
    if (kind === "Role" && isUserFacingClusterRole(name)) return; // role-in-other-namespace
    if (kind === "Role" && isBootstrapRole(name)) return;
    const span = valueSpan(t, ["roleRef", "name"]);
    if (!span) return;
    const where = ws.clusterKnown ? "in the workspace or the cluster" : "in the workspace";
    const what = kind === "Role" ? `Role "${name}"${ns ? ` in namespace ${ns}` : ""}` : `ClusterRole "${name}"`;
    const meant = likelyRole(t, kind, name);
    const fixes: Fix[] = [];
    if (meant) {
      const kindSpan = valueSpan(t, ["roleRef", "kind"]);
      const edits = [{ span, newText: yamlStringLike(meant.name, t.file.text.slice(span.start, span.end)) }];
      if (meant.kind !== kind && kindSpan) edits.push({ span: kindSpan, newText: meant.kind });
      if (meant.kind === kind || kindSpan) fixes.push({ title: `Use ${meant.kind} ${meant.name}`, edits });
    }
    const hint = meant ? ` Did you mean ${meant.kind} "${meant.name}"?` : "";
    report(
      span,
      `No ${what} exists ${where}: this binding grants nothing until one is created, and then it silently becomes live.${hint}`,
      {
        fixes,
        data: meant ? { suggestion: meant } : undefined,
      },
    );
  },
};
