// Suppression comments: `# kube-rbac-disable-next-line [CODE, ...]` on the line above a finding hides it
// (every code when the comment names none). Read here for every path that reports findings: the
// whole-file checks, and the chunk-by-chunk checks of the language service (core/service/check-service.ts).
import type { Fix } from "../context";

const DISABLE_RE = /^\s*#\s*kube-rbac-disable-next-line\b(.*)$/;

/** The codes a comment line suppresses on the next line: "all" when it names none; undefined when it is no such comment. */
export type Suppression = ReadonlySet<string> | "all" | undefined;

/**
 * What suppression comments and quick fixes need of a file: its text and lines. A ParsedFile gives them
 * from its line starts; a chunked file (core/service/chunked-parse.ts) from its chunks' own.
 */
export interface FileText {
  readonly text: string;
  /** Offset of the line's start; undefined past the last line. */
  lineStart(line: number): number | undefined;
  /** Line (0-based) of an offset. */
  lineOf(offset: number): number;
}

/** What a line (without its line break) suppresses on the line after it. */
export function suppressionIn(line: string): Suppression {
  const m = DISABLE_RE.exec(line);
  if (!m) return undefined;
  const codes = m[1].split(/[\s,]+/).filter((c) => c !== "" && !c.startsWith("#"));
  return codes.length === 0 ? "all" : new Set(codes);
}

/** True when the suppression hides findings of that code. */
export function suppresses(s: Suppression, code: string): boolean {
  return s === "all" || (s !== undefined && s.has(code));
}

export function lineText(file: FileText, line: number): string {
  const start = file.lineStart(line);
  if (start === undefined) return "";
  const next = file.lineStart(line + 1);
  return file.text.slice(start, next === undefined ? file.text.length : next).replace(/\r?\n$/, "");
}

/** Codes disabled for a line by a comment on the line above; "all" when the comment names none. */
export function disabledCodes(file: FileText, line: number): Suppression {
  return line === 0 ? undefined : suppressionIn(lineText(file, line - 1));
}

/** `# kube-rbac-disable-next-line CODE` above the finding's line, indented like it (or appended to an existing one). */
export function suppressFix(file: FileText, line: number, code: string): Fix {
  const title = `Suppress ${code} on this line`;
  const prev = line > 0 ? lineText(file, line - 1) : "";
  const m = DISABLE_RE.exec(prev);
  if (m && m[1].trim() !== "") {
    const end = file.lineStart(line - 1)! + prev.length;
    return { title, edits: [{ span: { start: end, end }, newText: `, ${code}` }] };
  }
  const start = file.lineStart(line) ?? 0;
  const indent = /^[ \t]*/.exec(lineText(file, line))![0];
  return { title, edits: [{ span: { start, end: start }, newText: `${indent}# kube-rbac-disable-next-line ${code}\n` }] };
}
