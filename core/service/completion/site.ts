// What every completer of a section of an RBAC object gets: where the caret is and how to make a
// candidate there. Completers (one file per section: rules, subjects, roleRef, aggregationRule) are
// chosen by core/service/completion.ts from the first step of the YAML path.
import { ApiCatalog } from "../../catalog";
import { Span } from "../../model";
import { ChunkedFile } from "../chunked-parse";
import { WorkspaceModel } from "../workspace";
import { YamlContext } from "../yaml-context";

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

/** A value position in an RBAC object (kind and apiVersion known), with how to make candidates there. */
export interface ValueSite {
  readonly input: CompletionInput;
  readonly ctx: YamlContext;
  /** The object's plain value, as far as it parses. */
  readonly obj: Record<string, unknown>;
  readonly kind: string;
  readonly path: YamlContext["path"];
  /** The object's namespace ("" when none). */
  readonly namespace: string;
  /** A candidate that replaces the word at the caret, quoted as YAML needs it. */
  value(label: string, kind: CandidateKind, documentation?: string, detail?: string, sortText?: string): CompletionCandidate;
  /** True when the caret is in the list (or on the value) of that key. */
  inList(key: string): boolean;
}

export function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

export function strList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

export function at(obj: unknown, path: readonly (string | number)[]): unknown {
  let v = obj;
  for (const p of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}

export function sortKey(rank: number, s: string): string {
  return `${rank}_${s}`;
}

/** The candidates, each label once (the first). */
export function dedupe(list: CompletionCandidate[]): CompletionCandidate[] {
  const seen = new Set<string>();
  return list.filter((c) => (seen.has(c.label) ? false : (seen.add(c.label), true)));
}
