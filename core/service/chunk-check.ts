// What the findings cache (findings-cache.ts) needs to check one chunk of a file, shared by the check of
// a plain file (check-service.ts) and of a template's variants (template-variants.ts): the epoch a
// chunk's findings are valid for, and the check of its documents seen as part of the whole file.

import { suppresses } from "../checks/support/suppression";
import { Finding, isBinding } from "../model";
import { ParsedFile } from "../parse";
import { Chunk, ChunkedFile } from "./chunked-file";
import { ChunkChecker, ChunkEpochs } from "./findings-cache";
import { suppressionBefore, suppressionKey } from "./suppression-before";

/**
 * What a chunk's findings depend on besides its text: `version` (settings, catalog, the checker's own
 * generation), whether the whole file is templated (the runner then skips documents with template
 * expressions or YAML errors), a suppression comment just before the chunk, and — for chunks holding
 * bindings — the workspace's `shape` (the roles and service accounts known elsewhere).
 */
export function chunkEpochs(file: ChunkedFile, version: string, templated: boolean, shape: number | undefined): ChunkEpochs {
  const base = `${version}/${templated ? "t" : ""}`;
  const withBindings = `${base}/${String(shape)}/`;
  const withoutBindings = `${base}//`;
  return {
    // Everything but the chunk's text and the line before it (the previous chunk's last line).
    stamp: withBindings,
    // Called for the chunks an edit may have changed: no string is built unless a comment precedes the chunk.
    of: (chunk) => {
      const epoch = chunk.parsed.objects.some(isBinding) ? withBindings : withoutBindings;
      const suppression = suppressionBefore(file, chunk);
      return suppression === undefined ? epoch : epoch + suppressionKey(suppression);
    },
  };
}

/** The findings of one document of a chunk (chunk offsets). */
export type ChunkDocumentCheck = (parsed: ParsedFile, docIndex: number, chunk: Chunk) => Iterable<Finding>;

/**
 * Checks each document of a chunk, the chunk seen as part of its file (templated when `templated`), and
 * applies a suppression comment that sits just before the chunk to the chunk's first line.
 */
export function chunkChecker(file: ChunkedFile, templated: boolean, document: ChunkDocumentCheck): ChunkChecker {
  return (chunk): readonly Finding[] => {
    const parsed: ParsedFile =
      chunk.parsed.templated === templated
        ? chunk.parsed
        : (Object.create(chunk.parsed, { templated: { value: templated, enumerable: true } }) as ParsedFile);
    const out: Finding[] = [];
    for (let i = 0; i < parsed.documents.length; i++) for (const f of document(parsed, i, chunk)) out.push(f);
    const suppression = suppressionBefore(file, chunk);
    if (suppression === undefined) return out;
    // The runner looks for the comment on the line above within the chunk; the chunk's first line has it in the previous chunk.
    const firstLineEnd = parsed.lineStarts[1] ?? parsed.text.length + 1;
    return out.filter((f) => f.span.start >= firstLineEnd || !suppresses(suppression, f.code));
  };
}
