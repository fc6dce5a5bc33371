// Where is the caret, in YAML terms? Given a chunked file and an offset: which RBAC object (also
// inside `kind: List`), which field path relative to it, whether the caret is on a key or a value, in
// a flow `[a, b]` or block list, on an empty value (`verbs: |`), and the span of the word being typed.

import { isMap, isPair, isScalar, isSeq, Node, YAMLMap, YAMLSeq } from "yaml";
import { Span } from "../model";
import { Chunk, ChunkedFile } from "./chunked-parse";

export type PathStep = string | number;

export interface YamlContext {
  /** The enclosing object's plain value (a document, or an item of a List); undefined for an empty document. */
  readonly object: Readonly<Record<string, unknown>> | undefined;
  /** Path of the object in its document: [] or ["items", i]. */
  readonly objectPrefix: readonly PathStep[];
  /** Path of the caret relative to the object. For a value in a list it ends with the item index, or with
   * the list's key when the caret is between items. */
  readonly path: readonly PathStep[];
  readonly on: "key" | "value";
  /** Set when the caret is on (or between) the items of a list. */
  readonly list?: "flow" | "block";
  /** The value is empty (`verbs: |`, `- |`, `[a, |]`). */
  readonly emptyValue: boolean;
  /** The word being typed, in file offsets (what a completion replaces). */
  readonly word: Span;
  readonly wordText: string;
  /** The document holds nothing yet (or only a bare word): whole-object snippets apply. */
  readonly emptyDocument: boolean;
  readonly chunk: Chunk;
}

const LEFT_STOP = new Set([" ", "\t", "\n", "\r", ",", "[", "{", '"', "'"]);
const RIGHT_STOP = new Set([" ", "\t", "\n", "\r", ",", "]", "}", '"', "'"]);

export function wordAt(text: string, offset: number): Span {
  let start = offset;
  while (start > 0 && !LEFT_STOP.has(text[start - 1])) start--;
  // A key's colon ends the word on the left (`kind:Role` is rare; `kind: Role` is the norm).
  let end = offset;
  while (end < text.length && !RIGHT_STOP.has(text[end]) && !(text[end] === ":" && /[\s]/.test(text[end + 1] ?? " "))) end++;
  return { start, end };
}

interface Found {
  path: PathStep[];
  on: "key" | "value";
  list?: "flow" | "block";
  emptyValue: boolean;
}

function range(n: unknown): [number, number] | undefined {
  const r = (n as Node | null | undefined)?.range;
  return r ? [r[0], r[1]] : undefined;
}

function find(node: unknown, local: number, path: PathStep[], text: string): Found | undefined {
  if (isMap(node)) return findInMap(node, local, path, text);
  if (isSeq(node)) return findInSeq(node, local, path, text);
  if (isScalar(node)) {
    const r = range(node);
    if (r && local >= r[0] && local <= r[1]) return { path, on: "value", emptyValue: node.value === null || node.value === "" };
  }
  return undefined;
}

function findInMap(map: YAMLMap, local: number, path: PathStep[], text: string): Found | undefined {
  for (const pair of map.items) {
    if (!isPair(pair)) continue;
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key === undefined) continue;
    const kr = range(pair.key);
    if (kr && local >= kr[0] && local <= kr[1]) return { path: [...path, key], on: "key", emptyValue: false };
    const vr = range(pair.value);
    if (vr && local >= vr[0] && local <= vr[1]) {
      const inner = find(pair.value, local, [...path, key], text);
      if (inner) return inner;
    }
    // `verbs:|` or `verbs:   |` with no value node yet: the rest of the key's line is its value.
    if (kr && local > kr[1] && (!vr || vr[0] === vr[1] || (pair.value as { value?: unknown })?.value === null)) {
      const between = text.slice(kr[1], local);
      if (/^:[ \t]*$/.test(between)) return { path: [...path, key], on: "value", emptyValue: true };
    }
  }
  return undefined;
}

function findInSeq(seq: YAMLSeq, local: number, path: PathStep[], text: string): Found | undefined {
  const mode = seq.flow ? "flow" : "block";
  for (let i = 0; i < seq.items.length; i++) {
    const item = seq.items[i];
    const r = range(item);
    if (r && local >= r[0] && local <= r[1]) {
      const inner = find(item, local, [...path, i], text);
      if (inner) return isScalar(item) ? { ...inner, list: mode } : inner;
    }
  }
  const r = range(seq);
  if (r && local >= r[0] && local <= r[1]) {
    // Between items: `[get, |]`, or a new `- |` line the parser has not turned into an item.
    return { path, on: "value", list: mode, emptyValue: true };
  }
  return undefined;
}

/** Plain value of the node at `path` below a YAML node (the object map), without converting the whole document. */
function plainAt(doc: Chunk["parsed"]["documents"][number], prefix: readonly PathStep[]): Record<string, unknown> | undefined {
  let v: unknown = doc.value;
  for (const step of prefix) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[step];
  }
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

export function contextAt(file: ChunkedFile, offset: number): YamlContext | undefined {
  const chunk = file.chunkAt(offset);
  if (!chunk) return undefined;
  const local = offset - chunk.start;
  const ws = wordAt(chunk.text, local);
  const word = { start: ws.start + chunk.start, end: ws.end + chunk.start };
  const wordText = chunk.text.slice(ws.start, ws.end);
  const docs = chunk.parsed.documents;
  const document = docs.find((d) => local >= d.span.start && local <= d.span.end) ?? docs[docs.length - 1];
  const base = { word, wordText, chunk };
  if (
    !document ||
    document.yaml.contents === null ||
    (isScalar(document.yaml.contents) && !/:/.test(chunk.text.slice(0, local).split("\n").pop() ?? ""))
  ) {
    return { ...base, object: undefined, objectPrefix: [], path: [], on: "key", emptyValue: true, emptyDocument: true };
  }
  const found = find(document.yaml.contents, local, [], chunk.text) ?? { path: [], on: "key" as const, emptyValue: false };
  let objectPrefix: PathStep[] = [];
  let path = found.path;
  const root = plainAt(document, []);
  if (root && typeof root.kind === "string" && root.kind.endsWith("List") && path[0] === "items" && typeof path[1] === "number") {
    objectPrefix = ["items", path[1]];
    path = path.slice(2);
  }
  const result: YamlContext = {
    ...base,
    object: plainAt(document, objectPrefix),
    objectPrefix,
    path,
    on: found.on,
    emptyValue: found.emptyValue,
    emptyDocument: false,
  };
  return found.list ? { ...result, list: found.list } : result;
}
