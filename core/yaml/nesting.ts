// A bound on how deep a document nests, computed without parsing it: the YAML parsers recurse once per
// level, so a document nested too deep is refused before it reaches them.

/**
 * Deeper nesting than this is not handed to the YAML parsers. Both recurse once per level: around a
 * thousand levels they run out of stack at a depth that depends on the caller's stack (so the editor
 * and the command line would disagree), and V8 may even abort the process. Real manifests nest a few
 * dozen levels.
 */
export const MAX_NESTING = 400;

/**
 * Whether text[start, end) may nest deeper than MAX_NESTING. First a coarser bound from native string
 * searches (a level needs a column of its line or an opening bracket: the longest line plus the brackets
 * bound the depth), which clears every ordinary document; only a document it does not clear is scanned.
 */
export function mayNestTooDeep(text: string, start: number, end: number): boolean {
  if (end - start <= MAX_NESTING) return false;
  let longest = 0;
  for (let at = start; at < end;) {
    const nl = text.indexOf("\n", at);
    const lineEnd = nl < 0 || nl >= end ? end : nl;
    if (lineEnd - at > longest) longest = lineEnd - at;
    at = lineEnd + 1;
  }
  let brackets = 0;
  for (const c of ["[", "{"]) {
    for (let at = text.indexOf(c, start); at >= 0 && at < end && longest + brackets <= MAX_NESTING; at = text.indexOf(c, at + 1))
      brackets++;
  }
  return longest + brackets > MAX_NESTING && nestingBound(text, start, end) > MAX_NESTING;
}

/**
 * An upper bound of the nesting depth of text[start, end), in one pass: a block level needs at least
 * one more column of indentation or one more `- `/`? `/`: ` indicator on its line, a flow level one
 * more unclosed bracket (brackets inside quotes and comments count too: the bound is conservative).
 */
function nestingBound(text: string, start: number, end: number): number {
  let max = 0;
  let flow = 0;
  let lineStart = true;
  let block = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */) {
      lineStart = true;
      block = 0;
      continue;
    }
    if (lineStart) {
      if (c === 32 || c === 9) {
        block++;
        continue;
      }
      if ((c === 45 /* - */ || c === 63 /* ? */ || c === 58) /* : */ && (text.charCodeAt(i + 1) === 32 || text.charCodeAt(i + 1) === 9)) {
        block += 2;
        i++;
        continue;
      }
      lineStart = false;
    }
    if (c === 91 /* [ */ || c === 123 /* { */) flow++;
    else if ((c === 93 /* ] */ || c === 125) /* } */ && flow > 0) flow--;
    if (block + flow > max) max = block + flow;
  }
  return Math.max(max, block);
}
