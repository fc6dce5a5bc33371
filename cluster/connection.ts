// One authenticated connection to one API server (one kubeconfig context), over node:https.
// We do the HTTP ourselves, not through client-node's generated clients, because every call here must
// have a deadline, be cancellable, stream watches line by line, and fail with a sanitised, typed error;
// client-node is still used (loaded on demand, it is ESM-only) for legacy `auth-provider` users.
// Read-only by construction: the only methods are GET and POST of review objects (see `review`).

import * as fs from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import { ClientNodeModule, importClientNode } from "./client-node";
import { ClusterError, ClusterErrorKind, formatDuration, SecretRegistry, toClusterError } from "./errors";
import { Disposable } from "./events";
import { ExecCredential, runExecPlugin } from "./exec-credential";
import { ResolvedContext } from "./kubeconfig";
import { SecureContextCache } from "./tls-context";

export interface ConnectionOptions {
  /** Deadline of one request (not of a watch). Default 30 s. */
  readonly requestTimeoutMs?: number;
  /** Deadline of an exec credential plugin. Default 5 min (device-code sign-in). */
  readonly execTimeoutMs?: number;
  /** What an exec plugin prints on stderr (kubelogin's device-code prompt): show it to the user. */
  readonly onExecOutput?: (text: string) => void;
  /** Environment for exec plugins (default process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The review kinds we may create: they only ask questions, they change nothing. */
export type ReviewPath =
  | "/apis/authentication.k8s.io/v1/selfsubjectreviews"
  | "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"
  | "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews"
  | "/apis/authorization.k8s.io/v1/subjectaccessreviews";

export interface RequestOptions {
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly accept?: string;
}

export interface StreamOptions {
  readonly signal: AbortSignal;
  /** Fail when no byte arrives for this long (a half-open connection). */
  readonly idleTimeoutMs: number;
  readonly onLine: (line: string) => void;
  /** The server accepted the watch (a 2xx status): contact, even before the first line. */
  readonly onOpen?: () => void;
  /** Fail when the answer has not started within this long (default: the connection's request timeout). */
  readonly timeoutMs?: number;
}

interface AuthMaterial {
  readonly headers: Record<string, string>;
  readonly cert?: string | Buffer;
  readonly key?: string | Buffer;
}

export class ClusterConnection implements Disposable {
  readonly secrets = new SecretRegistry();
  readonly server: URL;
  private readonly agent: https.Agent | http.Agent;
  private readonly ca: Buffer | undefined;
  private readonly secureContexts = new SecureContextCache();
  private execCredential: ExecCredential | undefined;
  private execPending: Promise<ExecCredential> | undefined;
  private disposed = false;
  private readonly controllers = new Set<AbortController>();

  constructor(
    readonly context: ResolvedContext,
    private readonly options: ConnectionOptions = {},
  ) {
    const c = context.cluster;
    try {
      this.server = new URL(c.server);
    } catch {
      throw new ClusterError("config", `The cluster "${c.name}" has a server address that is not a URL.`);
    }
    if (this.server.protocol !== "https:" && this.server.protocol !== "http:") {
      throw new ClusterError("config", `The cluster "${c.name}" has a server address that is neither https nor http.`);
    }
    try {
      this.ca = c.certificateAuthorityData
        ? Buffer.from(c.certificateAuthorityData, "base64")
        : c.certificateAuthority
          ? fs.readFileSync(c.certificateAuthority)
          : undefined;
    } catch {
      throw new ClusterError("config", `The certificate authority file of cluster "${c.name}" cannot be read: ${c.certificateAuthority}.`);
    }
    const u = context.user;
    this.secrets.add(u.token, u.password, u.clientKeyData, u.clientCertificateData);
    for (const v of Object.values(u.authProvider?.config ?? {})) this.secrets.add(v);
    this.agent =
      this.server.protocol === "https:"
        ? new https.Agent({ keepAlive: true, maxSockets: 16 })
        : new http.Agent({ keepAlive: true, maxSockets: 16 });
  }

  get namespace(): string {
    return this.context.namespace;
  }

  get contextName(): string {
    return this.context.context.name;
  }

  /** GET a JSON object. */
  get<T = unknown>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.requestJson<T>("GET", path, undefined, options);
  }

  /** Create a review (a question to the server; nothing is stored). */
  review<T = unknown>(path: ReviewPath, body: unknown, options: RequestOptions = {}): Promise<T> {
    return this.requestJson<T>("POST", path, body, options);
  }

  private async requestJson<T>(method: "GET" | "POST", path: string, body: unknown, options: RequestOptions, retried = false): Promise<T> {
    const res = await this.send(method, path, body, options, false).catch((e: unknown) => {
      throw toClusterError(e, this.secrets);
    });
    if (res.status === 401 && !retried && this.context.user.exec) {
      // The plugin's token may have expired without saying so: run it again once, as kubectl does.
      this.execCredential = undefined;
      return this.requestJson(method, path, body, options, true);
    }
    if (res.status < 200 || res.status >= 300) throw this.httpError(res.status, res.body, method, path);
    try {
      return JSON.parse(res.body) as T;
    } catch {
      throw new ClusterError("invalid-response", `The server answered ${method} ${path} with something that is not JSON.`, res.status);
    }
  }

  /** A streaming GET (watch): calls onLine for each line; resolves when the server ends the stream. */
  async stream(path: string, options: StreamOptions): Promise<void> {
    try {
      await this.send("GET", path, undefined, { signal: options.signal, timeoutMs: options.timeoutMs }, true, options);
    } catch (e) {
      const err = toClusterError(e, this.secrets);
      // An exec token that expired without saying so: the next attempt runs the plugin again.
      if (err.kind === "unauthorized") this.execCredential = undefined;
      throw err;
    }
  }

  private async auth(): Promise<AuthMaterial> {
    const u = this.context.user;
    const headers: Record<string, string> = {};
    let cert: string | Buffer | undefined;
    let key: string | Buffer | undefined;
    try {
      cert = u.clientCertificateData
        ? Buffer.from(u.clientCertificateData, "base64")
        : u.clientCertificate
          ? fs.readFileSync(u.clientCertificate)
          : undefined;
      key = u.clientKeyData ? Buffer.from(u.clientKeyData, "base64") : u.clientKey ? fs.readFileSync(u.clientKey) : undefined;
    } catch {
      throw new ClusterError("config", `The client certificate or key file of user "${u.name}" cannot be read.`);
    }
    if (key) this.secrets.add(key);
    if (u.token) headers.authorization = `Bearer ${u.token}`;
    else if (u.tokenFile) {
      let t: string;
      try {
        t = fs.readFileSync(u.tokenFile, "utf8").trim();
      } catch {
        throw new ClusterError("config", `The token file of user "${u.name}" cannot be read: ${u.tokenFile}.`);
      }
      this.secrets.add(t);
      headers.authorization = `Bearer ${t}`;
    } else if (u.username !== undefined && u.password !== undefined) {
      const basic = Buffer.from(`${u.username}:${u.password}`).toString("base64");
      this.secrets.add(basic);
      headers.authorization = `Basic ${basic}`;
    } else if (u.exec) {
      const cred = await this.execCredentialFor();
      if (cred.token) headers.authorization = `Bearer ${cred.token}`;
      if (cred.clientCertificateData && cred.clientKeyData) {
        cert = cred.clientCertificateData;
        key = cred.clientKeyData;
      }
    } else if (u.authProvider) {
      Object.assign(headers, await this.authProviderHeaders());
    }
    if (u.impersonate) headers["impersonate-user"] = u.impersonate;
    return { headers, ...(cert ? { cert } : {}), ...(key ? { key } : {}) };
  }

  private async execCredentialFor(): Promise<ExecCredential> {
    const cached = this.execCredential;
    // Renew a little before expiry, so a request never starts with a token about to lapse.
    if (cached && (cached.expiresAt === undefined || cached.expiresAt - 10_000 > Date.now())) return cached;
    if (!this.execPending) {
      const exec = this.context.user.exec!;
      this.execPending = runExecPlugin(exec, {
        timeoutMs: this.options.execTimeoutMs,
        onOutput: this.options.onExecOutput,
        cluster: this.context.cluster,
        env: this.options.env,
      })
        .then((cred) => {
          this.secrets.add(cred.token, cred.clientKeyData, cred.clientCertificateData);
          this.execCredential = cred;
          return cred;
        })
        .finally(() => (this.execPending = undefined));
    }
    return this.execPending;
  }

  /** Legacy auth-provider users (oidc, gcp, azure): client-node knows how to refresh them. */
  private async authProviderHeaders(): Promise<Record<string, string>> {
    const u = this.context.user;
    let k8s: ClientNodeModule;
    try {
      k8s = await importClientNode();
    } catch {
      throw new ClusterError(
        "config",
        `The auth-provider "${u.authProvider!.name}" of user "${u.name}" needs @kubernetes/client-node, which could not be loaded.`,
      );
    }
    const kc = new k8s.KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: "c", server: this.context.cluster.server, skipTLSVerify: this.context.cluster.insecureSkipTlsVerify }],
      users: [{ name: u.name, authProvider: { name: u.authProvider!.name, config: { ...u.authProvider!.config } } }],
      contexts: [{ name: "x", cluster: "c", user: u.name }],
      currentContext: "x",
    });
    const opts: https.RequestOptions = { headers: {} };
    await kc.applyToHTTPSOptions(opts);
    const out: Record<string, string> = {};
    const a = (opts.headers as Record<string, unknown> | undefined)?.Authorization;
    if (typeof a === "string") {
      this.secrets.add(a, a.replace(/^\S+\s+/, ""));
      out.authorization = a;
    }
    return out;
  }

  private send(
    method: string,
    path: string,
    body: unknown,
    options: RequestOptions,
    streaming: false,
  ): Promise<{ status: number; body: string }>;
  private send(
    method: string,
    path: string,
    body: unknown,
    options: RequestOptions,
    streaming: true,
    stream: StreamOptions,
  ): Promise<{ status: number; body: string }>;
  private async send(
    method: string,
    path: string,
    body: unknown,
    options: RequestOptions,
    streaming: boolean,
    stream?: StreamOptions,
  ): Promise<{ status: number; body: string }> {
    if (this.disposed) throw new ClusterError("cancelled", "The connection was closed.");
    const auth = await this.auth();
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const url = new URL(this.server.href.replace(/\/$/, "") + path);
    const headers: Record<string, string | string[]> = {
      accept: options.accept ?? "application/json",
      "user-agent": "kube-rbac",
      ...auth.headers,
    };
    if (this.context.user.impersonateGroups.length > 0) headers["impersonate-group"] = [...this.context.user.impersonateGroups];
    if (payload) {
      headers["content-type"] = "application/json";
      headers["content-length"] = String(payload.length);
    }
    const c = this.context.cluster;
    const reqOptions: https.RequestOptions = {
      method,
      headers,
      agent: this.agent,
      ...(url.protocol === "https:"
        ? {
            ca: this.ca,
            rejectUnauthorized: !c.insecureSkipTlsVerify,
            servername: c.tlsServerName ?? (isIp(url.hostname) ? undefined : url.hostname),
            cert: auth.cert,
            key: auth.key,
            secureContext: this.secureContexts.get(this.ca, auth.cert, auth.key),
          }
        : {}),
    };
    const timeoutMs = options.timeoutMs ?? this.options.requestTimeoutMs ?? 30_000;
    const controller = new AbortController();
    this.controllers.add(controller);
    const onOuterAbort = () => controller.abort();
    options.signal?.addEventListener("abort", onOuterAbort);
    if (options.signal?.aborted) controller.abort();
    const what = `${method} ${url.pathname}`;
    try {
      return await new Promise<{ status: number; body: string }>((resolve, reject) => {
        let idle: NodeJS.Timeout | undefined;
        let deadline: NodeJS.Timeout | undefined;
        const fail = (kind: ClusterErrorKind, msg: string) => {
          clearTimeout(idle);
          clearTimeout(deadline);
          req.destroy();
          reject(new ClusterError(kind, msg));
        };
        const lib = url.protocol === "https:" ? https : http;
        const req = lib.request(url, { ...reqOptions, signal: controller.signal }, (res) => {
          const status = res.statusCode ?? 0;
          res.setEncoding("utf8");
          if (streaming && status >= 200 && status < 300 && stream) {
            clearTimeout(deadline);
            stream.onOpen?.();
            let buf = "";
            const arm = () => {
              clearTimeout(idle);
              idle = setTimeout(
                () => fail("timeout", `The watch ${what} received nothing for ${formatDuration(stream.idleTimeoutMs)}.`),
                stream.idleTimeoutMs,
              );
            };
            arm();
            res.on("data", (d: string) => {
              arm();
              buf += d;
              let nl: number;
              while ((nl = buf.indexOf("\n")) >= 0) {
                const line = buf.slice(0, nl).trim();
                buf = buf.slice(nl + 1);
                if (line !== "") stream.onLine(line);
              }
            });
            res.on("end", () => {
              clearTimeout(idle);
              if (buf.trim() !== "") stream.onLine(buf.trim());
              resolve({ status, body: "" });
            });
            res.on("error", (e) => fail("unreachable", `The watch ${what} was interrupted (${errCode(e)}).`));
            return;
          }
          let text = "";
          res.on("data", (d: string) => {
            if (text.length < 64 << 20) text += d;
          });
          res.on("end", () => {
            clearTimeout(deadline);
            if (streaming) reject(this.httpError(status, text, method, url.pathname));
            else resolve({ status, body: text });
          });
          res.on("error", (e) => fail("unreachable", `The answer to ${what} was interrupted (${errCode(e)}).`));
        });
        if (!streaming)
          deadline = setTimeout(
            () => fail("timeout", `${what} on ${this.server.host} did not answer within ${formatDuration(timeoutMs)}.`),
            timeoutMs,
          );
        else
          deadline = setTimeout(
            () => fail("timeout", `${what} on ${this.server.host} did not start answering within ${formatDuration(timeoutMs)}.`),
            timeoutMs,
          );
        req.on("error", (e) => {
          clearTimeout(idle);
          clearTimeout(deadline);
          if (controller.signal.aborted) reject(new ClusterError("cancelled", `${what} was cancelled.`));
          else reject(this.networkError(e));
        });
        req.end(payload);
      });
    } finally {
      options.signal?.removeEventListener("abort", onOuterAbort);
      this.controllers.delete(controller);
    }
  }

  private networkError(e: Error): ClusterError {
    const code = errCode(e);
    const host = this.server.host;
    if (TLS_CODES.has(code) || /certificate|self[- ]signed|altname/i.test(e.message)) {
      return new ClusterError(
        "tls",
        `The TLS certificate of ${host} could not be verified (${code}): check the cluster's certificate-authority in the kubeconfig.`,
      );
    }
    if (code === "ECONNREFUSED") return new ClusterError("unreachable", `Cannot reach ${this.server.origin}: connection refused.`);
    if (code === "ENOTFOUND" || code === "EAI_AGAIN")
      return new ClusterError("unreachable", `Cannot reach ${this.server.origin}: the host name ${this.server.hostname} does not resolve.`);
    if (code === "ECONNRESET" || code === "EPIPE")
      return new ClusterError("unreachable", `The connection to ${this.server.origin} was reset.`);
    if (code === "ETIMEDOUT" || code === "EHOSTUNREACH" || code === "ENETUNREACH")
      return new ClusterError("unreachable", `Cannot reach ${this.server.origin} (${code}).`);
    if (/ssl|tls|bad decrypt|key values mismatch|PEM/i.test(e.message))
      return new ClusterError("config", `The client certificate or key of user "${this.context.user.name}" is not usable (${code}).`);
    return new ClusterError("unreachable", this.secrets.sanitize(`Cannot reach ${this.server.origin} (${code}).`));
  }

  private httpError(status: number, body: string, method: string, path: string): ClusterError {
    let message = "";
    try {
      const s = JSON.parse(body) as { kind?: string; message?: unknown };
      if (s && s.kind === "Status" && typeof s.message === "string") message = s.message;
    } catch {
      // not a Status
    }
    const detail = message ? `: ${this.secrets.sanitize(message)}` : "";
    const kind: ClusterErrorKind =
      status === 401 ? "unauthorized" : status === 403 ? "forbidden" : status === 404 ? "not-found" : status === 410 ? "gone" : "server";
    if (status === 401)
      return new ClusterError(
        kind,
        `The API server ${this.server.host} refused the credentials of user "${this.context.user.name}" (401 Unauthorized).`,
        status,
      );
    return new ClusterError(kind, `${method} ${path} failed with ${status}${detail}`, status);
  }

  dispose(): void {
    this.disposed = true;
    for (const c of this.controllers) c.abort();
    this.controllers.clear();
    this.agent.destroy();
  }
}

const TLS_CODES = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "CERT_SIGNATURE_FAILURE",
]);

function errCode(e: unknown): string {
  const c = (e as { code?: unknown }).code;
  return typeof c === "string" ? c : "error";
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(":");
}
