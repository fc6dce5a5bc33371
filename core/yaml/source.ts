// Where an object's fields are in its document's YAML AST, computed when first asked.
import { Document, isAlias, isMap, isPair, isScalar, isSeq, Node, YAMLMap, YAMLSeq } from "yaml";
import { FieldPath, SourceRef, Span } from "../model";
import { Piece } from "./documents";

function deref(doc: Document, node: unknown, depth = 0): unknown {
  // An alias points at its anchor; follow a bounded chain so a hostile file cannot loop us.
  let n = node;
  while (isAlias(n) && depth++ < 50) n = n.resolve(doc);
  return n;
}

/** The pair (for map keys) or node (for sequence items) at `path` below `root`. */
function walk(doc: Document, root: unknown, path: FieldPath): { node: unknown; keyNode?: unknown } | undefined {
  let node: unknown = deref(doc, root);
  let keyNode: unknown;
  for (const step of path) {
    if (typeof step === "number") {
      if (!isSeq(node)) return undefined;
      const item = (node as YAMLSeq).items[step];
      if (item === undefined) return undefined;
      node = deref(doc, item);
      keyNode = undefined;
    } else {
      if (!isMap(node)) return undefined;
      const pair = (node as YAMLMap).items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === step);
      if (!pair) return undefined;
      keyNode = pair.key;
      node = deref(doc, pair.value);
    }
  }
  return { node, keyNode };
}

function nodeSpan(n: unknown): Span | undefined {
  const r = (n as Node | null | undefined)?.range;
  if (!r) return undefined;
  return { start: r[0], end: r[1] };
}

/**
 * Where an object's fields are. Nothing is computed until asked: most objects never need a position.
 * (A class: one is made per object, and an object literal with a getter and closures costs several times more.)
 */
export class Source implements SourceRef {
  declare readonly itemIndex?: number;
  private root: unknown;
  private rooted = false;
  private whole: Span | undefined;

  constructor(
    readonly file: string,
    readonly docIndex: number,
    private readonly piece: Piece,
    private readonly prefix: FieldPath,
    itemIndex?: number,
  ) {
    // Only objects of a List have an item index (an own property, as callers and tests see it).
    if (itemIndex !== undefined) (this as { itemIndex?: number }).itemIndex = itemIndex;
  }

  private rootNode(): unknown {
    if (!this.rooted) {
      const doc = this.piece.yaml();
      this.root = walk(doc, doc.contents, this.prefix)?.node;
      this.rooted = true;
    }
    return this.root;
  }

  get span(): Span {
    return (this.whole ??= nodeSpan(this.rootNode()) ?? { start: this.piece.span.start, end: this.piece.span.start });
  }

  valueSpan(path: FieldPath): Span | undefined {
    const w = walk(this.piece.yaml(), this.rootNode(), path);
    if (!w) return undefined;
    // `verbs:` with no value: point at the key so the squiggle has somewhere to go.
    return nodeSpan(w.node) ?? nodeSpan(w.keyNode);
  }

  keySpan(path: FieldPath): Span | undefined {
    const w = walk(this.piece.yaml(), this.rootNode(), path);
    return w ? nodeSpan(w.keyNode) : undefined;
  }
}
