// A suppression comment on the line just before a chunk: the chunk is checked on its own, so the runner
// (core/checks/support/run.ts) does not see the comment that applies to the chunk's first line.

import { Suppression, suppressionIn } from "../checks/support/suppression";
import { Chunk, ChunkedFile } from "./chunked-file";

/** What the comment on the line just before the chunk suppresses on the chunk's first line. */
export function suppressionBefore(file: ChunkedFile, chunk: Chunk): Suppression {
  if (chunk.start === 0) return undefined;
  const lineStart = file.text.lastIndexOf("\n", chunk.start - 2) + 1;
  // Most chunks follow a line that is no comment: tell without slicing the text.
  let i = lineStart;
  while (file.text[i] === " " || file.text[i] === "\t") i++;
  if (file.text[i] !== "#" && !/\s/.test(file.text[i] ?? "")) return undefined;
  return suppressionIn(file.text.slice(lineStart, chunk.start - 1).replace(/\r$/, ""));
}

/** A key of the suppression, for the chunk's epoch. */
export function suppressionKey(s: Suppression): string {
  return s === undefined ? "" : s === "all" ? " all" : ` ${[...s].join(",")}`;
}
