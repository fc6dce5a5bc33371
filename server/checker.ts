// Which checks run on a file, wired exactly as `kube-rbac check` runs them (checkFile = checkDocument for
// every document + checkFileLevel), but split so that an edit re-checks little: the per-document checks
// run chunk by chunk (cached by the findings cache), the file-level checks (duplicate objects, the
// templated-file notice) from an index kept chunk by chunk (core/service/file-level.ts).
import { builtInCatalog } from "../core/catalog";
import { checkDocument, CheckContext, findingOrder } from "../core/checks/index";
import { Finding, isBinding } from "../core/model";
import { ParsedFile } from "../core/parse";
import { Chunk, ChunkedFile } from "../core/service/chunked-parse";
import { ChunkChecker, ChunkEpochs } from "../core/service/findings-cache";
import { FileLevelIndex } from "../core/service/file-level";
import { Documents } from "./documents";

const DISABLE_RE = /^\s*#\s*kube-rbac-disable-next-line\b(.*)$/;

/** What the checks of a file see: the repository configuration above it, with the editor's settings on top. */
export function checkContext(documents: Documents, uri: string): CheckContext {
  const configs = documents.repoConfigs;
  return {
    catalog: configs.catalog(uri, documents.catalog, builtInCatalog()),
    workspace: documents.workspace,
    settings: { severity: configs.severity(uri, documents.settings.severity) },
  };
}

/** The `# kube-rbac-disable-next-line` comment on the line just before the chunk, if any (it suppresses findings on the chunk's first line). */
function disableBefore(file: ChunkedFile, chunk: Chunk): string {
  if (chunk.start === 0) return "";
  const lineStart = file.text.lastIndexOf("\n", chunk.start - 2) + 1;
  // Most chunks follow a line that is no comment: tell without slicing the text.
  let i = lineStart;
  while (file.text[i] === " " || file.text[i] === "\t") i++;
  if (file.text[i] !== "#" && !/\s/.test(file.text[i] ?? "")) return "";
  const m = DISABLE_RE.exec(file.text.slice(lineStart, chunk.start - 1).replace(/\r$/, ""));
  return m ? m[1] : "";
}

/**
 * What a chunk's findings depend on besides its text: settings, catalog, whether the whole file is
 * templated (the runner then skips documents with template expressions or YAML errors), a suppression
 * comment just before the chunk, and — for chunks holding bindings — the roles and service accounts known
 * elsewhere.
 */
export function chunkEpoch(documents: Documents, file: ChunkedFile): ChunkEpochs {
  const base = `${documents.settingsVersion}/${documents.repoConfigs.version}/${documents.catalogVersion}/${file.templated ? "t" : ""}`;
  const withBindings = `${base}/${documents.workspace.shape}/`;
  const withoutBindings = `${base}//`;
  return {
    // Everything but the chunk's text and the line before it (the previous chunk's last line).
    stamp: withBindings,
    // Called for the chunks an edit may have changed: no string is built unless a comment precedes the chunk.
    of: (chunk) => {
      const epoch = chunk.parsed.objects.some(isBinding) ? withBindings : withoutBindings;
      const disabled = disableBefore(file, chunk);
      return disabled === "" ? epoch : epoch + disabled;
    },
  };
}

export function chunkChecker(documents: Documents, file: ChunkedFile): ChunkChecker {
  const ctx = checkContext(documents, file.file);
  const templated = file.templated;
  return (chunk): readonly Finding[] => {
    // The chunk parsed on its own, seen as part of its file: templated when the file is.
    const parsed: ParsedFile =
      chunk.parsed.templated === templated
        ? chunk.parsed
        : (Object.create(chunk.parsed, { templated: { value: templated, enumerable: true } }) as ParsedFile);
    const out: Finding[] = [];
    for (let i = 0; i < parsed.documents.length; i++) for (const f of checkDocument(parsed, i, ctx)) out.push(f);
    const disabled = disableBefore(file, chunk);
    if (disabled === "") return out;
    // The runner looks for the comment on the line above within the chunk; the chunk's first line has it in the previous chunk.
    const codes = disabled.split(/[\s,]+/).filter((c) => c !== "" && !c.startsWith("#"));
    const firstLineEnd = parsed.lineStarts[1] ?? parsed.text.length + 1;
    return out.filter((f) => f.span.start >= firstLineEnd || (codes.length > 0 && !codes.includes(f.code)));
  };
}

/** Findings of the file-level checks, kept chunk by chunk by the file's index (as checkFileLevel gives them). */
export function fileLevelFindings(documents: Documents, file: ChunkedFile, index: FileLevelIndex): Finding[] {
  return index.findings(file, checkContext(documents, file.file));
}

/** Per-document and file-level findings in the order `checkFile` gives them (a stable sort by span, then code). */
export function mergeFindings(perDocument: readonly Finding[], fileLevel: readonly Finding[]): Finding[] {
  // Spans may be lazy getters: read each once.
  const keyed = (list: readonly Finding[]) => list.map((f) => ({ f, start: f.span.start, end: f.span.end }));
  const a = keyed(perDocument);
  const b = keyed(fileLevel).sort(compare);
  let sorted = true;
  for (let i = 1; i < a.length && sorted; i++) if (compare(a[i - 1], a[i]) > 0) sorted = false;
  if (!sorted) return [...a, ...b].sort(compare).map((k) => k.f);
  // Per-document findings come in file order already (chunk by chunk): merging in the few file-level
  // ones gives what the stable sort of both gives (ties keep per-document findings first).
  const out: Finding[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && compare(a[i], b[j]) <= 0)) out.push(a[i++].f);
    else out.push(b[j++].f);
  }
  return out;
}

function compare(a: { f: Finding; start: number; end: number }, b: { f: Finding; start: number; end: number }): number {
  return findingOrder(a.start, a.end, a.f.code, b.start, b.end, b.f.code);
}
