// Document symbols (the outline: objects, their rules, subjects and roleRef) and workspace symbols.

import { describeObject, isBinding, RbacObject, Span } from "../model";
import { ChunkedFile } from "./chunked-parse";
import { WorkspaceModel } from "./workspace";

export type SymbolKind = "class" | "object" | "array" | "field" | "key";

export interface DocumentSymbolData {
  readonly name: string;
  readonly detail?: string;
  readonly kind: SymbolKind;
  readonly span: Span;
  readonly selection: Span;
  readonly children: readonly DocumentSymbolData[];
}

export interface WorkspaceSymbolData {
  readonly name: string;
  readonly kind: SymbolKind;
  readonly file: string;
  readonly span: Span;
  readonly container?: string;
}

/** What the rule is about, short: "get, list on pods, pods/log". */
function ruleName(verbs: readonly string[], what: readonly string[]): string {
  return `${verbs.join(", ") || "(no verbs)"} on ${what.join(", ") || "(nothing)"}`;
}

function objectSymbol(o: RbacObject): DocumentSymbolData | undefined {
  const src = o.source;
  if (!src) return undefined;
  const children: DocumentSymbolData[] = [];
  if (isBinding(o)) {
    o.subjects.forEach((s, i) => {
      const span = src.valueSpan(["subjects", i]);
      if (span)
        children.push({
          name: `${s.kind} ${s.namespace ? `${s.namespace}/` : ""}${s.name}`,
          kind: "field",
          span,
          selection: src.valueSpan(["subjects", i, "name"]) ?? span,
          children: [],
        });
    });
    const ref = src.valueSpan(["roleRef"]);
    if (ref)
      children.push({
        name: `roleRef: ${o.roleRef.kind} ${o.roleRef.name}`,
        kind: "key",
        span: ref,
        selection: src.valueSpan(["roleRef", "name"]) ?? ref,
        children: [],
      });
  } else {
    o.rules.forEach((r, i) => {
      const span = src.valueSpan(["rules", i]);
      if (span)
        children.push({
          name: ruleName(r.verbs, r.nonResourceURLs.length ? r.nonResourceURLs : r.resources),
          detail: `rules[${i}]`,
          kind: "array",
          span,
          selection: span,
          children: [],
        });
    });
  }
  const selection = src.valueSpan(["metadata", "name"]) ?? src.span;
  return { name: describeObject(o), kind: isBinding(o) ? "object" : "class", span: src.span, selection, children };
}

export function documentSymbols(file: ChunkedFile): DocumentSymbolData[] {
  const out: DocumentSymbolData[] = [];
  for (const o of file.objects) {
    const s = objectSymbol(o);
    if (s) out.push(s);
  }
  return out;
}

/** Roles and bindings of workspace files whose name contains the query (case-insensitive). */
export function workspaceSymbols(workspace: WorkspaceModel, query: string, limit = 500): WorkspaceSymbolData[] {
  const q = query.toLowerCase();
  const out: WorkspaceSymbolData[] = [];
  const all = [...workspace.roles(), ...workspace.bindings()];
  for (const l of all) {
    if (out.length >= limit) break;
    if (l.origin.kind !== "file" || !l.object.source) continue;
    const o = l.object;
    if (q && !o.metadata.name.toLowerCase().includes(q)) continue;
    const sym: { -readonly [K in keyof WorkspaceSymbolData]: WorkspaceSymbolData[K] } = {
      name: o.metadata.name,
      kind: isBinding(o) ? "object" : "class",
      file: l.origin.file,
      span: o.source!.valueSpan(["metadata", "name"]) ?? o.source!.span,
    };
    sym.container = o.metadata.namespace ? `${o.kind} in ${o.metadata.namespace}` : o.kind;
    out.push(sym);
  }
  return out;
}
