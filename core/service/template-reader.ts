// The reader of Helm templates for the check pipeline (check-service.ts): the editor's features (hover,
// completion, symbols, definitions) read a template as the YAML its masked text is (core/template/mask.ts:
// same offsets, actions blanked or unknown); the checks read the template itself, in place, from `source`
// (core/checks/index.ts). Any other text is read as it is.

import { MaskedVariant } from "../template/mask";
import { MaskMemo } from "../template/mask-memo";
import { isGoTemplate } from "../template/check";
import type { ParsedFile } from "../parse";
import type { ManifestReader } from "./check-service";
import { ChunkedFile } from "./chunked-file";
import { ChunkedParser, Unchanged } from "./chunked-parse";

export class TemplateReader implements ManifestReader {
  private readonly yaml = new ChunkedParser();
  private readonly templates = new Set<string>();
  /** Per template: its parts' masks from its last reading (only the parts an edit changed are masked again). */
  private readonly masks = new Map<string, MaskMemo>();

  *parseSteps(text: string, file: string, unchanged?: Unchanged): Generator<number, ChunkedFile, void> {
    if (!isGoTemplate(text)) {
      // The parser's last text was a masked one: what the editor says is unchanged is relative to the template.
      const known = this.templates.delete(file) ? undefined : unchanged;
      this.masks.delete(file);
      return yield* this.yaml.parseSteps(text, file, known);
    }
    this.templates.add(file);
    // Without `unchanged`, the parser finds the kept chunks by comparing texts (an edit may change the masking elsewhere).
    let masks = this.masks.get(file);
    if (!masks) this.masks.set(file, (masks = new MaskMemo()));
    const variants = masks.mask(text);
    const chunked = yield* this.yaml.parseSteps(variants[0].text, file);
    return asTemplate(chunked, text, variants);
  }

  forget(file: string): void {
    this.templates.delete(file);
    this.masks.delete(file);
    this.yaml.forget(file);
  }
}

/** The masked file, known as templated and carrying the template's own text (and its variants) for the checks. */
function asTemplate(chunked: ChunkedFile, source: string, maskedVariants: readonly MaskedVariant[]): ChunkedFile {
  let whole: ParsedFile | undefined;
  return Object.create(chunked, {
    templated: { value: true },
    source: { value: source },
    wholeFile: { value: () => (whole ??= { ...chunked.wholeFile(), templated: true, source, maskedVariants }) },
  }) as ChunkedFile;
}
