// Whether a text is written, as it is, in a chart's or kustomization's own files: a quick fix of a
// rendered finding moves to a template only when the text it puts there is (core/render/fixes.ts). The
// files are read once, on the first question; names are matched whole (`app-reader` is not in `app-readers`).

import * as fs from "node:fs";
import * as path from "node:path";

const TEXT_RE = /\.(ya?ml|tpl|json|txt)$/i;
/** Folder depth read under each folder (subcharts sit a few levels down). */
const MAX_DEPTH = 6;

function textsIn(dir: string, depth = 0, out: string[] = []): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && depth < MAX_DEPTH && e.name !== "node_modules" && !e.name.startsWith(".")) textsIn(p, depth + 1, out);
    else if (e.isFile() && TEXT_RE.test(e.name)) {
      try {
        out.push(fs.readFileSync(p, "utf8"));
      } catch {
        /* removed meanwhile */
      }
    }
  }
  return out;
}

/** A predicate over the text files under `dirs` (read when first asked). */
export function writtenIn(dirs: readonly string[]): (text: string) => boolean {
  let texts: string[] | undefined;
  return (text) => {
    if (text === "") return false;
    texts ??= dirs.flatMap((d) => textsIn(d));
    const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const re = new RegExp(`(?<![\\w.:-])${escaped}(?![\\w.:-])`);
    return texts.some((t) => re.test(t));
  };
}
