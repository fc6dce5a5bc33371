// `kube-rbac check PATH...|-`: exactly the diagnostics the editor shows, under the repository
// configuration (`.kube-rbac.yaml`) that applies to each file. Exit 0 when nothing reaches the --fail-on
// threshold (default: error), 1 when something does, 2 on usage, input or configuration problems.
// JSON: [{ file, range: { start: { line, character }, end }, severity, code, message }], 0-based as in LSP.

import { GrantUsage, LoggedUsage } from "../../core/audit/grant-usage";
import { unusedGrantFindings } from "../../core/audit/unused-grant";
import { builtInCatalog } from "../../core/catalog";
import { compareFindings } from "../../core/checks/support/order";
import { RbacIndex } from "../../core/rbac-index";
import { AuditLogError } from "../../audit/read-log";
import { readLoggedUsage } from "../../audit/read-usage";
import { Severity } from "../../core/model";
import { positionAt } from "../../core/parse";
import { checkTexts } from "../../core/service/check-service";
import { ConfigFinder } from "../../config";
import { ConfigChartOptions } from "../../render/config-chart-options";
import { findTools } from "../../render/project";
import { ParsedArgs, UsageError, flagString, flagStrings } from "../args";
import { CheckInput, gatherInputs, readInput } from "../check-inputs";
import { githubReport, summary, textReport } from "../check-report";
import { EXIT, Io } from "../io";
import { Diagnostic, withProjects } from "../project-check";
import { sarifLog } from "../sarif";
import { expandPaths } from "../sources";
import { CHECK_USAGE } from "../usage";

/** One diagnostic of `check`, LSP-shaped (defined with the projects' renders, which add to them). */
export type JsonDiagnostic = Diagnostic;

const FORMATS = ["text", "json", "sarif", "github"];
const RANK: Record<Severity, number> = { error: 3, warning: 2, information: 1, hint: 0 };
const THRESHOLDS = ["error", "warning", "information"];

/** Checks files as one workspace (roles defined in one file satisfy roleRefs in another, as in the editor). */
export function checkPaths(paths: readonly string[]): JsonDiagnostic[] {
  const finder = new ConfigFinder();
  const inputs: CheckInput[] = [];
  const ignored = (p: string) => finder.forFile(p)?.isIgnored(p) === true;
  for (const file of expandPaths(paths, ignored)) inputs.push({ file, text: readInput(file), config: finder.forFile(file) });
  return checkInputs(inputs);
}

/**
 * Each input under its configuration (severities, disabled checks, catalog version), as one workspace;
 * with `usage` (audit logs), the unused-grant findings of its roles too.
 */
export function checkInputs(inputs: readonly CheckInput[], usage?: LoggedUsage): JsonDiagnostic[] {
  const texts = inputs.map((i) => ({
    file: i.file,
    text: i.text,
    catalog: i.config?.catalog(),
    settings: i.config ? { severity: i.config.config.severity } : undefined,
  }));
  // The editor's pipeline, run once: the same reading, checks, suppression and order.
  const out: JsonDiagnostic[] = [];
  const checked = checkTexts(texts, builtInCatalog());
  const grants = usage && new GrantUsage(new RbacIndex(checked.flatMap((c) => c.file.wholeFile().objects)), usage);
  for (const [i, { file, findings: own }] of checked.entries()) {
    const unused = grants ? unusedGrantFindings(file.wholeFile(), grants, { settings: texts[i].settings }) : [];
    const findings = unused.length > 0 ? [...own, ...unused].sort(compareFindings) : own;
    for (const f of findings) {
      out.push({
        file: file.file,
        range: { start: positionAt(file.lineStarts, f.span.start), end: positionAt(file.lineStarts, f.span.end) },
        severity: f.severity,
        code: f.code,
        message: f.message,
      });
    }
  }
  return out;
}

export async function checkCommand(a: ParsedArgs, io: Io): Promise<number> {
  const format = flagString(a, "output") ?? "text";
  if (!FORMATS.includes(format)) throw new UsageError(`--output must be text, json, sarif or github\nusage: ${CHECK_USAGE}`);
  const failOn = flagString(a, "fail-on") ?? "error";
  if (!THRESHOLDS.includes(failOn)) throw new UsageError(`--fail-on must be error, warning or information\nusage: ${CHECK_USAGE}`);
  if (a.positionals.length === 0) throw new UsageError(`no PATH given (- reads standard input)\nusage: ${CHECK_USAGE}`);
  const stdinFilename = flagString(a, "stdin-filename");
  if (stdinFilename !== undefined && !a.positionals.includes("-"))
    throw new UsageError("--stdin-filename names standard input: give - too");
  const inputs = await gatherInputs(a.positionals, { stdin: io.stdin, stdinFilename, configFile: flagString(a, "config") });
  // Charts rendered and kustomizations built when helm and kustomize are there (cli/project-check.ts).
  const warn = (line: string) => io.err(`warning: ${line}\n`);
  const usage = await auditUsage(a, inputs, io);
  if (usage === "failed") return EXIT.usage;
  const diagnostics = withProjects(a.positionals, checkInputs(inputs, usage), {
    tools: findTools({ helm: process.env.KUBE_RBAC_HELM, kustomize: process.env.KUBE_RBAC_KUSTOMIZE }),
    chart: { values: flagStrings(a, "values"), set: flagStrings(a, "set") },
    chartOptions: new ConfigChartOptions(),
    warn,
  });
  const cwd = process.cwd();
  if (format === "json") io.out(JSON.stringify(diagnostics, null, 2) + "\n");
  else if (format === "sarif")
    io.out(JSON.stringify(sarifLog(diagnostics, new Map(inputs.map((i) => [i.file, i.text])), cwd), null, 2) + "\n");
  else if (format === "github") {
    io.out(githubReport(diagnostics, cwd));
    io.err(summary(diagnostics));
  } else {
    io.out(textReport(diagnostics));
    io.err(summary(diagnostics));
  }
  const threshold = RANK[failOn as Severity];
  return diagnostics.some((d) => RANK[d.severity] >= threshold) ? EXIT.no : EXIT.ok;
}

/** The usage of the audit logs given with --audit-log and by the inputs' configurations; undefined when there are none. */
async function auditUsage(a: ParsedArgs, inputs: readonly CheckInput[], io: Io): Promise<LoggedUsage | undefined | "failed"> {
  const files = [...new Set([...flagStrings(a, "audit-log"), ...inputs.flatMap((i) => i.config?.auditLog() ?? [])])];
  if (files.length === 0) return undefined;
  try {
    const { usage, report } = await readLoggedUsage(files);
    for (const p of report.problems) io.err(`warning: ${p}\n`);
    if (report.malformed > 0)
      io.err(`warning: ${report.malformed} lines of the audit logs are not audit events: ${report.examples.join("; ")}\n`);
    return usage;
  } catch (e) {
    if (!(e instanceof AuditLogError)) throw e;
    io.err(`error: ${e.message}\n`);
    return "failed";
  }
}
