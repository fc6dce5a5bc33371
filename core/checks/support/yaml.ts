// YAML-AST helpers for checks and their quick fixes: find nodes by path, spans that do not swallow the
// trailing newline of block collections, and edits that keep flow (`[a, b]`) and block lists valid.

import { Document, isAlias, isMap, isPair, isScalar, isSeq, Node, Pair, Scalar, YAMLMap, YAMLSeq } from "yaml";
import { FieldPath, Span } from "../../model";
import type { TextEdit } from "../context";

export function deref(doc: Document, node: unknown): unknown {
  let n = node;
  for (let i = 0; i < 50 && isAlias(n); i++) n = n.resolve(doc);
  return n;
}

/** The node at `path` below `root` (aliases followed), or undefined. */
export function nodeAt(doc: Document, root: unknown, path: FieldPath): unknown {
  let node = deref(doc, root);
  for (const step of path) {
    if (typeof step === "number") {
      if (!isSeq(node)) return undefined;
      node = deref(doc, node.items[step]);
    } else {
      const pair = pairOf(doc, node, step);
      if (!pair) return undefined;
      node = deref(doc, pair.value);
    }
  }
  return node;
}

export function pairOf(doc: Document, map: unknown, key: string): Pair | undefined {
  const m = deref(doc, map);
  if (!isMap(m)) return undefined;
  return m.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
}

export function keyName(p: Pair): string | undefined {
  return isScalar(p.key) ? String(p.key.value) : undefined;
}

/** Span of a node without trailing whitespace (block collections end after their last newline). */
export function spanOf(text: string, node: unknown): Span | undefined {
  const r = (node as Node | null | undefined)?.range;
  if (!r) return undefined;
  let end = r[1];
  while (end > r[0] && /\s/.test(text[end - 1])) end--;
  return { start: r[0], end: Math.max(end, r[0]) };
}

export function isStringScalar(n: unknown): n is Scalar<string> {
  return isScalar(n) && typeof n.value === "string";
}

/** Render a string as a YAML scalar that reads back as the same string in flow and block context. */
export function yamlString(s: string, like?: unknown): string {
  const quoting = isScalar(like) ? like.type : undefined;
  if (quoting === Scalar.QUOTE_SINGLE && !s.includes("'")) return `'${s}'`;
  if (quoting === Scalar.QUOTE_DOUBLE) return JSON.stringify(s);
  if (/^[A-Za-z0-9/][A-Za-z0-9._\-/]*$/.test(s) && !/^(true|false|null|yes|no|on|off|~|[0-9.+\-eE]+)$/i.test(s)) return s;
  return JSON.stringify(s);
}

/** Like yamlString, keeping the quoting of the text being replaced (`"pod"` → `"pods"`). */
export function yamlStringLike(s: string, original: string): string {
  if (original.startsWith('"')) return JSON.stringify(s);
  if (original.startsWith("'") && !s.includes("'")) return `'${s}'`;
  return yamlString(s);
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

/** Leading whitespace of the line holding `offset`. */
export function indentAt(text: string, offset: number): string {
  const ls = lineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(ls, offset))![0];
}

/**
 * Replace the sequence item `item` (a node of `seq`) by several items, as text.
 * Flow lists get `a, b`; block lists get one `- x` line per item with the same indentation.
 */
export function replaceSeqItem(text: string, seq: YAMLSeq, item: unknown, newItems: readonly string[]): TextEdit | undefined {
  const sp = spanOf(text, item);
  if (!sp) return undefined;
  if (seq.flow) return { span: sp, newText: newItems.join(", ") };
  const prefix = text.slice(lineStart(text, sp.start), sp.start);
  // The item must start right after "- " (possibly nested "- - "); otherwise we do not know how to continue the list.
  const m = /^([ \t]*)-[ \t]+$/.exec(prefix);
  if (!m) {
    const dash = /^(.*?)-[ \t]+$/.exec(prefix);
    if (!dash) return undefined;
    const pad = " ".repeat(dash[1].length);
    return { span: sp, newText: newItems.join(`\n${pad}- `) };
  }
  return { span: sp, newText: newItems.join(`\n${m[1]}- `) };
}

/**
 * Insert `key: value` as the first entry of a map (block or flow). `value` must be a flow-style or scalar
 * rendering (e.g. `[""]`).
 */
export function insertMapEntry(text: string, map: YAMLMap, key: string, value: string): TextEdit | undefined {
  const r = map.range;
  if (!r) return undefined;
  const first = map.items[0];
  const firstKey = first && isPair(first) ? (first.key as Node | null)?.range : undefined;
  if (map.flow) {
    if (firstKey) return { span: { start: firstKey[0], end: firstKey[0] }, newText: `${key}: ${value}, ` };
    const open = text.indexOf("{", r[0]);
    if (open < 0) return undefined;
    return { span: { start: open + 1, end: open + 1 }, newText: `${key}: ${value}` };
  }
  if (!firstKey) return undefined;
  const at = firstKey[0];
  const col = at - lineStart(text, at);
  return { span: { start: at, end: at }, newText: `${key}: ${value}\n${" ".repeat(col)}` };
}
