// `kube-rbac check PATH... [--output text|json|sarif]`: exactly the diagnostics the editor shows.
// Exit 0 when no error, 1 when an error was found, 2 on usage or I/O problems.
// JSON: [{ file, range: { start: { line, character }, end }, severity, code, message }], 0-based as in LSP.

import { docsPath } from "../../core/checks";
import { Finding } from "../../core/model";
import { positionAt } from "../../core/parse";
import { RepositoryChartOptions } from "../../render/chart-options";
import { findTools } from "../../render/project";
import { ParsedArgs, UsageError, flagString, flagStrings } from "../args";
import { EXIT, Io } from "../io";
import { checkProject, ProjectOptions } from "../project-check";
import { CHECK_USAGE } from "../usage";

export interface JsonDiagnostic {
  readonly file: string;
  readonly range: { start: { line: number; character: number }; end: { line: number; character: number } };
  readonly severity: Finding["severity"];
  readonly code: string;
  readonly message: string;
}

/**
 * Checks files as one workspace (roles defined in one file satisfy roleRefs in another, as in the editor);
 * charts are also rendered and kustomizations built when helm and kustomize are there (cli/project-check.ts).
 */
export function checkPaths(paths: readonly string[], options: Partial<ProjectOptions> = {}): JsonDiagnostic[] {
  const tools = options.tools ?? findTools({ helm: process.env.KUBE_RBAC_HELM, kustomize: process.env.KUBE_RBAC_KUSTOMIZE });
  const out: JsonDiagnostic[] = [];
  const warn = options.warn ?? (() => undefined);
  const chartOptions = options.chartOptions ?? new RepositoryChartOptions(warn);
  for (const checked of checkProject(paths, { tools, chart: options.chart, chartOptions, warn })) {
    const lineStarts = lineStartsOf(checked.text);
    for (const f of checked.findings) {
      out.push({
        file: checked.file,
        range: { start: positionAt(lineStarts, f.span.start), end: positionAt(lineStarts, f.span.end) },
        severity: f.severity,
        code: f.code,
        message: f.message,
      });
    }
  }
  return out;
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

export function checkCommand(a: ParsedArgs, io: Io): number {
  const format = flagString(a, "output") ?? "text";
  if (!["text", "json", "sarif"].includes(format)) throw new UsageError(`--output must be text, json or sarif\nusage: ${CHECK_USAGE}`);
  if (a.positionals.length === 0) throw new UsageError(`no PATH given\nusage: ${CHECK_USAGE}`);
  const chart = { values: flagStrings(a, "values"), set: flagStrings(a, "set") };
  const diagnostics = checkPaths(a.positionals, { chart, warn: (line) => io.err(`warning: ${line}\n`) });
  if (format === "json") io.out(JSON.stringify(diagnostics, null, 2) + "\n");
  else if (format === "sarif") io.out(JSON.stringify(sarif(diagnostics), null, 2) + "\n");
  else {
    for (const d of diagnostics)
      io.out(`${d.file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} [${d.code}] ${d.message}\n`);
    const count = (s: string) => diagnostics.filter((d) => d.severity === s).length;
    io.err(`${count("error")} error(s), ${count("warning")} warning(s), ${count("information") + count("hint")} note(s)\n`);
  }
  return diagnostics.some((d) => d.severity === "error") ? EXIT.no : EXIT.ok;
}

function sarif(diagnostics: readonly JsonDiagnostic[]) {
  const codes = [...new Set(diagnostics.map((d) => d.code))].sort();
  const level = (s: string) => (s === "error" ? "error" : s === "warning" ? "warning" : "note");
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "kube-rbac", rules: codes.map((id) => ({ id, helpUri: docsPath(id) })) } },
        results: diagnostics.map((d) => ({
          ruleId: d.code,
          level: level(d.severity),
          message: { text: d.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: d.file },
                region: {
                  startLine: d.range.start.line + 1,
                  startColumn: d.range.start.character + 1,
                  endLine: d.range.end.line + 1,
                  endColumn: d.range.end.character + 1,
                },
              },
            },
          ],
        })),
      },
    ],
  };
}
