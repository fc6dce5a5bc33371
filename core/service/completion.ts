// Completion candidates for RBAC manifests: what to offer at the caret, with documentation. Pure data:
// the server maps candidates to LSP CompletionItems.

import { RBAC_API_VERSION, RBAC_GROUP, Span } from "../model";
import { ApiCatalog, ApiResourceInfo, resourceKey } from "../catalog";
import { ChunkedFile } from "./chunked-parse";
import { WorkspaceModel } from "./workspace";
import { contextAt, YamlContext } from "./yaml-context";
import { keyCompletions, knownResourceNames, labelKeys, labelValues } from "./completion-fields";

export type CandidateKind = "value" | "enum" | "keyword" | "reference" | "snippet" | "module" | "constant" | "folder" | "field";

export interface CompletionCandidate {
  readonly label: string;
  readonly kind: CandidateKind;
  readonly detail?: string;
  /** Markdown. */
  readonly documentation?: string;
  readonly insertText: string;
  /** insertText is an LSP snippet (`${1:name}`). */
  readonly snippet?: boolean;
  /** What the candidate replaces, in file offsets. */
  readonly range: Span;
  readonly sortText?: string;
  readonly filterText?: string;
}

export interface CompletionInput {
  readonly file: ChunkedFile;
  readonly offset: number;
  readonly workspace: WorkspaceModel;
  readonly catalog: ApiCatalog;
}

export const RBAC_KIND_DOCS: Readonly<Record<string, string>> = {
  Role: "A set of permissions within one namespace. Granted by a RoleBinding in the same namespace.",
  ClusterRole:
    "A set of permissions that is not tied to a namespace: cluster-scoped resources, non-resource URLs, or namespaced resources in every namespace (via a ClusterRoleBinding) or in one (via a RoleBinding).",
  RoleBinding: "Grants the permissions of a Role or ClusterRole to subjects, within the binding's namespace only.",
  ClusterRoleBinding: "Grants the permissions of a ClusterRole to subjects in every namespace and at cluster scope.",
};

const STANDARD_VERBS = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];
const VERB_DOCS: Readonly<Record<string, string>> = {
  get: "Read one object by name.",
  list: "List objects (also reveals their full content, including Secret data).",
  watch: "Stream changes to objects.",
  create: "Create objects (and POST to subresources such as pods/exec).",
  update: "Replace an object (PUT).",
  patch: "Modify an object in place (PATCH, server-side apply).",
  delete: "Delete one object.",
  deletecollection: "Delete many objects at once.",
  bind: "Special verb on roles/clusterroles: create bindings to a role without holding its permissions.",
  escalate: "Special verb on roles/clusterroles: write roles granting permissions you do not hold.",
  impersonate: "Special verb on users, groups, serviceaccounts, uids, userextras: act as another identity.",
  use: "Special verb: legacy PodSecurityPolicy use, and free for CRD-defined semantics.",
  approve: "Special verb on certificates.k8s.io signers: approve certificate signing requests for a signer.",
  sign: "Special verb on certificates.k8s.io signers: sign certificate signing requests for a signer.",
  attest: "Special verb on certificates.k8s.io signers: attest ClusterTrustBundles / pod certificates for a signer.",
  "*": "Every verb, present and future, including the special verbs bind, escalate and impersonate.",
};
const SPECIAL_VERBS = ["bind", "escalate", "impersonate", "use", "approve", "sign", "attest", "*"];
const NON_RESOURCE_VERBS = ["get", "post", "put", "patch", "delete", "head", "options"];
const NON_RESOURCE_URLS: readonly [string, string][] = [
  ["/healthz", "Health check (deprecated in favour of /livez and /readyz)."],
  ["/healthz/*", "Every individual health check."],
  ["/livez", "Liveness check."],
  ["/livez/*", "Every individual liveness check."],
  ["/readyz", "Readiness check."],
  ["/readyz/*", "Every individual readiness check."],
  ["/metrics", "API server metrics (Prometheus format)."],
  ["/version", "Version information."],
  ["/version/", "Version information (trailing slash)."],
  ["/api", "Core API discovery."],
  ["/api/*", "Core API discovery, every version."],
  ["/apis", "API group discovery."],
  ["/apis/*", "API group discovery, every group and version."],
  ["/openapi/*", "OpenAPI documents."],
  ["/.well-known/openid-configuration", "Service-account issuer discovery."],
  ["/openid/v1/jwks", "Service-account token signing keys."],
  ["*", "Every non-resource URL (a trailing * is a prefix match)."],
];
const WELL_KNOWN_GROUPS: readonly [string, string][] = [
  ["system:authenticated", "Every authenticated user and service account."],
  ["system:unauthenticated", "Anonymous requests."],
  ["system:serviceaccounts", "Every service account of every namespace."],
  ["system:masters", "Superusers: bypasses RBAC entirely (granting to it adds nothing)."],
];

/** YAML needs quotes for these scalars; `*` would start an alias. */
export function yamlScalar(value: string, flow: boolean): string {
  if (
    value === "" ||
    (/^[*&!%@`{[|>#'",?-]/.test(value) && !/^-[^ ]/.test(value)) ||
    /: | #|:$/.test(value) ||
    (flow && /[,[\]{}]/.test(value))
  ) {
    return JSON.stringify(value);
  }
  if (/^(true|false|yes|no|on|off|null|~|[-+]?[0-9][0-9._]*)$/i.test(value)) return JSON.stringify(value);
  return value;
}

function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

function strList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

function at(obj: unknown, path: readonly (string | number)[]): unknown {
  let v = obj;
  for (const p of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}

export function completions(input: CompletionInput): CompletionCandidate[] {
  const ctx = contextAt(input.file, input.offset);
  if (!ctx) return [];
  const text = input.file.text;
  const quoted = ctx.word.start > 0 && (text[ctx.word.start - 1] === '"' || text[ctx.word.start - 1] === "'");
  const flow =
    ctx.list === "flow" ||
    text.slice(Math.max(0, ctx.word.start - 200), ctx.word.start).lastIndexOf("[") >
      text.slice(Math.max(0, ctx.word.start - 200), ctx.word.start).lastIndexOf("]");
  const value = (label: string, kind: CandidateKind, documentation?: string, detail?: string, sortText?: string): CompletionCandidate => {
    const c: { -readonly [K in keyof CompletionCandidate]: CompletionCandidate[K] } = {
      label,
      kind,
      insertText: quoted ? label : yamlScalar(label, flow),
      range: ctx.word,
    };
    if (documentation) c.documentation = documentation;
    if (detail) c.detail = detail;
    if (sortText) c.sortText = sortText;
    if (c.insertText !== label) c.filterText = c.insertText;
    return c;
  };
  if (ctx.emptyDocument || (ctx.on === "key" && ctx.path.length <= 1 && !ctx.object?.kind)) return snippets(ctx);
  const keys = keyCompletions(input.file, ctx, input.workspace);
  if (keys)
    return keys.map((k, i) => ({
      label: k.label,
      kind: "field" as const,
      detail: "field",
      documentation: k.documentation,
      insertText: k.insertText,
      range: k.range,
      sortText: sortKey(0, String(i).padStart(3, "0")),
    }));
  if (ctx.on !== "value") return [];
  const obj = ctx.object ?? {};
  const kind = str(obj.kind);
  const apiVersion = str(obj.apiVersion);
  const path = ctx.path;
  const field = path.length === 1 ? path[0] : undefined;
  if (field === "kind" && (apiVersion === "" || apiVersion.startsWith(RBAC_GROUP + "/"))) {
    return Object.entries(RBAC_KIND_DOCS).map(([k, d]) => value(k, "enum", d, RBAC_API_VERSION));
  }
  if (field === "apiVersion" && (kind === "" || kind in RBAC_KIND_DOCS)) {
    return [
      value(RBAC_API_VERSION, "enum", "The only served version of the RBAC API (v1beta1 and v1alpha1 were removed in Kubernetes 1.22)."),
    ];
  }
  if (!(kind in RBAC_KIND_DOCS) || !apiVersion.startsWith(RBAC_GROUP + "/")) return [];
  const inList = (key: string) =>
    path.length >= 1 && (path[path.length - 1] === key || (typeof path[path.length - 1] === "number" && path[path.length - 2] === key));
  const namespace = str(at(obj, ["metadata", "namespace"]));

  if (path.length === 2 && path[0] === "metadata" && path[1] === "namespace" && (kind === "Role" || kind === "RoleBinding")) {
    return input.workspace.namespaces().map((n) => value(n, "folder", undefined, "namespace"));
  }
  if (path[0] === "rules" && typeof path[1] === "number") {
    const rule = at(obj, ["rules", path[1]]);
    const groups = strList(at(rule, ["apiGroups"]));
    const resources = strList(at(rule, ["resources"]));
    const present = new Set(strList(at(rule, [path[2]])));
    const fresh = (c: CompletionCandidate) => !present.has(c.label) || c.label === ctx.wordText;
    if (path[2] === "apiGroups" && inList("apiGroups")) {
      return input.catalog
        .groups()
        .map((g) => value(g, "module", groupDoc(g, input.catalog), g === "" ? "core group" : "API group", sortKey(g === "" ? 0 : 1, g)))
        .concat(
          value(
            "*",
            "constant",
            "Every API group, including the core group and groups added later by CRDs and aggregated APIs.",
            "all groups",
            sortKey(2, "*"),
          ),
        )
        .filter(fresh);
    }
    if (path[2] === "resources" && inList("resources")) {
      const chosen = groups.includes("*") || groups.length === 0 ? input.catalog.groups() : groups;
      const seen = new Set<string>();
      const out: CompletionCandidate[] = [];
      for (const g of chosen) {
        for (const r of input.catalog.resources(g)) {
          const name = resourceKey(r);
          if (seen.has(name) || (r.anySubresource && r.subresource !== undefined)) continue;
          seen.add(name);
          out.push(
            value(
              name,
              r.subresource !== undefined ? "value" : "reference",
              resourceDoc(r, g),
              groupLabel(g),
              sortKey(r.subresource !== undefined ? 1 : 0, name),
            ),
          );
        }
      }
      out.push(value("*", "constant", "Every resource **and every subresource** of the chosen groups.", "all resources", sortKey(2, "*")));
      return out.filter(fresh);
    }
    if (path[2] === "verbs" && inList("verbs")) {
      if (strList(at(rule, ["nonResourceURLs"])).length > 0) {
        return NON_RESOURCE_VERBS.map((v) =>
          value(v, "keyword", `HTTP ${v.toUpperCase()} on the non-resource URLs.`, "non-resource verb"),
        ).filter(fresh);
      }
      const supported = supportedVerbs(input.catalog, groups, resources);
      const ordered = [
        ...STANDARD_VERBS.filter((v) => supported.has(v)),
        ...[...supported].filter((v) => !STANDARD_VERBS.includes(v) && !SPECIAL_VERBS.includes(v)).sort(),
      ];
      const out = ordered.map((v, i) => value(v, "keyword", VERB_DOCS[v], "verb", sortKey(0, String(i).padStart(3, "0"))));
      SPECIAL_VERBS.forEach((v, i) =>
        out.push(value(v, "keyword", VERB_DOCS[v], v === "*" ? "all verbs" : "special verb", sortKey(1, String(i).padStart(3, "0")))),
      );
      return dedupe(out).filter(fresh);
    }
    if (path[2] === "resourceNames" && inList("resourceNames")) {
      return knownResourceNames(input.workspace, resources, kind === "Role" ? namespace : undefined)
        .map((n) => value(n.name, "reference", undefined, n.what))
        .filter(fresh);
    }
    if (path[2] === "nonResourceURLs" && inList("nonResourceURLs")) {
      return NON_RESOURCE_URLS.map(([u, d]) => value(u, "value", d, "non-resource URL")).filter(fresh);
    }
    return [];
  }
  if (path[0] === "aggregationRule" && path[1] === "clusterRoleSelectors" && typeof path[2] === "number" && kind === "ClusterRole") {
    const labelValue = (key: string) =>
      labelValues(input.workspace, key).map((v) =>
        value(
          v.value,
          "value",
          `Carried by ${v.roles.slice(0, 5).join(", ")}${v.roles.length > 5 ? ` and ${v.roles.length - 5} more` : ""}.`,
          "label value",
        ),
      );
    if (path[3] === "matchLabels" && typeof path[4] === "string" && path.length === 5) return labelValue(path[4]);
    if (path[3] === "matchExpressions" && typeof path[4] === "number") {
      const expr = at(obj, ["aggregationRule", "clusterRoleSelectors", path[2], "matchExpressions", path[4]]);
      if (path[5] === "key" && path.length === 6) return labelKeys(input.workspace).map((k) => value(k, "value", undefined, "label key"));
      if (path[5] === "operator" && path.length === 6) return ["In", "NotIn", "Exists", "DoesNotExist"].map((o) => value(o, "enum"));
      if (path[5] === "values" && inList("values")) return labelValue(str(at(expr, ["key"])));
    }
    return [];
  }
  if (path[0] === "subjects" && typeof path[1] === "number" && path.length === 3) {
    const subject = at(obj, ["subjects", path[1]]);
    const sKind = str(at(subject, ["kind"]));
    if (path[2] === "kind") {
      return [
        value("ServiceAccount", "enum", "A service account: user `system:serviceaccount:<namespace>:<name>`."),
        value("User", "enum", "A user name as the authenticator reports it (certificate CN, OIDC claim, Entra ID UPN or object id)."),
        value(
          "Group",
          "enum",
          "A group name as the authenticator reports it (certificate O, OIDC groups claim, Entra ID group object id).",
        ),
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
  if (path[0] === "roleRef" && path.length === 2) {
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
  }
  return [];
}

function sortKey(rank: number, s: string): string {
  return `${rank}_${s}`;
}

function dedupe(list: CompletionCandidate[]): CompletionCandidate[] {
  const seen = new Set<string>();
  return list.filter((c) => (seen.has(c.label) ? false : (seen.add(c.label), true)));
}

function groupLabel(g: string): string {
  return g === "" ? 'core group ("")' : g;
}

function groupDoc(g: string, catalog: ApiCatalog): string {
  const names = catalog
    .resources(g)
    .filter((r) => r.subresource === undefined)
    .map((r) => r.resource);
  const info = catalog.groupInfo(g);
  const head = info?.doc ?? (g === "" ? "The core API group (`/api/v1`)." : `API group \`${g}\`.`);
  return names.length ? `${head}\n\nResources: ${names.join(", ")}` : head;
}

function resourceDoc(r: ApiResourceInfo, g: string): string {
  const scope = r.namespaced ? "namespaced" : "cluster-scoped";
  const sub = r.subresource !== undefined ? `Subresource of \`${r.resource}\`` : `Resource${r.kind ? ` \`${r.kind}\`` : ""}`;
  const doc = r.doc ? `${r.doc}\n\n` : "";
  return `${doc}${sub} in ${groupLabel(g)}, ${scope}.\n\nVerbs: ${r.verbs.join(", ") || "(none)"}`;
}

function roleDoc(rules: number, aggregated: boolean, where: string): string {
  return `${rules} rule${rules === 1 ? "" : "s"}${aggregated ? ", aggregated" : ""}; defined in the ${where}.`;
}

/** Verbs the chosen resources support; every standard verb when nothing is chosen or on wildcards. */
function supportedVerbs(catalog: ApiCatalog, groups: string[], resources: string[]): Set<string> {
  const named = resources.filter((r) => r !== "*" && !r.startsWith("*/"));
  if (named.length === 0) return new Set(STANDARD_VERBS);
  const chosen = groups.length === 0 || groups.includes("*") ? catalog.groups() : groups;
  const out = new Set<string>();
  let found = false;
  for (const g of chosen) {
    for (const r of catalog.resources(g)) {
      if (named.includes(resourceKey(r))) {
        found = true;
        for (const v of r.verbs) out.add(v);
      }
    }
  }
  return found ? out : new Set(STANDARD_VERBS);
}

function snippets(ctx: YamlContext): CompletionCandidate[] {
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
  }));
}
