// A real kube-apiserver for the cluster tests (built from test/apiserver by scripts/build-apiserver.sh
// into .cache/apiserver). One server per test file: `const server = useApiServer()` inside a describe
// starts it in `before` and stops it (its whole process group) in `after`, even when tests fail.
// A missing binary fails the tests loudly; nothing is skipped.
//
// AdminClient writes test objects with the admin (system:masters) credentials. Only tests write: the
// product code under cluster/ is read-only.

import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as https from "node:https";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { REPO_ROOT } from "./corpus";

export type TestUser = "admin" | "lister" | "nobody" | "sa" | "entra";

export interface ReadyFile {
  readonly server: string;
  readonly pid: number;
  readonly kubeconfigs: Readonly<Record<TestUser, string>>;
  readonly auditLog: string;
  readonly version: string;
  readonly caFile?: string;
  readonly tokenFile?: string;
  readonly serverLog?: string;
  readonly users?: Readonly<Record<string, string>>;
}

export interface ApiServerOptions {
  /** Extra kube-apiserver flags (after `--`). */
  readonly apiServerFlags?: readonly string[];
  /** Authorize with RBAC, then the test server's webhook standing in for Azure RBAC (test/apiserver/webhook.go). */
  readonly webhookAuthorizer?: boolean;
  readonly startTimeoutMs?: number;
}

const BUILD_HINT = "Run scripts/build-apiserver.sh first (CI builds it before the tests), or set KUBE_RBAC_TEST_APISERVER to the binary.";

/** The test API server binary, or an Error saying how to get one. */
export function findApiServerBinary(): string {
  const env = process.env.KUBE_RBAC_TEST_APISERVER;
  if (env) {
    if (!fs.existsSync(env)) throw new Error(`KUBE_RBAC_TEST_APISERVER points at ${env}, which does not exist.`);
    return env;
  }
  const dir = path.join(REPO_ROOT, ".cache", "apiserver");
  let wanted = "";
  try {
    const gomod = fs.readFileSync(path.join(REPO_ROOT, "test", "apiserver", "go.mod"), "utf8");
    wanted = /^\s*k8s\.io\/kubernetes\s+(v\S+)/m.exec(gomod)?.[1] ?? "";
  } catch {
    // no go.mod: take whatever binary is there
  }
  const candidates = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => /^kube-rbac-test-apiserver-v[\d.]+[^.]*$/.test(f))
        .sort()
    : [];
  const pick = candidates.find((f) => f === `kube-rbac-test-apiserver-${wanted}`) ?? candidates[candidates.length - 1];
  if (!pick) throw new Error(`The test kube-apiserver binary is missing (looked in ${dir}). ${BUILD_HINT}`);
  return path.join(dir, pick);
}

export class TestApiServer {
  private exited: Promise<void>;
  private output = "";

  private constructor(
    private readonly child: ChildProcess,
    readonly dir: string,
    readonly ready: ReadyFile,
    private readonly ownsDir: boolean,
  ) {
    this.exited = new Promise((resolve) => child.once("exit", () => resolve()));
  }

  /**
   * Start on a fresh temporary folder (or `dir`); resolves once ready.json is written. With `reuse`, the
   * server keeps its credentials and etcd data in `dir` and takes back those of an earlier `reuse` run
   * there (same `port` too: the old kubeconfigs keep working) — a real restart for the tests.
   */
  static async start(options: ApiServerOptions & { dir?: string; port?: number; reuse?: boolean } = {}): Promise<TestApiServer> {
    const binary = findApiServerBinary();
    const ownsDir = options.dir === undefined;
    const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-apiserver-"));
    const args = ["--dir", dir, "--exit-with-parent"];
    if (options.port) args.push("--port", String(options.port));
    if (options.reuse) args.push("--reuse");
    if (options.webhookAuthorizer) args.push("--webhook-authorizer");
    if (options.apiServerFlags?.length) args.push("--", ...options.apiServerFlags);
    const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"], detached: true });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (output = (output + d).slice(-20_000)));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (output = (output + d).slice(-20_000)));
    const readyPath = path.join(dir, "ready.json");
    const timeoutMs = options.startTimeoutMs ?? 240_000;
    try {
      const ready = await new Promise<ReadyFile>((resolve, reject) => {
        let done = false;
        const finish = (err?: Error, r?: ReadyFile) => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          watcher.close();
          if (err) reject(err);
          else resolve(r!);
        };
        const check = () => {
          try {
            finish(undefined, JSON.parse(fs.readFileSync(readyPath, "utf8")) as ReadyFile);
          } catch {
            // not there (or not complete) yet: it is written atomically, so wait for the next event
          }
        };
        const watcher = fs.watch(dir, () => check());
        const timer = setTimeout(
          () => finish(new Error(`The test kube-apiserver was not ready within ${timeoutMs / 1000} s.\n${logTail(output, dir)}`)),
          timeoutMs,
        );
        child.once("error", (e) =>
          finish(new Error(`The test kube-apiserver (${binary}) could not be started: ${e.message}. ${BUILD_HINT}`)),
        );
        child.once("exit", (code, signal) =>
          finish(new Error(`The test kube-apiserver exited (${signal ?? `code ${code}`}) before it was ready.\n${logTail(output, dir)}`)),
        );
        check();
      });
      const server = new TestApiServer(child, dir, ready, ownsDir);
      server.output = output;
      return server;
    } catch (e) {
      killGroup(child, "SIGKILL");
      if (ownsDir) fs.rmSync(dir, { recursive: true, force: true });
      throw e;
    }
  }

  get server(): string {
    return this.ready.server;
  }

  kubeconfig(user: TestUser): string {
    return this.ready.kubeconfigs[user];
  }

  /**
   * Stop the server (SIGTERM to its process group, SIGKILL if it lingers) and remove its folder, unless
   * `keepDir` (to start again on it with `reuse`).
   */
  async stop(options: { keepDir?: boolean } = {}): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      killGroup(this.child, "SIGTERM");
      const t = setTimeout(() => killGroup(this.child, "SIGKILL"), 20_000);
      await this.exited;
      clearTimeout(t);
    }
    if (this.ownsDir && !options.keepDir) fs.rmSync(this.dir, { recursive: true, force: true });
  }

  logTail(): string {
    return logTail(this.output, this.dir);
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

function logTail(output: string, dir: string): string {
  let server = "";
  try {
    server = fs.readFileSync(path.join(dir, "server.log"), "utf8").split("\n").slice(-30).join("\n");
  } catch {
    // no server log yet
  }
  return `--- output ---\n${output.split("\n").slice(-30).join("\n")}\n--- server.log (tail) ---\n${server}`;
}

/** Inside a describe: one server for the whole block, started in before(), stopped in after(). */
export function useApiServer(options: ApiServerOptions & { reuse?: boolean } = {}): () => TestApiServer {
  let server: TestApiServer | undefined;
  before(async function () {
    this.timeout((options.startTimeoutMs ?? 240_000) + 10_000);
    server = await TestApiServer.start(options);
  });
  after(async function () {
    this.timeout(40_000);
    await server?.stop();
    server = undefined;
  });
  return () => {
    if (!server) throw new Error("The test kube-apiserver is not running (see the before-all hook failure).");
    return server;
  };
}

/** Writes test objects with the admin credentials of a kubeconfig (client certificate). */
export class AdminClient {
  private readonly url: URL;
  private readonly agent: https.Agent;
  private readonly headers: Record<string, string> = {};

  constructor(kubeconfigFile: string) {
    const kc = parse(fs.readFileSync(kubeconfigFile, "utf8")) as {
      clusters: { cluster: { server: string; "certificate-authority-data"?: string; "certificate-authority"?: string } }[];
      users: { user: { "client-certificate-data"?: string; "client-key-data"?: string; token?: string } }[];
    };
    const c = kc.clusters[0].cluster;
    const u = kc.users[0].user;
    this.url = new URL(c.server);
    const b64 = (s?: string) => (s ? Buffer.from(s, "base64") : undefined);
    const ca =
      b64(c["certificate-authority-data"]) ??
      (c["certificate-authority"] ? fs.readFileSync(path.resolve(path.dirname(kubeconfigFile), c["certificate-authority"])) : undefined);
    this.agent = new https.Agent({ ca, cert: b64(u["client-certificate-data"]), key: b64(u["client-key-data"]), keepAlive: true });
    if (u.token) this.headers.authorization = `Bearer ${u.token}`;
  }

  request<T = Record<string, unknown>>(
    method: string,
    p: string,
    body?: unknown,
    contentType = "application/json",
    extraHeaders: Readonly<Record<string, string>> = {},
  ): Promise<{ status: number; body: T }> {
    return this.send<T>(method, p, body === undefined ? undefined : Buffer.from(JSON.stringify(body)), contentType, extraHeaders);
  }

  /** A request whose body is sent as written (a YAML document, say), with extra headers (impersonation). */
  requestText<T = Record<string, unknown>>(
    method: string,
    p: string,
    text: string,
    contentType: string,
    extraHeaders: Readonly<Record<string, string>> = {},
  ): Promise<{ status: number; body: T }> {
    return this.send<T>(method, p, Buffer.from(text), contentType, extraHeaders);
  }

  private send<T>(
    method: string,
    p: string,
    data: Buffer | undefined,
    contentType: string,
    extraHeaders: Readonly<Record<string, string>>,
  ): Promise<{ status: number; body: T }> {
    return new Promise((resolve, reject) => {
      const req = https.request(
        new URL(p, this.url),
        {
          method,
          agent: this.agent,
          headers: {
            ...this.headers,
            ...extraHeaders,
            accept: "application/json",
            ...(data ? { "content-type": contentType, "content-length": String(data.length) } : {}),
          },
          timeout: 30_000,
        },
        (res) => {
          let text = "";
          res.setEncoding("utf8").on("data", (d: string) => (text += d));
          res.on("end", () => {
            try {
              resolve({ status: res.statusCode ?? 0, body: (text ? JSON.parse(text) : {}) as T });
            } catch (e) {
              reject(e instanceof Error ? e : new Error(String(e)));
            }
          });
        },
      );
      req.on("timeout", () => req.destroy(new Error(`${method} ${p} timed out`)));
      req.on("error", reject);
      req.end(data);
    });
  }

  /** Create, failing the test on anything but 201. */
  async create(p: string, body: unknown): Promise<Record<string, unknown>> {
    const r = await this.request("POST", p, body);
    if (r.status !== 201) throw new Error(`POST ${p} -> ${r.status}: ${JSON.stringify(r.body).slice(0, 500)}`);
    return r.body;
  }

  async update(p: string, body: unknown): Promise<Record<string, unknown>> {
    const r = await this.request("PUT", p, body);
    if (r.status !== 200) throw new Error(`PUT ${p} -> ${r.status}: ${JSON.stringify(r.body).slice(0, 500)}`);
    return r.body;
  }

  async remove(p: string): Promise<void> {
    const r = await this.request("DELETE", p);
    if (r.status !== 200 && r.status !== 202) throw new Error(`DELETE ${p} -> ${r.status}: ${JSON.stringify(r.body).slice(0, 500)}`);
  }

  /** True when a watch from `resourceVersion` is refused as too old (410): etcd has compacted it. */
  watchExpired(p: string, resourceVersion: string): Promise<boolean> {
    return new Promise((resolve, reject) => {
      const req = https.request(
        new URL(`${p}?watch=1&timeoutSeconds=1&resourceVersion=${resourceVersion}`, this.url),
        { agent: this.agent, headers: this.headers, timeout: 30_000 },
        (res) => {
          let text = "";
          res.setEncoding("utf8").on("data", (d: string) => (text += d));
          res.on("end", () => resolve(res.statusCode === 410 || /"code":\s*410/.test(text)));
        },
      );
      req.on("timeout", () => req.destroy(new Error(`watch ${p} timed out`)));
      req.on("error", reject);
      req.end();
    });
  }

  /**
   * Resolves at the first event a watch of the collection `p` reports from `resourceVersion` on, or when
   * the watch ends without one (after `timeoutMs`, or refused: the caller lists again either way).
   */
  nextChange(p: string, resourceVersion: string, timeoutMs: number): Promise<void> {
    const seconds = Math.max(1, Math.ceil(timeoutMs / 1000));
    return new Promise((resolve, reject) => {
      const req = https.request(
        new URL(`${p}?watch=1&resourceVersion=${resourceVersion}&timeoutSeconds=${seconds}`, this.url),
        { agent: this.agent, headers: this.headers, timeout: timeoutMs + 30_000 },
        (res) => {
          // One JSON event per line: the first whole line is the change.
          let text = "";
          res.setEncoding("utf8").on("data", (d: string) => {
            text += d;
            if (!text.includes("\n")) return;
            resolve();
            req.destroy();
          });
          res.on("end", () => resolve());
          res.on("error", () => resolve());
        },
      );
      req.on("timeout", () => req.destroy(new Error(`watch ${p} timed out`)));
      req.on("error", (e) => (req.destroyed ? resolve() : reject(e)));
      req.end();
    });
  }

  dispose(): void {
    this.agent.destroy();
  }
}

/** A loopback TCP proxy in front of the API server whose connections a test can cut (and restore). */
export class TcpProxy {
  private server: import("node:net").Server | undefined;
  private readonly sockets = new Set<import("node:net").Socket>();
  port = 0;

  constructor(private readonly target: URL) {}

  async listen(port = 0): Promise<number> {
    const net = await import("node:net");
    const server = net.createServer((client) => {
      const upstream = net.connect(Number(this.target.port), this.target.hostname);
      this.sockets.add(client).add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on("error", drop).on("close", drop);
      upstream.on("error", drop).on("close", drop);
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, "127.0.0.1", () => resolve()));
    this.server = server;
    this.port = (server.address() as import("node:net").AddressInfo).port;
    return this.port;
  }

  /** Drop every connection and stop accepting new ones (clients see resets, then refusals). */
  async cut(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    for (const sock of this.sockets) sock.destroy();
    this.sockets.clear();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /** Accept again on the same port. */
  restore(): Promise<number> {
    return this.listen(this.port);
  }

  close(): Promise<void> {
    return this.cut();
  }
}
