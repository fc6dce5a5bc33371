// Completion inside a binding's `subjects[i]`: kinds, API groups, namespaces, service accounts and groups.
import { RBAC_GROUP } from "../../model";
import { at, CompletionCandidate, str, ValueSite } from "./site";

const WELL_KNOWN_GROUPS: readonly [string, string][] = [
  ["system:authenticated", "Every authenticated user and service account."],
  ["system:unauthenticated", "Anonymous requests."],
  ["system:serviceaccounts", "Every service account of every namespace."],
  ["system:masters", "Superusers: bypasses RBAC entirely (granting to it adds nothing)."],
];

/** A value of `subjects[i]`. */
export function completeSubject(site: ValueSite): CompletionCandidate[] {
  const { input, obj, path, namespace, value } = site;
  if (!(path[0] === "subjects" && typeof path[1] === "number" && path.length === 3)) return [];
  const subject = at(obj, ["subjects", path[1]]);
  const sKind = str(at(subject, ["kind"]));
  if (path[2] === "kind") {
    return [
      value("ServiceAccount", "enum", "A service account: user `system:serviceaccount:<namespace>:<name>`."),
      value("User", "enum", "A user name as the authenticator reports it (certificate CN, OIDC claim, Entra ID UPN or object id)."),
      value("Group", "enum", "A group name as the authenticator reports it (certificate O, OIDC groups claim, Entra ID group object id)."),
    ];
  }
  if (path[2] === "apiGroup") {
    return sKind === "ServiceAccount"
      ? [value("", "constant", "Service-account subjects have the empty API group.")]
      : [value(RBAC_GROUP, "constant", "User and Group subjects use the RBAC API group (the default when omitted).")];
  }
  if (path[2] === "namespace" && sKind !== "User" && sKind !== "Group") {
    return input.workspace.namespaces().map((n) => value(n, "folder", undefined, "namespace"));
  }
  if (path[2] === "name") {
    if (sKind === "ServiceAccount") {
      const ns = str(at(subject, ["namespace"])) || namespace;
      return input.workspace
        .serviceAccounts()
        .filter((sa) => !ns || sa.namespace === ns)
        .map((sa) =>
          value(
            sa.name,
            "reference",
            `Service account \`${sa.namespace}/${sa.name}\` (user \`system:serviceaccount:${sa.namespace}:${sa.name}\`).`,
            `service account in ${sa.namespace}`,
          ),
        );
    }
    if (sKind === "Group") {
      const out = WELL_KNOWN_GROUPS.map(([g, d]) => value(g, "constant", d, "built-in group"));
      for (const n of input.workspace.namespaces())
        out.push(value(`system:serviceaccounts:${n}`, "constant", `Every service account of namespace \`${n}\`.`, "built-in group"));
      return out;
    }
  }
  return [];
}
