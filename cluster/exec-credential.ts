// Exec credential plugins (client.authentication.k8s.io), as kubectl runs them: kubelogin on AKS, the
// aws and gke helpers, anything that prints an ExecCredential. We run them ourselves rather than through
// client-node, whose runner has no timeout, merges the plugin's env into our own process.env and only
// shows stderr after a failure: kubelogin's device-code prompt is on stderr and must reach the user
// while the plugin waits, so every stderr chunk goes to `onOutput` as it arrives.
// Errors never quote what the plugin printed (it may be a token): they say what went wrong.

import { spawn } from "node:child_process";
import * as path from "node:path";
import { ClusterError, formatDuration } from "./errors";
import { ExecConfig, KubeCluster } from "./kubeconfig";

export interface ExecCredential {
  readonly token?: string;
  readonly clientCertificateData?: string;
  readonly clientKeyData?: string;
  /** undefined: valid until the server refuses it. */
  readonly expiresAt?: number;
}

export interface ExecRunOptions {
  /** Kill the plugin and fail after this long. A device-code login needs minutes: default 5 min. */
  readonly timeoutMs?: number;
  /** Everything the plugin prints on stderr (prompts, device codes), chunk by chunk. */
  readonly onOutput?: (text: string) => void;
  /** For provideClusterInfo. */
  readonly cluster?: KubeCluster;
  /** The environment the plugin starts from (default process.env; never modified). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const SUPPORTED = new Set(["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"]);
const MAX_STDOUT = 1 << 20;

export function execDisplayName(exec: ExecConfig): string {
  return path.basename(exec.command);
}

/** Where kubectl would look for the command: relative paths with a separator are relative to the kubeconfig. */
export function resolveExecCommand(exec: ExecConfig): string {
  const c = exec.command;
  if (path.isAbsolute(c) || !(c.includes("/") || c.includes(path.sep))) return c;
  return path.resolve(exec.baseDir, c);
}

export function runExecPlugin(exec: ExecConfig, options: ExecRunOptions = {}): Promise<ExecCredential> {
  const refused = refusal(exec);
  if (refused) return Promise.reject(refused);
  return spawnPlugin(exec, pluginEnv(exec, options), options);
}

/** Why the plugin cannot be run at all, before starting it. */
function refusal(exec: ExecConfig): ClusterError | undefined {
  const name = execDisplayName(exec);
  if (exec.command === "") return new ClusterError("exec", "The kubeconfig user has an exec section without a command.");
  if (!SUPPORTED.has(exec.apiVersion))
    return new ClusterError(
      "exec",
      `The exec credential plugin "${name}" asks for ${exec.apiVersion}, which is not supported (use client.authentication.k8s.io/v1 or v1beta1).`,
    );
  if (exec.interactiveMode === "Always")
    return new ClusterError(
      "exec",
      `The exec credential plugin "${name}" requires an interactive terminal (interactiveMode: Always); run a kubectl command in a terminal to sign in first.`,
    );
  return undefined;
}

/** The plugin's environment: ours (or the caller's), the kubeconfig's additions, and KUBERNETES_EXEC_INFO. */
function pluginEnv(exec: ExecConfig, options: ExecRunOptions): Record<string, string> {
  const spec: Record<string, unknown> = { interactive: false };
  if (exec.provideClusterInfo && options.cluster) {
    const c = options.cluster;
    spec.cluster = {
      server: c.server,
      ...(c.tlsServerName ? { "tls-server-name": c.tlsServerName } : {}),
      ...(c.insecureSkipTlsVerify ? { "insecure-skip-tls-verify": true } : {}),
      ...(c.certificateAuthorityData ? { "certificate-authority-data": c.certificateAuthorityData } : {}),
    };
  }
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(options.env ?? process.env)) if (v !== undefined) env[k] = v;
  for (const e of exec.env) env[e.name] = e.value;
  env.KUBERNETES_EXEC_INFO = JSON.stringify({ apiVersion: exec.apiVersion, kind: "ExecCredential", spec });
  return env;
}

function spawnPlugin(exec: ExecConfig, env: Record<string, string>, options: ExecRunOptions): Promise<ExecCredential> {
  const name = execDisplayName(exec);
  const timeoutMs = options.timeoutMs ?? 5 * 60_000;
  return new Promise<ExecCredential>((resolve, reject) => {
    let settled = false;
    let stdout = "";
    let overflow = false;
    const child = spawn(resolveExecCommand(exec), [...exec.args], {
      env,
      cwd: exec.baseDir,
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group, so a timeout kills the plugin and whatever it started.
      detached: process.platform !== "win32",
      windowsHide: true,
    });
    const finish = (err: ClusterError | undefined, cred?: ExecCredential) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(cred!);
    };
    const kill = () => {
      try {
        if (child.pid !== undefined && process.platform !== "win32") process.kill(-child.pid, "SIGKILL");
        else child.kill("SIGKILL");
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      kill();
      finish(
        new ClusterError(
          "timeout",
          `The exec credential plugin "${name}" did not finish within ${formatDuration(timeoutMs)} and was stopped.`,
        ),
      );
    }, timeoutMs);
    child.stdout.setEncoding("utf8");
    child.stderr.setEncoding("utf8");
    child.stdout.on("data", (d: string) => {
      if (stdout.length + d.length > MAX_STDOUT) overflow = true;
      else stdout += d;
    });
    child.stderr.on("data", (d: string) => {
      try {
        options.onOutput?.(d);
      } catch {
        // the sink's problem, not the plugin's
      }
    });
    child.on("error", (e: NodeJS.ErrnoException) => {
      const hint = exec.installHint ? ` ${exec.installHint.trim()}` : "";
      if (e.code === "ENOENT") finish(new ClusterError("exec", `The exec credential plugin "${exec.command}" was not found.${hint}`));
      else if (e.code === "EACCES") finish(new ClusterError("exec", `The exec credential plugin "${exec.command}" is not executable.`));
      else finish(new ClusterError("exec", `The exec credential plugin "${name}" could not be started (${e.code ?? "error"}).`));
    });
    child.on("close", (code, signal) => {
      if (settled) return;
      if (code !== 0) {
        const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        finish(new ClusterError("exec", `The exec credential plugin "${name}" ${how}; its messages (if any) were shown in the output.`));
        return;
      }
      if (overflow) {
        finish(new ClusterError("exec", `The exec credential plugin "${name}" printed more than 1 MiB; that is not an ExecCredential.`));
        return;
      }
      const parsed = parseExecCredential(stdout, exec.apiVersion);
      if (typeof parsed === "string") finish(new ClusterError("exec", `The exec credential plugin "${name}" ${parsed}`));
      else finish(undefined, parsed);
    });
  });
}

/** The credential, or the end of a sentence saying what is wrong with the output (never quoting it). */
export function parseExecCredential(stdout: string, expectedApiVersion: string): ExecCredential | string {
  let v: unknown;
  try {
    v = JSON.parse(stdout);
  } catch {
    return stdout.trim() === ""
      ? "printed nothing on stdout (expected an ExecCredential in JSON)."
      : "printed something that is not JSON on stdout (expected an ExecCredential).";
  }
  if (typeof v !== "object" || v === null || (v as { kind?: unknown }).kind !== "ExecCredential")
    return "printed JSON that is not an ExecCredential.";
  const o = v as { apiVersion?: unknown; status?: unknown };
  if (o.apiVersion !== expectedApiVersion)
    return `returned an ExecCredential of apiVersion ${JSON.stringify(String(o.apiVersion)).slice(0, 80)}, but ${expectedApiVersion} was asked for.`;
  const st = o.status;
  if (typeof st !== "object" || st === null) return "returned an ExecCredential without a status.";
  const s = st as Record<string, unknown>;
  const str = (x: unknown) => (typeof x === "string" && x !== "" ? x : undefined);
  const token = str(s.token);
  const cert = str(s.clientCertificateData);
  const key = str(s.clientKeyData);
  if (!token && !(cert && key)) return "returned an ExecCredential with neither a token nor a client certificate and key.";
  if ((cert === undefined) !== (key === undefined))
    return "returned a client certificate without its key (or a key without its certificate).";
  let expiresAt: number | undefined;
  if (s.expirationTimestamp !== undefined) {
    const t = typeof s.expirationTimestamp === "string" ? Date.parse(s.expirationTimestamp) : NaN;
    if (Number.isNaN(t)) return "returned an ExecCredential whose expirationTimestamp is not a date.";
    expiresAt = t;
  }
  const cred: { -readonly [K in keyof ExecCredential]: ExecCredential[K] } = {};
  if (token) cred.token = token;
  if (cert) cred.clientCertificateData = cert;
  if (key) cred.clientKeyData = key;
  if (expiresAt !== undefined) cred.expiresAt = expiresAt;
  return cred;
}
