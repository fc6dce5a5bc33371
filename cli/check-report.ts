// The human and CI formats of `kube-rbac check`: compiler-style text lines, and GitHub Actions workflow
// commands (`::error file=…,line=…::message`) that become annotations on a pull request's files.

import * as path from "node:path";
import type { JsonDiagnostic } from "./commands/check";

export function textReport(diagnostics: readonly JsonDiagnostic[]): string {
  return diagnostics
    .map((d) => `${d.file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} [${d.code}] ${d.message}\n`)
    .join("");
}

export function summary(diagnostics: readonly JsonDiagnostic[]): string {
  const count = (...s: string[]) => diagnostics.filter((d) => s.includes(d.severity)).length;
  return `${count("error")} error(s), ${count("warning")} warning(s), ${count("information", "hint")} note(s)\n`;
}

const COMMAND: Record<string, string> = { error: "error", warning: "warning", information: "notice", hint: "notice" };

/** One workflow command per finding; files relative to the current folder (the checkout in CI). */
export function githubReport(diagnostics: readonly JsonDiagnostic[], cwd: string): string {
  return diagnostics
    .map((d) => {
      const rel = path.relative(cwd, path.resolve(cwd, d.file));
      const file = (rel.startsWith("..") || path.isAbsolute(rel) ? d.file : rel).split(path.sep).join("/");
      const props = [
        `file=${property(file)}`,
        `line=${d.range.start.line + 1}`,
        `col=${d.range.start.character + 1}`,
        `endLine=${d.range.end.line + 1}`,
        `endColumn=${d.range.end.character + 1}`,
        `title=${property(`kube-rbac ${d.code}`)}`,
      ];
      return `::${COMMAND[d.severity]} ${props.join(",")}::${data(d.message)}\n`;
    })
    .join("");
}

/** Escaping of a workflow command's message (GitHub's toolkit escapeData). */
function data(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escaping of a workflow command's property value (GitHub's toolkit escapeProperty). */
function property(s: string): string {
  return data(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
