// Completion inside a binding's `roleRef`: its kind, API group, and the roles the workspace and cluster know.
import { RBAC_GROUP } from "../../model";
import { RBAC_KIND_DOCS } from "./snippets";
import { at, CompletionCandidate, sortKey, str, ValueSite } from "./site";

/** A value of `roleRef`. */
export function completeRoleRef(site: ValueSite): CompletionCandidate[] {
  const { input, obj, kind, path, namespace, value } = site;
  if (!(path[0] === "roleRef" && path.length === 2)) return [];
  const isRb = kind === "RoleBinding";
  if (path[1] === "kind") {
    const out = [value("ClusterRole", "enum", RBAC_KIND_DOCS.ClusterRole)];
    if (isRb) out.unshift(value("Role", "enum", `${RBAC_KIND_DOCS.Role} Looked up in the binding's namespace.`));
    return out;
  }
  if (path[1] === "apiGroup") return [value(RBAC_GROUP, "constant", "The only value the API server accepts (the default when omitted).")];
  if (path[1] === "name") {
    const refKind = str(at(obj, ["roleRef", "kind"]));
    const kinds =
      kind === "ClusterRoleBinding"
        ? ["ClusterRole"]
        : refKind === "Role" || refKind === "ClusterRole"
          ? [refKind]
          : ["Role", "ClusterRole"];
    const seen = new Set<string>();
    const out: CompletionCandidate[] = [];
    for (const l of input.workspace.roles()) {
      const r = l.object;
      if (!kinds.includes(r.kind)) continue;
      if (r.kind === "Role" && (!isRb || r.metadata.namespace !== namespace)) continue;
      const key = `${r.kind}/${r.metadata.name}`;
      if (seen.has(key) || !r.metadata.name) continue;
      seen.add(key);
      const where = l.origin.kind === "file" ? "workspace" : `cluster ${l.origin.context}`;
      out.push(
        value(
          r.metadata.name,
          "reference",
          roleDoc(r.rules.length, r.aggregationRule !== undefined, where),
          `${r.kind}${r.kind === "Role" ? ` in ${r.metadata.namespace}` : ""} (${where})`,
          sortKey(l.origin.kind === "file" ? 0 : 1, r.metadata.name),
        ),
      );
    }
    return out;
  }
  return [];
}

function roleDoc(rules: number, aggregated: boolean, where: string): string {
  return `${rules} rule${rules === 1 ? "" : "s"}${aggregated ? ", aggregated" : ""}; defined in the ${where}.`;
}
