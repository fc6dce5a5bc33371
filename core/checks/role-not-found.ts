// W060: a binding whose roleRef names a Role/ClusterRole that exists nowhere we can see. The binding is
// inert until such a role is created — and then becomes live without anyone reviewing it again.
// Only reported when something is known (roles in the workspace, or the live cluster).

import type { BindingObject } from "../model";
import type { Check, Fix, ObjectTarget } from "./context";
import { isBindingTarget, valueSpan } from "./support/target";
import { isBootstrapClusterRole, isBootstrapRole, isUserFacingClusterRole, USER_FACING_CLUSTER_ROLES } from "./support/bootstrap";
import { nearestName } from "./support/names";
import { yamlStringLike } from "./support/yaml";

type RoleKind = "Role" | "ClusterRole";

/** The role a misspelt roleRef most likely meant: the same kind first, then the other kind a binding may use. */
function likelyRole(
  t: ObjectTarget & { object: BindingObject },
  kind: RoleKind,
  name: string,
): { kind: RoleKind; name: string } | undefined {
  const ns = t.object.metadata.namespace;
  const all = t.ctx.workspace.roles?.() ?? [];
  const names = (k: RoleKind) => [
    ...all
      .filter(({ object: r }) => r.kind === k && (k === "ClusterRole" || r.metadata.namespace === ns))
      .map(({ object: r }) => r.metadata.name),
    ...(k === "ClusterRole" ? USER_FACING_CLUSTER_ROLES : []),
  ];
  const kinds: RoleKind[] = t.object.kind === "RoleBinding" ? [kind, kind === "Role" ? "ClusterRole" : "Role"] : ["ClusterRole"];
  for (const k of kinds) {
    const near = nearestName(name, names(k));
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
