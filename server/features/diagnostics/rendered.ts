// A file's findings from the last render of its chart or kustomization (server/render-scheduler.ts),
// merged into its own: each kept once per line by the command line's rule (render/findings.ts), with the
// user's severity settings, and only while the editor's text is the text that was rendered (an unsaved
// edit waits for its save). In an untrusted workspace a template gets one note saying it is not rendered.

import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import type { SeveritySetting } from "../../../core/checks/context";
import { compareFindings } from "../../../core/checks/support/order";
import { Finding } from "../../../core/model";
import { KUSTOMIZATION_FILES } from "../../../render/kustomize";
import { sameReport } from "../../../render/findings";
import type { RenderScheduler } from "../../render-scheduler";
import { sameLine } from "../../render-outcome";

export const RENDER_OFF_CODE = "render-off";

/** The file's findings with the rendered ones added (the same array when there are none to add). */
export function withRendered(
  renders: RenderScheduler | undefined,
  uri: string,
  text: string,
  templated: boolean,
  own: readonly Finding[],
  fileLevel: readonly Finding[],
  severity: Readonly<Record<string, SeveritySetting>>,
  renderEnabled: boolean,
): readonly Finding[] {
  if (!renders || !renderEnabled || !uri.startsWith("file:")) return fileLevel;
  const file = fileURLToPath(uri);
  if (!renders.trusted) return belongsToProject(file, templated) ? [...fileLevel, renderOff(file)] : fileLevel;
  const rendered = renders.findingsIn(file);
  if (!rendered || rendered.text !== text) return fileLevel;
  const kept: Finding[] = [];
  const seen = [...own, ...fileLevel];
  for (const f of rendered.findings) {
    const level = severity[f.code];
    if (level === "off") continue;
    if (seen.some((g) => sameLine(text, f, g) && sameReport(f, g))) continue;
    const g = level ? { ...f, severity: level } : f;
    kept.push(g);
    seen.push(g);
  }
  return kept.length === 0 ? fileLevel : [...fileLevel, ...kept].sort(compareFindings);
}

/** A template of a chart, or a kustomization file. */
function belongsToProject(file: string, templated: boolean): boolean {
  if (KUSTOMIZATION_FILES.includes(path.basename(file))) return true;
  if (!templated) return false;
  for (let dir = path.dirname(file); path.dirname(dir) !== dir; dir = path.dirname(dir))
    if (fs.existsSync(path.join(dir, "Chart.yaml"))) return true;
  return false;
}

function renderOff(file: string): Finding {
  const what = KUSTOMIZATION_FILES.includes(path.basename(file))
    ? "The kustomization is not built (kustomize does not run in an untrusted workspace): its files are checked one by one."
    : "The chart is not rendered (helm does not run in an untrusted workspace): this template is checked in place only, without values.";
  return {
    code: RENDER_OFF_CODE,
    severity: "information",
    message: `${what} Trust the workspace to check it as rendered.`,
    file,
    span: { start: 0, end: 0 },
  };
}
