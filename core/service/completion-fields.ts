// Completion of field names (keys) inside RBAC objects — top level, metadata, rules, subjects, roleRef,
// aggregationRule and its selectors — and of values drawn from known objects: resourceNames (names of
// the roles, bindings, service accounts or namespaces a rule's resources name) and aggregationRule
// label keys/values (from the labels of known ClusterRoles). Pure data, like completion.ts.

import { isBinding, Span } from "../model";
import { ChunkedParser, ChunkedFile } from "./chunked-parse";
import { WorkspaceModel } from "./workspace";
import { contextAt, PathStep, YamlContext } from "./yaml-context";

const PLACEHOLDER = "kube_rbac_key_placeholder";

export interface FieldCandidate {
  readonly key: string;
  readonly documentation: string;
}

const F = (key: string, documentation: string): FieldCandidate => ({ key, documentation });

const TOP: Record<string, FieldCandidate[]> = {
  Role: [F("rules", "The permissions: a list of policy rules (apiGroups, resources, verbs, resourceNames).")],
  ClusterRole: [
    F("rules", "The permissions: a list of policy rules (apiGroups, resources, verbs, resourceNames, nonResourceURLs)."),
    F(
      "aggregationRule",
      "Makes this an aggregated ClusterRole: the controller overwrites `rules` with the rules of every ClusterRole its selectors match.",
    ),
  ],
  RoleBinding: [
    F("subjects", "Who gets the role: users, groups and service accounts."),
    F("roleRef", "The Role or ClusterRole granted (immutable once created)."),
  ],
  ClusterRoleBinding: [
    F("subjects", "Who gets the role: users, groups and service accounts."),
    F("roleRef", "The ClusterRole granted (immutable once created)."),
  ],
};

function fieldsAt(kind: string, parent: readonly PathStep[], subjectKind: string): FieldCandidate[] {
  const p = parent.map((s) => (typeof s === "number" ? "#" : s)).join(".");
  switch (p) {
    case "":
      return [
        F("apiVersion", "`rbac.authorization.k8s.io/v1`."),
        F("kind", "Role, ClusterRole, RoleBinding or ClusterRoleBinding."),
        F("metadata", "Name, namespace, labels and annotations."),
        ...(TOP[kind] ?? []),
      ];
    case "metadata":
      return [
        F("name", "The object's name (a path segment: no `/`, `%`, `.` or `..`)."),
        ...(kind === "Role" || kind === "RoleBinding"
          ? [F("namespace", "The namespace the object lives in (and, for a RoleBinding, where it grants).")]
          : []),
        F("labels", 'Labels (e.g. `rbac.authorization.k8s.io/aggregate-to-view: "true"` to aggregate into view).'),
        F("annotations", "Annotations."),
      ];
    case "rules.#":
      return [
        F("apiGroups", 'API groups of the resources (`""` is the core group).'),
        F("resources", "Resources (and `resource/subresource`) the rule covers."),
        F("verbs", "Verbs allowed on them."),
        F("resourceNames", "Restricts the rule to objects of these names (never applies to list, watch, create or deletecollection)."),
        ...(kind === "ClusterRole"
          ? [F("nonResourceURLs", "URL paths such as `/healthz` (ClusterRoles only; no apiGroups/resources then).")]
          : []),
      ];
    case "subjects.#":
      return [
        F("kind", "ServiceAccount, User or Group."),
        F("name", "The subject's name."),
        ...(subjectKind === "User" || subjectKind === "Group"
          ? []
          : [F("namespace", "The service account's namespace (required for ServiceAccount subjects).")]),
        F("apiGroup", '`""` for ServiceAccount, `rbac.authorization.k8s.io` for User and Group.'),
      ];
    case "roleRef":
      return [
        F("apiGroup", "`rbac.authorization.k8s.io`."),
        F("kind", kind === "RoleBinding" ? "Role or ClusterRole." : "ClusterRole."),
        F("name", "The role's name."),
      ];
    case "aggregationRule":
      return kind === "ClusterRole"
        ? [F("clusterRoleSelectors", "Label selectors: every ClusterRole matching any of them is aggregated.")]
        : [];
    case "aggregationRule.clusterRoleSelectors.#":
      return kind === "ClusterRole"
        ? [
            F("matchLabels", "Labels a ClusterRole must all carry."),
            F("matchExpressions", "Set-based requirements (In, NotIn, Exists, DoesNotExist)."),
          ]
        : [];
    default:
      return [];
  }
}

function plainAt(obj: unknown, path: readonly PathStep[]): unknown {
  let v = obj;
  for (const p of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}

/**
 * Where a new key would go if one were typed at the caret: the word on its own line (after indentation
 * and `- `) is replaced by a placeholder key and the chunk parsed again, which settles the indentation.
 */
function keyContext(file: ChunkedFile, ctx: YamlContext): { parent: PathStep[]; object: Record<string, unknown> | undefined } | undefined {
  const chunk = ctx.chunk;
  const local = { start: ctx.word.start - chunk.start, end: ctx.word.end - chunk.start };
  const lineStart = chunk.text.lastIndexOf("\n", local.start - 1) + 1;
  const lineEnd = chunk.text.indexOf("\n", local.end);
  if (!/^[ \t]*(- +)*$/.test(chunk.text.slice(lineStart, local.start))) return undefined;
  if (!/^[ \t]*$/.test(chunk.text.slice(local.end, lineEnd < 0 ? chunk.text.length : lineEnd))) return undefined;
  const text = `${chunk.text.slice(0, local.start)}${PLACEHOLDER}: x${chunk.text.slice(local.end)}`;
  const probe = contextAt(new ChunkedParser().parse(text, file.file), local.start + 1);
  if (!probe || probe.on !== "key" || probe.path[probe.path.length - 1] !== PLACEHOLDER) return undefined;
  const parent = probe.path.slice(0, -1);
  const object = probe.object ? { ...probe.object } : undefined;
  return { parent: [...parent], object };
}

export interface KeyCandidate {
  readonly label: string;
  readonly insertText: string;
  readonly documentation: string;
  readonly range: Span;
}

/** Field names for the caret, or undefined when the caret is not where a key goes. */
export function keyCompletions(file: ChunkedFile, ctx: YamlContext, workspace: WorkspaceModel): KeyCandidate[] | undefined {
  const k = keyContext(file, ctx);
  if (!k || !k.object) return undefined;
  const kind = typeof k.object.kind === "string" ? k.object.kind : "";
  if (!(kind in TOP)) return undefined;
  const parentValue = plainAt(k.object, k.parent);
  const present = new Set(parentValue && typeof parentValue === "object" && !Array.isArray(parentValue) ? Object.keys(parentValue) : []);
  const subjectKindValue = plainAt(k.object, [...k.parent, "kind"]);
  const subjectKind = typeof subjectKindValue === "string" ? subjectKindValue : "";
  let fields = fieldsAt(kind, k.parent, subjectKind);
  if (k.parent.length === 4 && k.parent[0] === "aggregationRule" && k.parent[3] === "matchLabels" && kind === "ClusterRole") {
    fields = labelKeys(workspace).map((key) => F(key, `A label carried by ${labelUsers(workspace, key)}.`));
  }
  if (fields.length === 0) return undefined;
  return fields
    .filter((f) => !present.has(f.key) || f.key === ctx.wordText)
    .map((f) => ({ label: f.key, insertText: `${f.key}: `, documentation: f.documentation, range: ctx.word }));
}

function clusterRoles(workspace: WorkspaceModel) {
  return workspace
    .roles()
    .filter((l) => l.object.kind === "ClusterRole")
    .map((l) => l.object);
}

/** Label keys of known ClusterRoles, aggregation labels first. */
export function labelKeys(workspace: WorkspaceModel): string[] {
  const keys = new Set<string>();
  for (const r of clusterRoles(workspace)) for (const k of Object.keys(r.metadata.labels)) keys.add(k);
  const agg = (k: string) => (/aggregate-to-/.test(k) ? 0 : 1);
  return [...keys].sort((a, b) => agg(a) - agg(b) || (a < b ? -1 : a > b ? 1 : 0));
}

function labelUsers(workspace: WorkspaceModel, key: string): string {
  const names = clusterRoles(workspace)
    .filter((r) => key in r.metadata.labels)
    .map((r) => r.metadata.name);
  return `${names.slice(0, 5).join(", ")}${names.length > 5 ? ` and ${names.length - 5} more` : ""}`;
}

/** Values of that label among known ClusterRoles, with the roles carrying each. */
export function labelValues(workspace: WorkspaceModel, key: string): { value: string; roles: string[] }[] {
  const out = new Map<string, string[]>();
  for (const r of clusterRoles(workspace)) {
    const v = r.metadata.labels[key];
    if (v === undefined) continue;
    const l = out.get(v);
    if (l) l.push(r.metadata.name);
    else out.set(v, [r.metadata.name]);
  }
  return [...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([value, roles]) => ({ value, roles }));
}

/** Names of known objects a rule's resources cover, for resourceNames. Namespaced resources follow a Role's namespace. */
export function knownResourceNames(
  workspace: WorkspaceModel,
  resources: readonly string[],
  namespace: string | undefined,
): { name: string; what: string }[] {
  const out: { name: string; what: string }[] = [];
  const seen = new Set<string>();
  const add = (name: string, what: string) => {
    if (!name || seen.has(`${what}\u0000${name}`)) return;
    seen.add(`${what}\u0000${name}`);
    out.push({ name, what });
  };
  const wants = (r: string) => resources.some((x) => x === r || x.startsWith(`${r}/`));
  const inNs = (ns: string) => namespace === undefined || ns === namespace;
  for (const l of workspace.roles()) {
    const r = l.object;
    if (r.kind === "ClusterRole" && wants("clusterroles")) add(r.metadata.name, "ClusterRole");
    if (r.kind === "Role" && wants("roles") && inNs(r.metadata.namespace)) add(r.metadata.name, `Role in ${r.metadata.namespace}`);
  }
  for (const { object: b } of workspace.bindings()) {
    if (!isBinding(b)) continue;
    if (b.kind === "ClusterRoleBinding" && wants("clusterrolebindings")) add(b.metadata.name, "ClusterRoleBinding");
    if (b.kind === "RoleBinding" && wants("rolebindings") && inNs(b.metadata.namespace))
      add(b.metadata.name, `RoleBinding in ${b.metadata.namespace}`);
  }
  if (wants("serviceaccounts"))
    for (const sa of workspace.serviceAccounts()) if (inNs(sa.namespace)) add(sa.name, `ServiceAccount in ${sa.namespace}`);
  if (wants("namespaces")) for (const n of workspace.namespaces()) add(n, "Namespace");
  return out;
}
