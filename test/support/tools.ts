// The pinned helm and kustomize the chart and kustomize tests run (scripts/build-tools.sh builds them once
// into .cache/tools; it returns at once when they are there), and a way to run the command line with or
// without them.
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { cli } from "./cli";
import { REPO_ROOT } from "./corpus";

let built: { helm: string; kustomize: string } | undefined;

export function tools(): { helm: string; kustomize: string } {
  if (built) return built;
  const out = execFileSync("bash", [path.join(REPO_ROOT, "scripts", "build-tools.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  const paths = Object.fromEntries(
    out
      .trim()
      .split("\n")
      .map((l) => l.split(" ")),
  );
  built = { helm: paths.helm, kustomize: paths.kustomize };
  return built;
}

/** A path where no program is: the command line then finds no helm or kustomize. */
export const NO_TOOL = path.join(os.tmpdir(), "kube-rbac-no-such-tool");

/** Runs the command line with the given helm and kustomize (NO_TOOL: none). */
export async function cliWith(bins: { helm: string; kustomize: string }, ...argv: string[]) {
  const saved = { helm: process.env.KUBE_RBAC_HELM, kustomize: process.env.KUBE_RBAC_KUSTOMIZE };
  process.env.KUBE_RBAC_HELM = bins.helm;
  process.env.KUBE_RBAC_KUSTOMIZE = bins.kustomize;
  try {
    return await cli(...argv);
  } finally {
    for (const [k, v] of [
      ["KUBE_RBAC_HELM", saved.helm],
      ["KUBE_RBAC_KUSTOMIZE", saved.kustomize],
    ] as const)
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  }
}

/** A copy of a folder in a fresh temporary folder (removed by the caller). */
export function copyTree(from: string): { dir: string; root: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-tree-"));
  const dir = path.join(root, path.basename(from));
  fs.cpSync(from, dir, { recursive: true, dereference: true });
  return { dir, root };
}

export interface Diagnostic {
  readonly file: string;
  readonly range: { start: { line: number; character: number } };
  readonly severity: string;
  readonly code: string;
  readonly message: string;
}

/** "file:line:col code" (1-based) of JSON diagnostics, with file relative to `base`. */
export function located(diags: readonly Diagnostic[], base: string): string[] {
  return diags.map(
    (d) => `${path.relative(base, path.resolve(d.file))}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`,
  );
}

/** Runs `check TARGET -o json` with the given helm and kustomize, and asserts no error finding (with what it printed on stderr), then exit 0. */
export async function assertChecksClean(bins: { helm: string; kustomize: string }, target: string): Promise<void> {
  const r = await cliWith(bins, "check", target, "-o", "json");
  const diags = JSON.parse(r.out) as Diagnostic[];
  assert.deepEqual(
    diags.filter((d) => d.severity === "error"),
    [],
    r.err,
  );
  assert.equal(r.code, 0);
}
