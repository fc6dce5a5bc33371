// `kustomize build` (or `kubectl kustomize`) on a kustomization folder, through a one-line wrapper that
// asks for kustomize's own origin annotations (where each object was read). Remote resources are refused
// before anything runs; kustomize's defaults already leave plugins, exec/container functions and helm off.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runTool, runToolAsync, ToolRun } from "./process";

export const KUSTOMIZATION_FILES = ["kustomization.yaml", "kustomization.yml", "Kustomization"];
export const BUILD_TIMEOUT_MS = 30_000;

export function kustomizationFile(dir: string): string | undefined {
  for (const f of KUSTOMIZATION_FILES) if (fs.existsSync(path.join(dir, f))) return path.join(dir, f);
  return undefined;
}

/** The command that builds: `kustomize build DIR` or `kubectl kustomize DIR`. */
export interface KustomizeCommand {
  readonly program: string;
  readonly args: readonly string[];
}

export interface Built extends ToolRun {
  /** The file each built object was read from, by document start in `stdout` (from kustomize's origin annotations). */
  readonly origins: ReadonlyMap<number, string>;
}

const REMOTE_RE = /^(https?:\/\/|git@|ssh:\/\/|git::|github\.com\/|gitlab\.com\/|bitbucket\.org\/)|\?ref=|\.git(\/\/|$)/;

/** Remote bases or resources anywhere in the kustomization's local tree (they are never fetched). */
export function remoteResources(dir: string, seen = new Set<string>()): string[] {
  const file = kustomizationFile(dir);
  if (!file || seen.has(file)) return [];
  seen.add(file);
  const text = fs.readFileSync(file, "utf8");
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*-\s*(?:path:\s*)?["']?([^"'\s#]+)/gm)) {
    const entry = m[1];
    if (REMOTE_RE.test(entry)) out.push(entry);
    else {
      const sub = path.resolve(dir, entry);
      if (fs.existsSync(sub) && fs.statSync(sub).isDirectory()) out.push(...remoteResources(sub, seen));
    }
  }
  return out;
}

/** A folder with a kustomization over `dir` that asks for origin annotations; undefined with the refusal when `dir` uses remote resources. */
function wrap(dir: string): { wrapper: string } | { refused: Built } {
  const remote = remoteResources(dir);
  if (remote.length > 0)
    return { refused: { ok: false, stdout: "", origins: new Map(), error: `remote resources are not fetched: ${remote.join(", ")}` } };
  const wrapper = fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-kustomize-"));
  const rel = path.relative(wrapper, path.resolve(dir)).split(path.sep).join("/");
  fs.writeFileSync(
    path.join(wrapper, "kustomization.yaml"),
    `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- ${JSON.stringify(rel)}\nbuildMetadata: [originAnnotations]\n`,
  );
  return { wrapper };
}

function unwrap<T extends ToolRun>(run: T, wrapper: string): T & Built {
  fs.rmSync(wrapper, { recursive: true, force: true });
  if (!run.ok) return { ...run, error: run.error?.split(wrapper).join("."), origins: new Map() };
  return { ...run, origins: originsOf(run.stdout, wrapper) };
}

export function buildKustomization(command: KustomizeCommand, dir: string, timeoutMs = BUILD_TIMEOUT_MS): Built {
  const w = wrap(dir);
  if ("refused" in w) return w.refused;
  try {
    return unwrap(runTool(command.program, [...command.args, w.wrapper], { cwd: w.wrapper, timeoutMs }), w.wrapper);
  } finally {
    fs.rmSync(w.wrapper, { recursive: true, force: true });
  }
}

/** buildKustomization without blocking (the language server); `signal` stops it. */
export async function buildKustomizationAsync(
  command: KustomizeCommand,
  dir: string,
  timeoutMs = BUILD_TIMEOUT_MS,
  signal?: AbortSignal,
): Promise<Built & { cancelled?: boolean }> {
  const w = wrap(dir);
  if ("refused" in w) return w.refused;
  try {
    return unwrap(await runToolAsync(command.program, [...command.args, w.wrapper], { cwd: w.wrapper, timeoutMs, signal }), w.wrapper);
  } finally {
    fs.rmSync(w.wrapper, { recursive: true, force: true });
  }
}

const ORIGIN_RE = /config\.kubernetes\.io\/origin: \|\n\s+path: (.+)/;

function originsOf(text: string, wrapper: string): Map<number, string> {
  const out = new Map<number, string>();
  let start = 0;
  for (const piece of text.split(/^---$/m)) {
    const m = ORIGIN_RE.exec(piece);
    if (m) out.set(start, path.resolve(wrapper, m[1].trim()));
    start += piece.length + 3;
  }
  return out;
}
