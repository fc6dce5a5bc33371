// Shared helpers of the check tests: run the checks over a text the way the editor and the CLI do.

import * as fs from "node:fs";
import * as path from "node:path";
import { builtInCatalog } from "../../../core/catalog";
import { checkFile, CheckSettings, workspaceView } from "../../../core/checks";
import { Finding, isRole } from "../../../core/model";
import { parseManifests } from "../../../core/parse";
import { REPO_ROOT } from "../../support/corpus";

export const FIXTURES = path.join(REPO_ROOT, "test", "fixtures", "checks");

/**
 * Codes no single file raises (so they have no fixture): rendering a chart or building a kustomization does
 * (test/cli), or reading audit logs with the workspace's bindings (test/core/audit).
 */
export const RAISED_ELSEWHERE = new Set(["render-failed", "unused-grant"]);

const catalog = builtInCatalog();

/** Check a text with a workspace made of the file itself (no cluster). */
export function check(text: string, file = "test.yaml", settings?: CheckSettings): Finding[] {
  const parsed = parseManifests(text, file);
  const roles = parsed.objects.filter(isRole);
  const sas = parsed.others.filter((o) => o.kind === "ServiceAccount").map((o) => o.metadata);
  return checkFile(parsed, { catalog, workspace: workspaceView(roles, sas, false), settings });
}

export function codes(findings: readonly Finding[]): string[] {
  return [...new Set(findings.map((f) => f.code))].sort();
}

export function fixture(code: string, which: "bad" | "good"): string {
  return fs.readFileSync(path.join(FIXTURES, code, `${which}.yaml`), "utf8");
}

export function applyEdits(text: string, edits: readonly { span: { start: number; end: number }; newText: string }[]): string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

export function fixesOf(f: Finding): { title: string; edits: { span: { start: number; end: number }; newText: string }[] }[] {
  return (f.data as { fixes?: [] } | undefined)?.fixes ?? [];
}
