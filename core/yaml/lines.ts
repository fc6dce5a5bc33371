// Line starts and positions: offsets mapped to 0-based lines and characters, as LSP counts them.

/** Offsets of line starts, as the YAML parser's LineCounter records them. */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

/** 0-based line and character of an offset, as LSP counts them (UTF-16 code units). */
export function positionAt(lineStarts: readonly number[], offset: number): { line: number; character: number } {
  const line = lastAtOrBelow(lineStarts, offset);
  return { line, character: offset - (lineStarts[line] ?? 0) };
}

/** The last index whose value is ≤ `x` in a non-decreasing array (0 when there is none). */
export function lastAtOrBelow(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid] <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
