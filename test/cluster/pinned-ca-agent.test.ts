import { strict as assert } from "node:assert";
import * as https from "node:https";
import * as net from "node:net";
import { AddressInfo } from "node:net";
import * as tls from "node:tls";
import { PinnedCaAgent } from "../../cluster/pinned-ca-agent";
import { SecureContextCache } from "../../cluster/tls-context";
import { Issued, SERVING, TestPki } from "../support/test-pki";
import { useTempDir } from "../support/temp-dir";

/** Counts the contexts with Node's full verification (the root store) that the agent asks for. */
class CountingContexts extends SecureContextCache {
  full = 0;
  override get(...args: Parameters<SecureContextCache["get"]>): tls.SecureContext {
    this.full++;
    return super.get(...args);
  }
}

interface Served {
  readonly port: number;
  /** Bytes of application data the server received, over all connections. */
  received(): number;
  close(): Promise<void>;
}

/** An HTTPS server presenting `chain` (leaf first) that answers every request with "ok". */
async function serve(leaf: Issued, chain: Issued[] = []): Promise<Served> {
  let received = 0;
  const server = https.createServer({ cert: [leaf.cert, ...chain.map((c) => c.cert)].join(""), key: leaf.key }, (req, res) => {
    res.end("ok");
  });
  server.on("secureConnection", (socket: tls.TLSSocket) => {
    socket.on("data", (d: Buffer) => (received += d.length));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    received: () => received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function get(agent: https.Agent, port: number, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      { host: "127.0.0.1", port, path: "/", agent, ca, headers: { authorization: "Bearer secret-token" } },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => (body += d));
        res.on("end", () => resolve(body));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

describe("PinnedCaAgent", function () {
  this.timeout(60_000);
  const tmp = useTempDir("kube-rbac-pinned-agent-");
  let pki: TestPki;
  let ca: Issued;

  before(() => {
    pki = new TestPki(tmp.dir());
    ca = pki.authority("cluster-ca");
  });

  const agentFor = (contexts: SecureContextCache) => new PinnedCaAgent(Buffer.from(ca.cert), contexts, { keepAlive: true });

  it("trusts a server certificate the kubeconfig's authority signed without Node's full context", async () => {
    const server = await serve(pki.issue("serving", ca, SERVING));
    const contexts = new CountingContexts();
    const agent = agentFor(contexts);
    try {
      assert.equal(await get(agent, server.port, ca.cert), "ok");
      assert.equal(await get(agent, server.port, ca.cert), "ok");
      assert.equal(contexts.full, 0);
    } finally {
      agent.destroy();
      await server.close();
    }
  });

  it("leaves a chain through an intermediate to Node's verification, which accepts it", async () => {
    const intermediate = pki.issue("intermediate", ca, ["basicConstraints=critical,CA:TRUE", "keyUsage=critical,keyCertSign"]);
    const server = await serve(pki.issue("serving-via-intermediate", intermediate, SERVING), [intermediate]);
    const contexts = new CountingContexts();
    const agent = agentFor(contexts);
    try {
      assert.equal(await get(agent, server.port, ca.cert), "ok");
      assert.equal(contexts.full, 1);
    } finally {
      agent.destroy();
      await server.close();
    }
  });

  it("fails the request, not the process, when Node's verification cannot even be set up", async () => {
    class Failing extends SecureContextCache {
      override get(): tls.SecureContext {
        throw new Error("no context today");
      }
    }
    const stranger = pki.issue("stranger-for-setup", pki.authority("stranger-setup-ca"), SERVING);
    const server = await serve(stranger);
    const agent = agentFor(new Failing());
    try {
      const failure = await get(agent, server.port, ca.cert).then(
        () => undefined,
        (e: Error) => e,
      );
      assert.equal(failure?.message, "no context today");
      assert.equal(server.received(), 0);
    } finally {
      agent.destroy();
      await server.close();
    }
  });

  const elsewhere = ["keyUsage=critical,digitalSignature", "extendedKeyUsage=serverAuth", "subjectAltName=DNS:elsewhere.example"];
  const client = ["extendedKeyUsage=clientAuth", "subjectAltName=IP:127.0.0.1"];
  for (const [what, make, code] of [
    ["a certificate for another name", () => pki.issue("other-name", ca, elsewhere), /ERR_TLS_CERT_ALTNAME_INVALID/],
    [
      "another authority's certificate",
      () => pki.issue("stranger", pki.authority("stranger-ca"), SERVING),
      /UNABLE_TO_VERIFY_LEAF_SIGNATURE/,
    ],
    ["a client certificate", () => pki.issue("client", ca, client), /INVALID_PURPOSE/],
  ] as const) {
    it(`refuses ${what} as Node does, and sends it nothing`, async () => {
      const server = await serve(make());
      const agent = agentFor(new CountingContexts());
      try {
        const failure = await get(agent, server.port, ca.cert).then(
          () => undefined,
          (e: NodeJS.ErrnoException) => e,
        );
        assert.ok(failure, "the request must fail");
        assert.match(String(failure.code), code);
        assert.equal(server.received(), 0);
      } finally {
        agent.destroy();
        await server.close();
      }
    });
  }

  /** A server that accepts and never answers: a handshake with it hangs. */
  async function silent(): Promise<{ port: number; closed: Promise<void>[]; close(): Promise<void> }> {
    const closed: Promise<void>[] = [];
    const server = net.createServer((socket) => {
      closed.push(new Promise((resolve) => socket.on("close", () => resolve())));
      socket.resume(); // reading, so that the client's end is seen
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    return { port, closed, close: () => new Promise((resolve) => server.close(() => resolve())) };
  }

  it("closes a connection still in its handshake when it is destroyed", async () => {
    const server = await silent();
    const agent = agentFor(new CountingContexts());
    const controller = new AbortController();
    const req = https.request({ host: "127.0.0.1", port: server.port, agent, ca: ca.cert, signal: controller.signal });
    req.on("error", () => undefined);
    req.end();
    while (server.closed.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    agent.destroy();
    await server.closed[0];
    await server.close();
  });

  it("gives up a handshake that does not finish, failing its request with a timeout", async () => {
    const server = await silent();
    const agent = new PinnedCaAgent(Buffer.from(ca.cert), new CountingContexts(), { keepAlive: true, handshakeTimeoutMs: 200 });
    try {
      const failure = await get(agent, server.port, ca.cert).then(
        () => undefined,
        (e: NodeJS.ErrnoException) => e,
      );
      assert.equal(failure?.code, "ETIMEDOUT");
      await server.closed[0];
    } finally {
      agent.destroy();
      await server.close();
    }
  });
});
