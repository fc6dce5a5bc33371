// Running helm and kustomize: a fixed argument list, no shell, a time limit, bounded output, and an
// environment in which they cannot reach the network, load plugins or read the user's helm settings.

import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export interface ToolRun {
  readonly ok: boolean;
  readonly stdout: string;
  /** What went wrong, in one or a few lines (the tool's own message when it gave one). */
  readonly error?: string;
}

/** Output beyond this is an error rather than a memory hog (a chart renders a few MB at most). */
const MAX_OUTPUT = 64 * 1024 * 1024;

/**
 * Variables of the environment passed through: the rest (credentials, proxies, KUBECONFIG, HELM_*) stays out.
 * Network access goes through a proxy that does not exist.
 */
const KEEP = ["PATH", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT"];

export function sandboxEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const k of KEEP) if (process.env[k] !== undefined) env[k] = process.env[k];
  const dead = "http://127.0.0.1:9";
  Object.assign(env, {
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, "config"),
    XDG_CACHE_HOME: path.join(home, "cache"),
    XDG_DATA_HOME: path.join(home, "data"),
    HELM_CONFIG_HOME: path.join(home, "helm-config"),
    HELM_CACHE_HOME: path.join(home, "helm-cache"),
    HELM_DATA_HOME: path.join(home, "helm-data"),
    // An empty plugin folder: no helm plugin (post-renderers included) can load.
    HELM_PLUGINS: path.join(home, "helm-plugins"),
    KUBECONFIG: path.join(home, "no-kubeconfig"),
    HTTP_PROXY: dead,
    HTTPS_PROXY: dead,
    http_proxy: dead,
    https_proxy: dead,
    NO_PROXY: "",
    no_proxy: "",
    // kustomize fetches remote bases with git: no protocol is allowed.
    GIT_ALLOW_PROTOCOL: "none",
    GIT_TERMINAL_PROMPT: "0",
    GIT_CONFIG_NOSYSTEM: "1",
  });
  return env;
}

export function runTool(command: string, args: readonly string[], options: { cwd?: string; timeoutMs: number }): ToolRun {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-tool-"));
  fs.mkdirSync(path.join(home, "helm-plugins"));
  try {
    const r = spawnSync(command, [...args], {
      cwd: options.cwd,
      env: sandboxEnv(home),
      encoding: "utf8",
      timeout: options.timeoutMs,
      killSignal: "SIGKILL",
      maxBuffer: MAX_OUTPUT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const name = path.basename(command);
    if (r.error) {
      const code = (r.error as NodeJS.ErrnoException).code;
      if (code === "ETIMEDOUT")
        return { ok: false, stdout: "", error: `${name} did not finish within ${options.timeoutMs / 1000} s and was stopped` };
      if (code === "ENOENT") return { ok: false, stdout: "", error: `${name} was not found (${command})` };
      return { ok: false, stdout: "", error: `${name} could not run: ${r.error.message}` };
    }
    if (r.status !== 0)
      return { ok: false, stdout: r.stdout, error: cleanError(r.stderr) || `${name} exited with code ${r.status ?? r.signal}` };
    return { ok: true, stdout: r.stdout };
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/**
 * As runTool, without blocking: for the language server, which keeps answering while helm runs. `signal`
 * stops the run (a newer render replaces it); it then resolves with `cancelled`.
 */
export function runToolAsync(
  command: string,
  args: readonly string[],
  options: { cwd?: string; timeoutMs: number; signal?: AbortSignal },
): Promise<ToolRun & { cancelled?: boolean }> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-tool-"));
  fs.mkdirSync(path.join(home, "helm-plugins"));
  const name = path.basename(command);
  return new Promise<ToolRun & { cancelled?: boolean }>((resolve) => {
    const child = spawn(command, [...args], { cwd: options.cwd, env: sandboxEnv(home), stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let ended: ToolRun & { cancelled?: boolean } = { ok: false, stdout: "" };
    let done = false;
    const stop = (why: ToolRun & { cancelled?: boolean }) => {
      if (done) return;
      ended = why;
      child.kill("SIGKILL");
    };
    const timer = setTimeout(
      () => stop({ ok: false, stdout: "", error: `${name} did not finish within ${options.timeoutMs / 1000} s and was stopped` }),
      options.timeoutMs,
    );
    const abort = () => stop({ ok: false, stdout: "", error: `${name} was stopped`, cancelled: true });
    options.signal?.addEventListener("abort", abort);
    if (options.signal?.aborted) abort();
    const finish = (r: ToolRun & { cancelled?: boolean }) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", abort);
      fs.rmSync(home, { recursive: true, force: true });
      resolve(r);
    };
    child.stdout.on("data", (b: Buffer) => {
      size += b.length;
      if (size > MAX_OUTPUT) stop({ ok: false, stdout: "", error: `${name} wrote more than ${MAX_OUTPUT / 1024 / 1024} MB` });
      else out.push(b);
    });
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", (e: NodeJS.ErrnoException) =>
      finish({
        ok: false,
        stdout: "",
        error: e.code === "ENOENT" ? `${name} was not found (${command})` : `${name} could not run: ${e.message}`,
      }),
    );
    child.on("close", (code, signal) => {
      if (ended.error) return finish(ended);
      const stdout = Buffer.concat(out).toString("utf8");
      if (code !== 0)
        return finish({
          ok: false,
          stdout,
          error: cleanError(Buffer.concat(err).toString("utf8")) || `${name} exited with code ${code ?? signal}`,
        });
      finish({ ok: true, stdout });
    });
  });
}

/** The tool's error lines, without its usage banner. */
function cleanError(stderr: string): string {
  return stderr
    .split("\n")
    .filter((l) => l.trim() !== "" && !/^(WARNING|walk\.go|Use ".* --help"|Use --debug flag)/.test(l))
    .map((l) => l.replace(/^Error: /, ""))
    .slice(0, 6)
    .join("\n")
    .trim();
}

/** The program's path when it is on PATH (an absolute or relative path is taken as given). */
export function onPath(name: string): string | undefined {
  if (name.includes("/") || name.includes("\\")) return fs.existsSync(name) ? name : undefined;
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      if (fs.statSync(p).isFile()) return p;
    } catch {
      /* not here */
    }
  }
  return undefined;
}
