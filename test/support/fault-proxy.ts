// A loopback TCP proxy that injects faults between the client and the test API server (TLS passes
// through untouched): "reset" drops every connection and resets each new one at once (the server is
// down), "stall" stops forwarding on every connection and holds new ones without an answer (a half-open
// network), "slow" forwards each chunk after a delay. It counts the connections it accepts, so a test
// can bound the client's retries during a fault.
import * as net from "node:net";

export type FaultMode = "pass" | "reset" | "stall" | "slow";

interface Pair {
  readonly client: net.Socket;
  upstream?: net.Socket;
}

export class FaultProxy {
  private server: net.Server | undefined;
  private readonly pairs = new Set<Pair>();
  private current: FaultMode = "pass";
  /** Connections accepted since the proxy started. */
  connections = 0;
  port = 0;

  constructor(
    private readonly target: URL,
    private readonly slowDelayMs = 50,
  ) {}

  get mode(): FaultMode {
    return this.current;
  }

  async listen(): Promise<number> {
    const server = net.createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", () => resolve()));
    this.server = server;
    this.port = (server.address() as net.AddressInfo).port;
    return this.port;
  }

  /** Switch mode; "reset" and leaving "stall" also drop the connections that exist. */
  setMode(mode: FaultMode): void {
    const prev = this.current;
    this.current = mode;
    if (mode === "reset" || prev === "stall") this.dropAll();
    else if (mode === "stall")
      for (const p of this.pairs) {
        p.client.pause();
        p.upstream?.pause();
      }
  }

  /** Reset every open connection (clients reconnect), keep the mode. */
  dropAll(): void {
    for (const p of this.pairs) {
      p.client.resetAndDestroy();
      p.upstream?.destroy();
    }
    this.pairs.clear();
  }

  private accept(client: net.Socket): void {
    this.connections++;
    client.on("error", () => undefined);
    if (this.current === "reset") {
      client.resetAndDestroy();
      return;
    }
    const pair: Pair = { client };
    this.pairs.add(pair);
    const drop = () => {
      client.destroy();
      pair.upstream?.destroy();
      this.pairs.delete(pair);
    };
    client.on("close", drop);
    if (this.current === "stall") {
      client.pause(); // held: no byte goes anywhere
      return;
    }
    const upstream = net.connect(Number(this.target.port), this.target.hostname);
    pair.upstream = upstream;
    upstream.on("error", drop).on("close", drop);
    this.forward(client, upstream);
    this.forward(upstream, client);
  }

  private forward(from: net.Socket, to: net.Socket): void {
    let chain = Promise.resolve();
    from.on("data", (d: Buffer) => {
      if (this.current !== "slow") {
        chain = chain.then(() => void to.write(d));
        return;
      }
      chain = chain.then(
        () =>
          new Promise<void>((resolve) =>
            setTimeout(() => {
              if (!to.destroyed) to.write(d);
              resolve();
            }, this.slowDelayMs),
          ),
      );
    });
    from.on("end", () => void chain.then(() => to.end()));
  }

  close(): Promise<void> {
    this.dropAll();
    const s = this.server;
    this.server = undefined;
    return s ? new Promise<void>((resolve) => s.close(() => resolve())) : Promise.resolve();
  }
}
