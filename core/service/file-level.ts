// The file-level findings of a chunked file (what checkFileLevel reports over the whole file), kept up to
// date chunk by chunk: parser findings that belong to no document, and duplicate objects from a map of
// object keys to their definitions that an edit updates for the chunks it changed. Only the few findings
// this yields go through suppression, severity and sorting; nothing walks the file's thousands of documents.
// Templated files (rare, and their checkable documents depend on the whole text) take the whole-file path.

import type { CheckContext } from "../checks/context";
import { duplicateObject, duplicateObjectKey, duplicateObjectMessage } from "../checks/duplicate-object";
import { ALL_CHECKS, checkFileLevel } from "../checks/index";
import { finish } from "../checks/support/run";
import { DocumentMemo } from "../template/memo";
import { Finding, RbacObject } from "../model";
import { ChunkedFile, sameEnds, Shifted } from "./chunked-parse";
import { TemplateVariants } from "./template-variants";

interface Definition {
  readonly piece: Shifted;
  readonly object: RbacObject;
}

/** The file-level checks this index knows how to keep; any other one sends every file down the whole-file path. */
const KNOWN = new Set(ALL_CHECKS.filter((c) => c.file !== undefined).map((c) => c.code));
const INCREMENTAL = KNOWN.size === 1 && KNOWN.has(duplicateObject.code);

/** One per open file. */
export class FileLevelIndex {
  /** The file's chunks as last seen, and the parser findings of each that belong to none of its documents. */
  private pieces: readonly Shifted[] = [];
  private orphanLists: readonly (readonly Finding[])[] = [];
  /** Object key → its definitions, in file order. */
  private readonly byKey = new Map<string, Definition[]>();
  /** Keys defined more than once. */
  private readonly duplicated = new Set<string>();
  /** Per chunk: its parser findings that belong to none of its documents. */
  private readonly orphans = new WeakMap<Shifted, readonly Finding[]>();
  /** A template's per-document findings from its last check. */
  readonly templateMemo = new DocumentMemo();
  /** A template read by the template reader: its variants' parses and per-document findings, chunk by chunk. */
  readonly variants = new TemplateVariants();

  findings(file: ChunkedFile, ctx: CheckContext): Finding[] {
    if (!INCREMENTAL || file.templated) {
      this.clear();
      return checkFileLevel(file.wholeFile(), ctx, this.templateMemo, this.variants.reader(file, ctx));
    }
    this.variants.forget();
    const pieces = file.pieces();
    const was = this.orphanLists;
    const { head, tail } = this.update(pieces);
    const lists: (readonly Finding[])[] = [];
    const out: Finding[] = [];
    pieces.forEach((piece, i) => {
      let orphans = i < head ? was[i] : i >= pieces.length - tail ? was[i - pieces.length + was.length] : this.orphans.get(piece);
      if (!orphans) {
        const parsed = file.chunks[i].parsed;
        const inDocs = new Set<Finding>();
        for (const d of parsed.documents) for (const e of d.errors) inDocs.add(e);
        orphans = piece.findings.filter((_f, k) => !inDocs.has(parsed.findings[k]));
        this.orphans.set(piece, orphans);
      }
      lists.push(orphans);
      for (const f of orphans) out.push(f);
    });
    this.orphanLists = lists;
    if (ctx.settings?.severity?.[duplicateObject.code] !== "off") {
      for (const key of this.duplicated) {
        const defs = this.byKey.get(key)!;
        const first = defs[0].object.source!.docIndex;
        for (let k = 1; k < defs.length; k++) {
          const object = defs[k].object;
          const span = object.source!.valueSpan(["metadata", "name"]);
          if (span)
            out.push({
              code: duplicateObject.code,
              severity: duplicateObject.defaultSeverity,
              message: duplicateObjectMessage(object, first),
              file: file.file,
              span,
            });
        }
      }
    }
    return finish(out, file, ctx);
  }

  private clear(): void {
    this.pieces = [];
    this.orphanLists = [];
    this.byKey.clear();
    this.duplicated.clear();
  }

  /** Removes the definitions of the chunks that left, adds those of the chunks that came; returns what stayed in place. */
  private update(pieces: readonly Shifted[]): { head: number; tail: number } {
    const was = this.pieces;
    const same = sameEnds(was, pieces);
    // (A chunk that moved leaves and comes back.)
    for (let k = same.head; k < was.length - same.tail; k++) for (const object of was[k].objects) this.remove(was[k], object);
    for (let k = same.head; k < pieces.length - same.tail; k++) for (const object of pieces[k].objects) this.add(pieces[k], object);
    this.pieces = pieces;
    return same;
  }

  private add(piece: Shifted, object: RbacObject): void {
    const key = duplicateObjectKey(object);
    if (key === undefined) return;
    const defs = this.byKey.get(key);
    if (!defs) {
      this.byKey.set(key, [{ piece, object }]);
      return;
    }
    defs.push({ piece, object });
    // Positions follow the chunks, so the order is that of the file now.
    defs.sort((a, b) => a.object.source!.docIndex - b.object.source!.docIndex || a.object.source!.span.start - b.object.source!.span.start);
    this.duplicated.add(key);
  }

  private remove(piece: Shifted, object: RbacObject): void {
    const key = duplicateObjectKey(object);
    if (key === undefined) return;
    const defs = this.byKey.get(key);
    if (!defs) return;
    const rest = defs.filter((d) => d.object !== object || d.piece !== piece);
    if (rest.length === 0) this.byKey.delete(key);
    else this.byKey.set(key, rest);
    if (rest.length < 2) this.duplicated.delete(key);
  }
}
