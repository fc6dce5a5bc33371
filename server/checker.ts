// Which checks run on a file, wired exactly as `kube-rbac check` runs them (checkFile = checkDocument for
// every document + checkFileLevel), but split so that an edit re-checks little: the per-document checks
// run chunk by chunk (cached by the findings cache), the file-level checks (duplicate objects, the
// templated-file notice) from an index kept chunk by chunk (core/service/file-level.ts).
import { checkDocument, CheckContext } from "../core/checks/index";
import { Finding, isBinding } from "../core/model";
import { ParsedFile } from "../core/parse";
import { Chunk, ChunkedFile } from "../core/service/chunked-parse";
import { ChunkChecker } from "../core/service/findings-cache";
import { FileLevelIndex } from "../core/service/file-level";
import { Documents } from "./documents";

const DISABLE_RE = /^\s*#\s*kube-rbac-disable-next-line\b(.*)$/;

export function checkContext(documents: Documents): CheckContext {
  return { catalog: documents.catalog, workspace: documents.workspace, settings: { severity: documents.settings.severity } };
}

/** The `# kube-rbac-disable-next-line` comment on the line just before the chunk, if any (it suppresses findings on the chunk's first line). */
function disableBefore(file: ChunkedFile, chunk: Chunk): string {
  if (chunk.start === 0) return "";
  const lineStart = file.text.lastIndexOf("\n", chunk.start - 2) + 1;
  const m = DISABLE_RE.exec(file.text.slice(lineStart, chunk.start - 1).replace(/\r$/, ""));
  return m ? m[1] : "";
}

/**
 * What a chunk's findings depend on besides its text: settings, catalog, whether the whole file is
 * templated (the runner then skips documents with template expressions or YAML errors), a suppression
 * comment just before the chunk, and — for chunks holding bindings — the roles and service accounts known
 * elsewhere.
 */
export function chunkEpoch(documents: Documents, file: ChunkedFile): (chunk: Chunk) => string {
  const base = `${documents.settingsVersion}/${documents.catalogVersion}/${file.templated ? "t" : ""}`;
  const shape = documents.workspace.shape;
  return (chunk) => `${base}/${chunk.parsed.objects.some(isBinding) ? shape : ""}/${disableBefore(file, chunk)}`;
}

export function chunkChecker(documents: Documents, file: ChunkedFile): ChunkChecker {
  const ctx = checkContext(documents);
  const templated = file.templated;
  return (chunk): readonly Finding[] => {
    // The chunk parsed on its own, seen as part of its file: templated when the file is.
    const parsed: ParsedFile = chunk.parsed.templated === templated ? chunk.parsed : (Object.create(chunk.parsed, { templated: { value: templated, enumerable: true } }) as ParsedFile);
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
  return index.findings(file, checkContext(documents));
}

/** Per-document and file-level findings in the order `checkFile` gives them. */
export function mergeFindings(perDocument: readonly Finding[], fileLevel: readonly Finding[]): Finding[] {
  const all = [...perDocument, ...fileLevel];
  const keyed = all.map((f) => ({ f, start: f.span.start, end: f.span.end }));
  keyed.sort((a, b) => a.start - b.start || a.end - b.end || (a.f.code < b.f.code ? -1 : a.f.code > b.f.code ? 1 : 0));
  return keyed.map((k) => k.f);
}
