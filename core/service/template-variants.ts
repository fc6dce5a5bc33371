// The variants of a Helm template, read chunk by chunk for its in-place check (core/template/check.ts).
// The first variant is the masked text the template reader (template-reader.ts) has already parsed chunk
// by chunk for the editor's features: it is not parsed again. A later variant (the documents it shares
// with the first blanked) is parsed by a chunked parser of its own. Each variant's per-document findings
// are kept chunk by chunk (FindingsCache), as a plain file's are: a document whose masked text, and the
// line before it, did not change keeps its parse and its findings. The file-level checks (duplicate
// objects, the notes) still run over every document, in check.ts.

import type { CheckContext } from "../checks/context";
import { suppresses } from "../checks/support/suppression";
import { Finding, isBinding } from "../model";
import { ParsedFile, TEMPLATE_RE } from "../parse";
import type { DocumentCheck, Keep, VariantReader } from "../template/check";
import { Chunk, ChunkedFile, ChunkedParser } from "./chunked-parse";
import { ChunkChecker, ChunkEpochs, FindingsCache } from "./findings-cache";
import { suppressionBefore, suppressionKey } from "./suppression-before";

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
          const steps = cache.chunkSteps(chunked, this.epochs(chunked, templated, ctx), checker(chunked, templated, document, keep));
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

  /** As check-service.ts keys a plain file's chunks: only chunks holding bindings follow the workspace's shape. */
  private epochs(file: ChunkedFile, templated: boolean, ctx: CheckContext): ChunkEpochs {
    const base = `${this.generation}/${templated ? "t" : ""}`;
    const withBindings = `${base}/${String(ctx.workspace.shape)}/`;
    const withoutBindings = `${base}//`;
    return {
      stamp: withBindings,
      of: (chunk) => {
        const epoch = chunk.parsed.objects.some(isBinding) ? withBindings : withoutBindings;
        const suppression = suppressionBefore(file, chunk);
        return suppression === undefined ? epoch : epoch + suppressionKey(suppression);
      },
    };
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
  return (chunk: Chunk): readonly Finding[] => {
    const parsed: ParsedFile =
      chunk.parsed.templated === templated
        ? chunk.parsed
        : (Object.create(chunk.parsed, { templated: { value: templated, enumerable: true } }) as ParsedFile);
    const start = chunk.start;
    const keepHere: Keep = start === 0 ? keep : (f) => keep({ ...f, span: { start: f.span.start + start, end: f.span.end + start } });
    const out: Finding[] = [];
    for (let i = 0; i < parsed.documents.length; i++) for (const f of document(parsed, i, keepHere)) out.push(f);
    const suppression = suppressionBefore(file, chunk);
    if (suppression === undefined) return out;
    const firstLineEnd = parsed.lineStarts[1] ?? parsed.text.length + 1;
    return out.filter((f) => f.span.start >= firstLineEnd || !suppresses(suppression, f.code));
  };
}
