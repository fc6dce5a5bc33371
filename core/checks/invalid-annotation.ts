// E028: metadata.annotations keys must be qualified names once lower-cased (ValidateAnnotations), and
// all keys and values together at most 256 KiB; the API server rejects the whole object otherwise.

import type { Check } from "./context";
import { qualifiedNameProblem } from "./support/labels";
import { keySpan } from "./support/target";

/** apimachinery TotalAnnotationSizeLimitB: the byte length of every key and value, summed. */
const TOTAL_LIMIT = 256 * 1024;

export const invalidAnnotation: Check = {
  code: "invalid-annotation",
  defaultSeverity: "error",
  title: "Annotation key the API server rejects, or annotations over 256 KiB",
  object(t, report) {
    const rejected = `the API server rejects the ${t.object.kind}`;
    let total = 0;
    for (const [k, v] of Object.entries(t.object.metadata.annotations)) {
      total += utf8Length(k) + (typeof v === "string" ? utf8Length(v) : 0);
      const problem = qualifiedNameProblem(k.toLowerCase(), "an annotation key");
      if (!problem) continue;
      const s = keySpan(t, ["metadata", "annotations", k]);
      if (s) report(s, `Invalid annotation key "${k}": ${problem}; ${rejected}.`);
    }
    if (total > TOTAL_LIMIT) {
      const s = keySpan(t, ["metadata", "annotations"]);
      if (s) report(s, `The annotations take ${total} bytes, over the limit of ${TOTAL_LIMIT} (256 KiB); ${rejected}.`);
    }
  },
};

/** Bytes of the UTF-8 encoding (Go's len of a string); a lone surrogate becomes U+FFFD, 3 bytes. */
function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}
