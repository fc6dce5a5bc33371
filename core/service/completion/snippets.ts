// Completion from the first keystroke of a document: the missing `apiVersion` and `kind` keys (kind as a
// choice of the four RBAC kinds), and, while the document has neither, a whole-object snippet per kind.
import { RBAC_API_VERSION, RBAC_GROUP } from "../../model";
import { YamlContext } from "../yaml-context";
import { CompletionCandidate } from "./site";

export const RBAC_KIND_DOCS: Readonly<Record<string, string>> = {
  Role: "A set of permissions within one namespace. Granted by a RoleBinding in the same namespace.",
  ClusterRole:
    "A set of permissions that is not tied to a namespace: cluster-scoped resources, non-resource URLs, or namespaced resources in every namespace (via a ClusterRoleBinding) or in one (via a RoleBinding).",
  RoleBinding: "Grants the permissions of a Role or ClusterRole to subjects, within the binding's namespace only.",
  ClusterRoleBinding: "Grants the permissions of a ClusterRole to subjects in every namespace and at cluster scope.",
};

const KINDS = Object.keys(RBAC_KIND_DOCS);

export function snippets(ctx: YamlContext): CompletionCandidate[] {
  const has = (key: string) => ctx.object !== undefined && typeof (ctx.object as Record<string, unknown>)[key] === "string";
  const keys: CompletionCandidate[] = [];
  if (!has("apiVersion"))
    keys.push({
      label: "apiVersion",
      kind: "field",
      detail: RBAC_API_VERSION,
      documentation: "The API version of every RBAC object.",
      insertText: `apiVersion: ${RBAC_API_VERSION}\n`,
      range: ctx.word,
      sortText: "0a",
    });
  if (!has("kind"))
    keys.push({
      label: "kind",
      kind: "field",
      detail: KINDS.join(" | "),
      documentation: KINDS.map((k) => `**${k}**: ${RBAC_KIND_DOCS[k]}`).join("\n\n"),
      insertText: `kind: \${1|${KINDS.join(",")}|}\n`,
      snippet: true,
      range: ctx.word,
      sortText: "0b",
    });
  return has("apiVersion") || has("kind") ? keys : [...keys, ...objectSnippets(ctx)];
}

function objectSnippets(ctx: YamlContext): CompletionCandidate[] {
  const av = `apiVersion: ${RBAC_API_VERSION}`;
  const bodies: Record<string, string> = {
    Role: `${av}\nkind: Role\nmetadata:\n  name: \${1:name}\n  namespace: \${2:namespace}\nrules:\n  - apiGroups: [\${3:""}]\n    resources: [\${4:pods}]\n    verbs: [\${5:get, list, watch}]\n`,
    ClusterRole: `${av}\nkind: ClusterRole\nmetadata:\n  name: \${1:name}\nrules:\n  - apiGroups: [\${2:""}]\n    resources: [\${3:pods}]\n    verbs: [\${4:get, list, watch}]\n`,
    RoleBinding: `${av}\nkind: RoleBinding\nmetadata:\n  name: \${1:name}\n  namespace: \${2:namespace}\nsubjects:\n  - kind: ServiceAccount\n    name: \${3:name}\n    namespace: \${2:namespace}\nroleRef:\n  apiGroup: ${RBAC_GROUP}\n  kind: \${4|Role,ClusterRole|}\n  name: \${5:role}\n`,
    ClusterRoleBinding: `${av}\nkind: ClusterRoleBinding\nmetadata:\n  name: \${1:name}\nsubjects:\n  - kind: \${2|Group,User,ServiceAccount|}\n    name: \${3:name}\n    apiGroup: ${RBAC_GROUP}\nroleRef:\n  apiGroup: ${RBAC_GROUP}\n  kind: ClusterRole\n  name: \${4:role}\n`,
  };
  return Object.entries(bodies).map(([kind, body]) => ({
    label: kind,
    kind: "snippet" as const,
    detail: `New ${kind}`,
    documentation: RBAC_KIND_DOCS[kind],
    insertText: body,
    snippet: true,
    range: ctx.word,
    filterText: kind,
    sortText: `1${KINDS.indexOf(kind)}`,
  }));
}
