// A loopback HTTP proxy that answers some requests itself, with the status codes the API server uses
// when it is in trouble (500, 503, 429, 401), and forwards the others to the test API server over TLS.
// The client under test talks plain HTTP to it (cluster/connection.ts accepts http:// servers) and sends
// its own bearer token, which is passed on: the real API server still authenticates and authorizes
// every forwarded request. Unlike test/support/fault-proxy.ts (TCP, TLS untouched), it sees each
// request, so a test can fail the first list, or every request for a while, and count them.
import * as http from "node:http";
import * as https from "node:https";

/** What the proxy answers instead of the API server; undefined forwards the request. */
export type Injection = { readonly status: number; readonly reason: string; readonly message: string } | undefined;
export type FaultRule = (request: { readonly method: string; readonly path: string; readonly watch: boolean }) => Injection;

export const INTERNAL_ERROR: Injection = {
  status: 500,
  reason: "InternalError",
  message: "Internal error occurred: injected by the test proxy",
};
export const UNAUTHORIZED: Injection = { status: 401, reason: "Unauthorized", message: "Unauthorized" };

export class HttpFaultProxy {
  private server: http.Server | undefined;
  private readonly agent: https.Agent;
  private readonly streams = new Set<http.ServerResponse>();
  /** Requests received since the proxy started, and how many of them it answered itself. */
  requests = 0;
  injected = 0;
  port = 0;
  rule: FaultRule | undefined;

  constructor(
    private readonly target: URL,
    ca: Buffer | undefined,
  ) {
    this.agent = new https.Agent({ ca, keepAlive: true });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async listen(): Promise<number> {
    const server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", () => resolve()));
    this.server = server;
    this.port = (server.address() as { port: number }).port;
    return this.port;
  }

  /** End every forwarded response still streaming (open watches), so the client has to ask again. */
  dropStreams(): void {
    for (const res of this.streams) res.destroy();
    this.streams.clear();
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.requests++;
    const path = req.url ?? "/";
    const injection = this.rule?.({ method: req.method ?? "GET", path, watch: /[?&]watch=(true|1)\b/.test(path) });
    if (injection) {
      this.injected++;
      req.resume();
      const body = JSON.stringify({
        kind: "Status",
        apiVersion: "v1",
        metadata: {},
        status: "Failure",
        message: injection.message,
        reason: injection.reason,
        code: injection.status,
      });
      res.writeHead(injection.status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) }).end(body);
      return;
    }
    const headers = { ...req.headers, host: this.target.host };
    // Tracked from the start, so a watch whose answer has not begun yet is dropped too.
    this.streams.add(res);
    const upstream = https.request(
      { host: this.target.hostname, port: this.target.port, method: req.method, path, headers, agent: this.agent },
      (up) => {
        if (res.destroyed) return void up.destroy();
        res.writeHead(up.statusCode ?? 502, up.headers);
        // Like the API server, send the headers at once: a watch may carry no byte for minutes, and
        // Node would otherwise hold the headers back until the first one.
        res.flushHeaders();
        res.on("close", () => up.destroy());
        up.pipe(res);
      },
    );
    res.on("close", () => {
      this.streams.delete(res);
      upstream.destroy();
    });
    upstream.on("error", () => res.destroy());
    req.on("aborted", () => upstream.destroy());
    req.pipe(upstream);
  }

  close(): Promise<void> {
    this.dropStreams();
    this.agent.destroy();
    const s = this.server;
    this.server = undefined;
    if (!s) return Promise.resolve();
    s.closeAllConnections();
    return new Promise<void>((resolve) => s.close(() => resolve()));
  }
}
