// The HTTPS agent of a cluster whose kubeconfig names its certificate authority. Each connection first
// tries a TLS context that trusts nothing (no store of public roots to parse) and checks the server's
// certificate against the named authority itself (pinned-ca.ts). Nothing is written to the socket before
// that check has passed: the agent hands the socket to a request only then. When the check is unsure,
// the connection is made again with Node's own verification against the same authority, which accepts or
// fails with its usual error.

import * as https from "node:https";
import type { Duplex } from "node:stream";
import * as tls from "node:tls";
import { X509Certificate } from "node:crypto";
import { trustedByPinnedCa } from "./pinned-ca";
import { SecureContextCache } from "./tls-context";

type Callback = (err: Error | null, socket?: Duplex) => void;

export class PinnedCaAgent extends https.Agent {
  private readonly anchors: readonly X509Certificate[];
  /** Sockets still in their handshake: not yet the agent's, so its destroy() would not reach them. */
  private readonly pending = new Set<tls.TLSSocket>();
  private readonly handshakeTimeoutMs: number;

  /**
   * `handshakeTimeoutMs`: a socket not handed to its request yet is out of the request's reach (aborting
   * the request does not close it), so a handshake that never ends is given up after this long.
   */
  constructor(
    ca: Buffer,
    private readonly contexts: SecureContextCache,
    options: https.AgentOptions & { readonly handshakeTimeoutMs?: number },
  ) {
    super(options);
    this.handshakeTimeoutMs = options.handshakeTimeoutMs ?? 30_000;
    this.anchors = parseAnchors(ca);
  }

  /** Called by https.Agent for each new socket; with a callback, the socket is handed over when it is ready. */
  override createConnection(options: tls.ConnectionOptions, callback: Callback): undefined {
    const { cert, key } = options as { cert?: Buffer | string; key?: Buffer | string };
    const socket = tls.connect({ ...options, secureContext: this.contexts.withoutRoots(cert, key), rejectUnauthorized: false });
    this.pending.add(socket);
    const onError = (e: Error) => {
      this.pending.delete(socket);
      callback(e);
    };
    socket.once("error", onError);
    socket.once("close", () => this.pending.delete(socket));
    socket.setTimeout(this.handshakeTimeoutMs, () => {
      const e: NodeJS.ErrnoException = new Error(`The TLS handshake did not finish within ${this.handshakeTimeoutMs} ms.`);
      e.code = "ETIMEDOUT";
      socket.destroy(e);
    });
    socket.once("secureConnect", () => {
      socket.setTimeout(0);
      this.pending.delete(socket);
      socket.removeListener("error", onError);
      let ready: tls.TLSSocket = socket;
      try {
        if (!this.trusted(socket, options)) {
          socket.destroy();
          const ca = (options as { ca?: Buffer }).ca;
          ready = tls.connect({ ...options, secureContext: this.contexts.get(ca, cert, key), rejectUnauthorized: true });
        }
      } catch (e) {
        // In an event handler, a throw would end the process: the request fails instead.
        socket.destroy();
        return callback(e instanceof Error ? e : new Error(String(e)));
      }
      callback(null, ready);
    });
    return undefined;
  }

  override destroy(): void {
    for (const socket of this.pending) socket.destroy();
    this.pending.clear();
    super.destroy();
  }

  private trusted(socket: tls.TLSSocket, options: tls.ConnectionOptions): boolean {
    // Read once, and the X509Certificate made from its bytes: in Node 20, asking the socket for its
    // X509Certificate first leaves getPeerCertificate() an empty object.
    const legacy = socket.getPeerCertificate();
    if (!legacy?.raw || this.anchors.length === 0) return false;
    let leaf: X509Certificate;
    try {
      leaf = new X509Certificate(legacy.raw);
    } catch {
      return false;
    }
    // The name Node's own check uses (tls.connect): the server name, else the host.
    const host = options.servername || options.host || "localhost";
    return trustedByPinnedCa({ leaf, legacy, host }, this.anchors);
  }
}

/** Every certificate of a PEM bundle; one that does not parse is left out (Node's check then decides). */
function parseAnchors(ca: Buffer): X509Certificate[] {
  const out: X509Certificate[] = [];
  const pem = ca.toString("latin1");
  const re = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
  for (let m = re.exec(pem); m; m = re.exec(pem)) {
    try {
      out.push(new X509Certificate(m[0]));
    } catch {
      // not a certificate we can read
    }
  }
  return out;
}
