// One authenticated connection to one API server (one kubeconfig context), over node:https.
// We do the HTTP ourselves, not through client-node's generated clients, because every call here must
// have a deadline, be cancellable, stream watches line by line, and fail with a sanitised, typed error;
// client-node is still used (loaded on demand through client-node.ts, it is ESM-only) for legacy `auth-provider` users.
// Read-only by construction: the only methods are GET and POST of review objects (see `review`).

import * as fs from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import { ClusterError, ClusterErrorKind, formatDuration, SecretRegistry, toClusterError } from "./errors";
import { Disposable } from "./events";
import { UserCredentials } from "./credentials";
import { errCode, httpError, networkError } from "./http-errors";
import { ResolvedContext } from "./kubeconfig";
import { PinnedCaAgent } from "./pinned-ca-agent";
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

interface Reply {
  readonly status: number;
  readonly body: string;
}

/** A timeout that fails the request: re-armed by `arm`. */
interface Timer {
  arm(): void;
  clear(): void;
}

/** How a response handler settles its request. */
interface Settle {
  resolve(reply: Reply): void;
  reject(e: Error): void;
  fail(kind: ClusterErrorKind, message: string): void;
  /** The answer has started: its deadline no longer applies. */
  started(): void;
  /** A timeout of its own (armed now), failing the request with "timeout" and `message`. */
  timer(ms: number, message: () => string): Timer;
}

export class ClusterConnection implements Disposable {
  readonly secrets = new SecretRegistry();
  readonly server: URL;
  private readonly agent: https.Agent | http.Agent;
  private readonly ca: Buffer | undefined;
  private readonly secureContexts = new SecureContextCache();
  private readonly credentials: UserCredentials;
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
    this.credentials = new UserCredentials(context, options, this.secrets);
    const agentOptions = { keepAlive: true, maxSockets: 16 };
    this.agent =
      this.server.protocol === "http:"
        ? new http.Agent(agentOptions)
        : this.pinsCa
          ? new PinnedCaAgent(this.ca!, this.secureContexts, { ...agentOptions, handshakeTimeoutMs: options.requestTimeoutMs })
          : new https.Agent(agentOptions);
  }

  /** The kubeconfig names the authority to trust, and verification is on: PinnedCaAgent checks the server. */
  private get pinsCa(): boolean {
    return this.ca !== undefined && !this.context.cluster.insecureSkipTlsVerify;
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
    const res = await this.send(method, path, body, options).catch((e: unknown) => {
      throw toClusterError(e, this.secrets);
    });
    if (res.status === 401 && !retried && this.context.user.exec) {
      // The plugin's token may have expired without saying so: run it again once, as kubectl does.
      this.credentials.expire();
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
      await this.sendStream(path, options);
    } catch (e) {
      const err = toClusterError(e, this.secrets);
      // An exec token that expired without saying so: the next attempt runs the plugin again.
      if (err.kind === "unauthorized") this.credentials.expire();
      throw err;
    }
  }

  /** One request, its answer read whole (up to 64 MB). */
  private send(method: string, path: string, body: unknown, options: RequestOptions): Promise<Reply> {
    return this.open(method, path, body, options, "answer", (res, what, settle) => {
      // Bytes, decoded once at the end: a list of a big cluster arrives in hundreds of chunks, and
      // decoding each into a string of its own only made garbage for the collector.
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (d: Buffer) => {
        if (size < 64 << 20) {
          chunks.push(d);
          size += d.length;
        }
      });
      res.on("end", () => settle.resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks, size).toString("utf8") }));
      res.on("error", (e) => settle.fail("unreachable", `The answer to ${what} was interrupted (${errCode(e)}).`));
    });
  }

  /** A GET whose answer is a stream of lines (a watch); an answer that is not 2xx fails as an HTTP error. */
  private sendStream(path: string, stream: StreamOptions): Promise<Reply> {
    const options = { signal: stream.signal, timeoutMs: stream.timeoutMs };
    return this.open("GET", path, undefined, options, "start answering", (res, what, settle) => {
      res.setEncoding("utf8");
      const status = res.statusCode ?? 0;
      if (status < 200 || status >= 300) {
        let text = "";
        res.on("data", (d: string) => {
          if (text.length < 64 << 20) text += d;
        });
        res.on("end", () => settle.reject(this.httpError(status, text, "GET", path)));
        res.on("error", (e) => settle.fail("unreachable", `The answer to ${what} was interrupted (${errCode(e)}).`));
        return;
      }
      settle.started();
      stream.onOpen?.();
      const idle = settle.timer(
        stream.idleTimeoutMs,
        () => `The watch ${what} received nothing for ${formatDuration(stream.idleTimeoutMs)}.`,
      );
      let buf = "";
      res.on("data", (d: string) => {
        idle.arm();
        buf += d;
        let nl: number;
        while ((nl = buf.indexOf("\n")) >= 0) {
          const line = buf.slice(0, nl).trim();
          buf = buf.slice(nl + 1);
          if (line !== "") stream.onLine(line);
        }
      });
      res.on("end", () => {
        idle.clear();
        if (buf.trim() !== "") stream.onLine(buf.trim());
        settle.resolve({ status, body: "" });
      });
      res.on("error", (e) => settle.fail("unreachable", `The watch ${what} was interrupted (${errCode(e)}).`));
    });
  }

  /**
   * Opens a request (authentication, TLS, cancellation, a deadline until the answer `deadline`s) and hands
   * the response to `onResponse`, which settles the request.
   */
  private async open(
    method: string,
    path: string,
    body: unknown,
    options: RequestOptions,
    deadline: "answer" | "start answering",
    onResponse: (res: http.IncomingMessage, what: string, settle: Settle) => void,
  ): Promise<Reply> {
    if (this.disposed) throw new ClusterError("cancelled", "The connection was closed.");
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const url = new URL(this.server.href.replace(/\/$/, "") + path);
    const reqOptions = await this.requestOptions(method, url, payload, options);
    const timeoutMs = options.timeoutMs ?? this.options.requestTimeoutMs ?? 30_000;
    const controller = new AbortController();
    this.controllers.add(controller);
    const onOuterAbort = () => controller.abort();
    options.signal?.addEventListener("abort", onOuterAbort);
    if (options.signal?.aborted) controller.abort();
    const what = `${method} ${url.pathname}`;
    try {
      return await new Promise<Reply>((resolve, reject) => {
        const timers: Timer[] = [];
        const fail = (kind: ClusterErrorKind, msg: string) => {
          for (const t of timers) t.clear();
          req.destroy();
          reject(new ClusterError(kind, msg));
        };
        const timer = (ms: number, message: () => string): Timer => {
          let t: NodeJS.Timeout | undefined;
          const handle = {
            arm: () => {
              clearTimeout(t);
              t = setTimeout(() => fail("timeout", message()), ms);
            },
            clear: () => clearTimeout(t),
          };
          timers.push(handle);
          handle.arm();
          return handle;
        };
        const answer = timer(timeoutMs, () => `${what} on ${this.server.host} did not ${deadline} within ${formatDuration(timeoutMs)}.`);
        const settle: Settle = {
          resolve: (r) => {
            answer.clear();
            resolve(r);
          },
          reject: (e) => {
            answer.clear();
            reject(e);
          },
          fail,
          started: () => answer.clear(),
          timer,
        };
        const lib = url.protocol === "https:" ? https : http;
        const req = lib.request(url, { ...reqOptions, signal: controller.signal }, (res) => onResponse(res, what, settle));
        req.on("error", (e) => {
          for (const t of timers) t.clear();
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

  /** Headers (credentials, impersonation) and TLS settings of a request. */
  private async requestOptions(
    method: string,
    url: URL,
    payload: Buffer | undefined,
    options: RequestOptions,
  ): Promise<https.RequestOptions> {
    const auth = await this.credentials.material();
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
    return {
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
            // PinnedCaAgent builds its contexts itself, and Node's full one only when it is needed.
            ...(this.pinsCa ? {} : { secureContext: this.secureContexts.get(this.ca, auth.cert, auth.key) }),
          }
        : {}),
    };
  }

  private networkError(e: Error): ClusterError {
    return networkError(e, this.server, this.context.user.name, this.secrets);
  }

  private httpError(status: number, body: string, method: string, path: string): ClusterError {
    return httpError(status, body, method, path, this.server.host, this.context.user.name, this.secrets);
  }

  dispose(): void {
    this.disposed = true;
    for (const c of this.controllers) c.abort();
    this.controllers.clear();
    this.agent.destroy();
  }
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(":");
}
