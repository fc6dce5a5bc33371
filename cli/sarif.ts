// `kube-rbac check --output sarif`: SARIF 2.1.0 for code scanning (GitHub, Azure DevOps). Every check is a
// rule with its short and full description and the absolute address of its documentation page; results
// point at the source region, with the lines they cover as the snippet. Paths are relative to the current
// folder (the repository root in CI) through the %SRCROOT% base.

import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { ALL_CHECKS, docsUrl, REPOSITORY_URL } from "../core/checks";
import type { JsonDiagnostic } from "./commands/check";
import { checkDescription, packageVersion } from "./package-info";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

const LEVEL: Record<string, string> = { error: "error", warning: "warning", information: "note", hint: "note" };

/** `texts`: each diagnostic's file text, for the snippets. */
export function sarifLog(diagnostics: readonly JsonDiagnostic[], texts: ReadonlyMap<string, string>, cwd: string): object {
  const rules = ALL_CHECKS.map((c) => ({
    id: c.code,
    name: c.code,
    shortDescription: { text: c.title },
    fullDescription: { text: checkDescription(c.code) ?? `${c.title}. Default severity: ${c.defaultSeverity}.` },
    helpUri: docsUrl(c.code),
    defaultConfiguration: { level: LEVEL[c.defaultSeverity] },
  }));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const version = packageVersion();
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: { name: "kube-rbac", informationUri: REPOSITORY_URL, ...(version ? { version, semanticVersion: version } : {}), rules },
        },
        originalUriBaseIds: { "%SRCROOT%": { uri: pathToFileURL(cwd).href + "/" } },
        // Columns count UTF-16 code units, as the editor's (LSP's) characters do.
        columnKind: "utf16CodeUnits",
        results: diagnostics.map((d) => result(d, ruleIndex, texts.get(d.file), cwd)),
      },
    ],
  };
}

function result(d: JsonDiagnostic, ruleIndex: ReadonlyMap<string, number>, text: string | undefined, cwd: string): object {
  const index = ruleIndex.get(d.code);
  const snippet = text === undefined ? undefined : linesOf(text, d.range.start.line, d.range.end.line);
  return {
    ruleId: d.code,
    ...(index === undefined ? {} : { ruleIndex: index }),
    level: LEVEL[d.severity],
    message: { text: d.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifact(d.file, cwd),
          region: {
            startLine: d.range.start.line + 1,
            startColumn: d.range.start.character + 1,
            endLine: d.range.end.line + 1,
            endColumn: d.range.end.character + 1,
            ...(snippet === undefined ? {} : { snippet: { text: snippet } }),
          },
        },
      },
    ],
  };
}

/** Inside the current folder: a relative URI on %SRCROOT%; elsewhere an absolute file URI; standard input as named. */
function artifact(file: string, cwd: string): object {
  const rel = path.relative(cwd, path.resolve(cwd, file));
  if (!rel.startsWith("..") && !path.isAbsolute(rel))
    return { uri: rel.split(path.sep).map(encodeURIComponent).join("/"), uriBaseId: "%SRCROOT%" };
  return { uri: pathToFileURL(path.resolve(cwd, file)).href };
}

/** Lines `from`..`to` (0-based, inclusive) of a text, without their line breaks' last one. */
function linesOf(text: string, from: number, to: number): string {
  const lines = text.split("\n").slice(from, to + 1);
  return lines.map((l) => l.replace(/\r$/, "")).join("\n");
}
