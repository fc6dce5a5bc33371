// A live snapshot across a real restart of the kube-apiserver: the process stops (API server and etcd),
// and a new one starts on the same port with the same CA, certificates, tokens and etcd data (the test
// server's --reuse). The snapshot, still holding the credentials it read before the restart, must go
// stale while the server is gone, retry with backoff (not a busy loop), then rewatch or relist by
// itself and show what was created after the restart.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { Backoff, ClusterConnection, LiveRbacSnapshot } from "../../cluster";
import { AdminClient, TestApiServer } from "../support/apiserver";
import { connectAs, figure, maxAttempts, names, RBAC, role, waitForHealth, waitForSnapshot } from "./live-support";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject).listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** The admin sees every kind cluster-wide: one watch loop per kind. */
const SNAPSHOT_LOOPS = 6;

/**
 * kube-apiserver's graceful shutdown waits for open connections; a watch never ends by itself, so with
 * the default (0: watches are not drained) the stop runs into its 60 s deadline. With a grace period the
 * server ends the watches itself, as a well-configured production server does on a rolling restart.
 */
const FLAGS = ["--shutdown-watch-termination-grace-period=2s"];

describe("live snapshot across a real kube-apiserver restart (same port, credentials and etcd data)", function () {
  this.timeout(300_000);
  let dir: string | undefined;
  let server: TestApiServer | undefined;
  let conn: ClusterConnection | undefined;
  let live: LiveRbacSnapshot | undefined;
  let admin: AdminClient | undefined;

  after(async function () {
    this.timeout(60_000);
    live?.dispose();
    conn?.dispose();
    admin?.dispose();
    await server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("goes stale while the server is down, retries with backoff, then relists/rewatches and shows a Role created after the restart", async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-restart-"));
    const port = await freePort();
    server = await TestApiServer.start({ dir, port, reuse: true, apiServerFlags: FLAGS });
    const adminKubeconfig = fs.readFileSync(server.kubeconfig("admin"), "utf8");

    const backoff: Backoff = { initialMs: 200, maxMs: 2_000 };
    let problems = 0;
    conn = connectAs(server, "admin");
    live = await LiveRbacSnapshot.start(conn, { debounceMs: 20, backoff, onProblem: () => void problems++ });
    assert.equal(live.health().state, "live");
    assert.ok(names(live.current(), "Role", "team-a").includes("kube-rbac-test:lister"));

    // The real stop: SIGTERM, the API server and etcd shut down, the process exits.
    const before = problems;
    const outageStart = performance.now();
    const stale = waitForHealth(live, (h) => h.state === "stale");
    await server.stop({ keepDir: true });
    // The server may still answer (or close its watches cleanly) while it shuts down, so the data can be
    // as fresh as the moment the process was gone, never fresher.
    const stoppedAt = Date.now();
    server = undefined;
    const staleHealth = await stale;
    assert.ok(staleHealth.since <= stoppedAt, `${staleHealth.since} > ${stoppedAt}`);
    // Down, or (caught mid-shutdown) the server's own refusal while it drains: either way a clear sentence.
    assert.match(
      staleHealth.error ?? "",
      /^(Cannot reach|The connection to|The (watch|answer to) .* was interrupted|\S+ \S+ failed with (429|5\d\d))/,
    );

    const restartAt = performance.now();
    let liveAt = 0;
    const liveAgain = waitForHealth(live, (h) => h.state === "live").then(() => (liveAt = performance.now()));
    server = await TestApiServer.start({ dir, port, reuse: true, apiServerFlags: FLAGS });
    const restartMs = performance.now() - restartAt;
    // Same CA, client certificate and port: the kubeconfig the snapshot was made from is unchanged.
    assert.equal(fs.readFileSync(server.kubeconfig("admin"), "utf8"), adminKubeconfig);

    admin = new AdminClient(server.kubeconfig("admin"));
    await admin.create(`${RBAC}/namespaces/team-a/roles`, role("made-after-restart"));
    const createdAt = performance.now();
    await liveAgain;
    const snap = await waitForSnapshot(live, (s) => names(s, "Role", "team-a").includes("made-after-restart"));
    const seenMs = performance.now() - createdAt;
    const outageMs = performance.now() - outageStart;
    const attempts = problems - before;

    // Objects from before the restart persisted (etcd data kept).
    assert.deepEqual(names(snap, "Role", "team-a").sort(), ["kube-rbac-test:lister", "made-after-restart"]);
    assert.equal(live.health().state, "live");
    const bound = SNAPSHOT_LOOPS * maxAttempts(backoff, outageMs);
    figure(
      "restart: server stopped and ready again",
      `${Math.round(restartAt - outageStart)} ms to stop, ${Math.round(restartMs)} ms to start`,
    );
    figure(
      "restart: health live again",
      `${Math.round(liveAt - restartAt)} ms after the new process was spawned (it wrote ready.json after ${Math.round(restartMs)} ms)`,
    );
    figure("restart: Role created after the restart seen by the snapshot", `${Math.round(seenMs)} ms after the create returned`);
    figure(
      "restart: failed attempts during the outage (6 watch loops)",
      `${attempts} in ${Math.round(outageMs)} ms (bound from the backoff schedule: ${bound})`,
    );
    assert.ok(attempts >= 1, "no failed attempt while the server was down");
    assert.ok(attempts <= bound, `${attempts} attempts > ${bound}`);
  });
});
