// Completion candidates for RBAC manifests: what to offer at the caret, with documentation. Pure data:
// the server maps candidates to LSP CompletionItems. A dispatch on the YAML path at the caret: keys
// (completion-fields.ts), whole objects (snippets), kind and apiVersion here, and one completer per
// section of an RBAC object (completion/: rules, subjects, roleRef, aggregationRule).

import { RBAC_API_VERSION, RBAC_GROUP } from "../model";
import { keyCompletions } from "./completion-fields";
import { completeAggregation } from "./completion/aggregation";
import { completeRoleRef } from "./completion/role-ref";
import { completeRule } from "./completion/rules";
import { CandidateKind, CompletionCandidate, CompletionInput, sortKey, str, at, ValueSite } from "./completion/site";
import { RBAC_KIND_DOCS, snippets } from "./completion/snippets";
import { completeSubject } from "./completion/subjects";
import { contextAt } from "./yaml-context";

export type { CandidateKind, CompletionCandidate, CompletionInput } from "./completion/site";
export { RBAC_KIND_DOCS } from "./completion/snippets";

/** YAML needs quotes for these scalars; `*` would start an alias. */
export function yamlScalar(value: string, flow: boolean): string {
  if (
    value === "" ||
    (/^[*&!%@`{[|>#'",?\-]/.test(value) && !/^-[^ ]/.test(value)) ||
    /: | #|:$/.test(value) ||
    (flow && /[,[\]{}]/.test(value))
  ) {
    return JSON.stringify(value);
  }
  if (/^(true|false|yes|no|on|off|null|~|[-+]?[0-9][0-9._]*)$/i.test(value)) return JSON.stringify(value);
  return value;
}

/** Completers of the sections of an RBAC object, by the first step of the YAML path. */
const SECTIONS: ReadonlyMap<unknown, (site: ValueSite) => CompletionCandidate[]> = new Map([
  ["metadata", completeMetadata],
  ["rules", completeRule],
  ["aggregationRule", completeAggregation],
  ["subjects", completeSubject],
  ["roleRef", completeRoleRef],
]);

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
  const section = SECTIONS.get(path[0]);
  return section ? section({ input, ctx, obj, kind, path, namespace, value, inList }) : [];
}

/** A value of `metadata`. */
export function completeMetadata(site: ValueSite): CompletionCandidate[] {
  const { input, kind, path, value } = site;
  if (!(path.length === 2 && path[0] === "metadata" && path[1] === "namespace" && (kind === "Role" || kind === "RoleBinding"))) return [];
  return input.workspace.namespaces().map((n) => value(n, "folder", undefined, "namespace"));
}
