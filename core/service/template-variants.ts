// The variants of a Helm template, read chunk by chunk for its in-place check (core/template/check.ts).
// The first variant is the masked text the template reader (template-reader.ts) has already parsed chunk
// by chunk for the editor's features: it is not parsed again. A later variant (the documents it shares
// with the first blanked) is parsed by a chunked parser of its own. Each variant's per-document findings
// are kept chunk by chunk (FindingsCache), as a plain file's are: a document whose masked text, and the
// line before it, did not change keeps its parse and its findings. The file-level checks (duplicate
// objects, the notes) still run over every document, in check.ts.

import type { CheckContext } from "../checks/context";
import { ParsedFile, TEMPLATE_RE } from "../parse";
import type { DocumentCheck, Keep, VariantReader } from "../template/check";
import { chunkChecker, chunkEpochs } from "./chunk-check";
import { ChunkedFile, ChunkedParser } from "./chunked-parse";
import { ChunkChecker, FindingsCache } from "./findings-cache";

/** One per open template (file-level.ts). */
export class TemplateVariants {
  /** By variant index: the parser of a later variant's text (unused for the first), and the variant's findings. */
  private readonly parsers: ChunkedParser[] = [];
  private readonly caches: FindingsCache[] = [];
  private inputs: readonly unknown[] = [];
  /** Changes with the catalog, the settings or the workspace (every kept finding is then checked again). */
  private generation = 0;
  /** Chunks checked since this was made, over all variants (what tests read). */
  checked = 0;

  /** The reader of the variants of `file`, when it is a template the template reader read; else undefined. */
  reader(file: ChunkedFile, ctx: CheckContext): VariantReader | undefined {
    const whole = file.wholeFile();
    if (whole.source === undefined || whole.maskedVariants === undefined) return undefined;
    const inputs = [ctx.catalog, ctx.settings, ctx.workspace];
    if (inputs.some((x, i) => x !== this.inputs[i])) this.generation++;
    this.inputs = inputs;
    return (v, text) => {
      const chunked = v === 0 && text === file.text ? file : (this.parsers[v] ??= new ChunkedParser()).parse(text, file.file);
      const cache = (this.caches[v] ??= new FindingsCache());
      const templated = TEMPLATE_RE.test(text);
      return {
        parsed: plainView(chunked.wholeFile(), templated),
        documentFindings: (document, keep) => {
          const steps = cache.chunkSteps(
            chunked,
            chunkEpochs(chunked, String(this.generation), templated, ctx.workspace.shape),
            checker(chunked, templated, document, keep),
          );
          for (let r = steps.next(); ; r = steps.next()) {
            if (r.done) return r.value.flat();
            this.checked++;
          }
        },
      };
    };
  }

  /** Drops what is kept (the file is no template any more). */
  forget(): void {
    this.parsers.length = 0;
    this.caches.length = 0;
  }
}

/** The variant's text seen whole, with its own `templated` flag (as parseManifests(text) reads it), and nothing of the template. */
function plainView(whole: ParsedFile, templated: boolean): ParsedFile {
  const { file, text, documents, objects, others, findings, lineStarts } = whole;
  return { file, text, documents, objects, others, findings, templated, lineStarts };
}

/**
 * The per-document findings of a chunk (chunk offsets), as `document` gives them on the whole text:
 * `keep` is asked in file offsets, and a suppression comment just before the chunk applies to its first line.
 */
function checker(file: ChunkedFile, templated: boolean, document: DocumentCheck, keep: Keep): ChunkChecker {
  return chunkChecker(file, templated, (parsed, i, chunk) => {
    const start = chunk.start;
    const keepHere: Keep = start === 0 ? keep : (f) => keep({ ...f, span: { start: f.span.start + start, end: f.span.end + start } });
    return document(parsed, i, keepHere);
  });
}
