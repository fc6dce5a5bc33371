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
  /** Per file, its last text found to be no template. */
  private readonly plain = new Map<string, string>();

  *parseSteps(text: string, file: string, unchanged?: Unchanged): Generator<number, ChunkedFile, void> {
    // An edit of a plain file that touched no brace or percent sign leaves it plain: no search of the whole text.
    const stillPlain = unchanged !== undefined && this.plain.get(file) === unchanged.base && bracesUntouched(text, unchanged);
    if (stillPlain || !isGoTemplate(text)) {
      this.plain.set(file, text);
      // The parser's last text was a masked one: what the editor says is unchanged is relative to the template.
      const known = this.templates.delete(file) ? undefined : unchanged;
      this.masks.delete(file);
      return yield* this.yaml.parseSteps(text, file, known);
    }
    this.plain.delete(file);
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
    this.plain.delete(file);
    this.yaml.forget(file);
  }
}

/**
 * True when neither the new text nor the old one (`unchanged.base`) has a `{`, `}` or `%` in the part the
 * edit changed or next to it: the `{{`, `}}`, `{%` and `%}` of both are then the same, in the same order,
 * so isGoTemplate says the same of both.
 */
function bracesUntouched(text: string, unchanged: Unchanged): boolean {
  const base = unchanged.base;
  const prefix = Math.min(unchanged.prefix, text.length, base.length);
  const suffix = Math.min(unchanged.suffix, text.length - prefix, base.length - prefix);
  return noBraces(text, prefix - 1, text.length - suffix + 1) && noBraces(base, prefix - 1, base.length - suffix + 1);
}

function noBraces(text: string, from: number, to: number): boolean {
  const end = Math.min(text.length, to);
  for (let i = Math.max(0, from); i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x7d || c === 0x25) return false;
  }
  return true;
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
