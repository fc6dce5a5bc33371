// Cluster faults against the real kube-apiserver, injected by a loopback proxy of our own
// (test/support/fault-proxy.ts): connections reset for a while (the server down), stalled (a half-open
// network), slowed down, and a token rotated under a running watch. For each: the snapshot's health
// says stale (with the time of the last contact and a one-line reason), it returns to live by itself
// when the fault ends, and the retries during the fault are bounded by the backoff schedule.
//
// "Server down for N seconds" here is the proxy resetting every connection for N seconds; a real stop
// and restart of the API server (same port, credentials and etcd data) is test/cluster/live-restart.test.ts.
// Covered elsewhere: 403 on some kinds or namespaces (test/cluster/live-snapshot.test.ts), an exec
// plugin that fails, hangs or prints garbage (test/cluster/exec-credential.test.ts, live-auth.test.ts),
// a kubeconfig edited, deleted and re-created (test/cluster/kubeconfig.test.ts, the watcher).
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { ClusterConnection, LiveRbacSnapshot, LiveSnapshotOptions, ResolvedContext } from "../../cluster";
import { AdminClient } from "../support/apiserver";
import { FaultProxy } from "../support/fault-proxy";
import { FAULT_BACKOFF, useFaultSuite } from "./fault-suite";
import {
  connectAs,
  contextOf,
  faultFor,
  figure,
  inNamespace,
  mapLimit,
  maxAttempts,
  names,
  RBAC,
  role,
  waitForHealth,
  waitForSnapshot,
} from "../cluster/live-support";

describe("cluster faults (real kube-apiserver, fault proxy)", function () {
  this.timeout(120_000);
  let admin: AdminClient;
  let proxy: FaultProxy;
  const { server, track } = useFaultSuite(
    (s) => new FaultProxy(new URL(s.server)),
    (p) => p.setMode("pass"),
    (a, p) => ((admin = a), (proxy = p)),
  );
  const viaProxy = (c: ResolvedContext): ResolvedContext => ({
    ...c,
    cluster: { ...c.cluster, server: `https://127.0.0.1:${proxy.port}` },
  });
  const backoff = FAULT_BACKOFF;

  async function start(conn: ClusterConnection, options: LiveSnapshotOptions = {}): Promise<LiveRbacSnapshot> {
    return track(await LiveRbacSnapshot.start(conn, { debounceMs: 20, backoff, ...options }));
  }

  it("server down for 8 s (every connection reset): stale with the time of last contact, bounded retries, live again by itself", async () => {
    const conn = track(connectAs(server(), "admin", viaProxy));
    const live = await start(conn);
    assert.equal(live.health().state, "live");
    const loops = SNAPSHOT_LOOPS;
    const outageMs = 8_000;
    const before = proxy.connections;
    const cutAt = Date.now();
    proxy.setMode("reset");
    const stale = await waitForHealth(live, (h) => h.state === "stale");
    assert.ok(stale.since <= cutAt, `${stale.since} > ${cutAt}`);
    assert.match(stale.error ?? "", /^(Cannot reach|The connection to|The watch .* was interrupted)/);
    await admin.create(`${RBAC}/namespaces/team-a/roles`, role("made-while-down"));
    await faultFor(outageMs);
    const attempts = proxy.connections - before;
    proxy.setMode("pass");
    const restoredAt = performance.now();
    await waitForHealth(live, (h) => h.state === "live");
    await waitForSnapshot(live, (s) => names(s, "Role", "team-a").includes("made-while-down"));
    const recoveryMs = performance.now() - restoredAt;
    const bound = loops * maxAttempts(backoff, outageMs);
    figure(
      "server down 8 s: connection attempts (6 watch loops)",
      `${attempts} (bound from the backoff schedule: ${bound}; a loop without backoff would make thousands)`,
    );
    figure("server down 8 s: back to live after the fault ended", `${Math.round(recoveryMs)} ms`);
    assert.ok(attempts <= bound, `${attempts} attempts > ${bound}`);
    assert.ok(attempts >= loops, `${attempts} attempts: the loops did not retry`);
    await admin.remove(`${RBAC}/namespaces/team-a/roles/made-while-down`);
  });

  it("stalled connections: the watch's idle timeout and the request deadline fire, no hang; live again when traffic flows", async () => {
    const conn = track(connectAs(server(), "admin", viaProxy));
    const live = await start(conn, { requestTimeoutMs: 2_000, idleTimeoutMs: 3_000, watchTimeoutSeconds: 2 });
    proxy.setMode("stall");
    const stale = await waitForHealth(live, (h) => h.state === "stale");
    assert.match(stale.error ?? "", /received nothing for 3 s|did not start answering within 2 s/);
    const before = proxy.connections;
    await faultFor(6_000);
    const attempts = proxy.connections - before;
    proxy.setMode("pass");
    const restoredAt = performance.now();
    await waitForHealth(live, (h) => h.state === "live");
    figure("stall 6 s: connection attempts (6 watch loops)", `${attempts} (bound: ${SNAPSHOT_LOOPS * maxAttempts(backoff, 6_000)})`);
    figure("stall: back to live after the fault ended", `${Math.round(performance.now() - restoredAt)} ms`);
    assert.ok(attempts <= SNAPSHOT_LOOPS * maxAttempts(backoff, 6_000), String(attempts));
  });

  it("slow responses and a huge list (2,000 Roles, 4 pages): the list completes and the watch follows", async () => {
    await admin.create("/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "huge" } });
    await mapLimit([...Array(2_000).keys()], 16, (i) =>
      admin.create(`${RBAC}/namespaces/huge/roles`, role(`r-${String(i).padStart(4, "0")}`)),
    );
    proxy.setMode("slow");
    const t = performance.now();
    const conn = track(connectAs(server(), "admin", viaProxy));
    const live = await start(conn, { pageSize: 500, requestTimeoutMs: 60_000 });
    const listMs = performance.now() - t;
    assert.equal(names(live.current(), "Role", "huge").length, 2_000);
    await admin.create(`${RBAC}/namespaces/huge/roles`, role("late"));
    await waitForSnapshot(live, (s) => names(s, "Role", "huge").includes("late"));
    assert.equal(live.health().state, "live");
    figure(
      "huge list through a proxy delaying each chunk by 50 ms",
      `${live.current().objects.length} RBAC objects, ${live.stats().pages} pages, ${Math.round(listMs)} ms`,
    );
  });

  it("a token rotated under a running watch: 401, stale with a clear reason, live again once the token file is fixed", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-token-"));
    track({ dispose: () => fs.rmSync(dir, { recursive: true, force: true }) });
    const tokenFile = path.join(dir, "token");
    const good = contextOf(server(), "lister").user.token ?? "";
    fs.writeFileSync(tokenFile, good);
    // The lister reads its token from a file, re-read on every request (as kubectl does).
    const withFile = (c: ResolvedContext): ResolvedContext =>
      viaProxy(inNamespace("team-a")({ ...c, user: { ...c.user, token: undefined, tokenFile } }));
    const conn = track(connectAs(server(), "lister", withFile));
    let refused = 0; // one per request the server refused (keep-alive: fewer TCP connections than requests)
    const live = await start(conn, { onProblem: (e) => void (e.kind === "unauthorized" && refused++) });
    const loops = live.stats().lists; // one first list per watch loop
    assert.deepEqual(names(live.current(), "Role", "team-a").length > 0 && live.current().gaps.length > 0, true); // roles in team-a only
    assert.ok(loops > 0);
    fs.writeFileSync(tokenFile, "rotated-away-token-0123456789");
    proxy.dropAll(); // the watches reconnect, now with the wrong token
    // First the reset itself, then the reconnects are refused.
    const stale = await waitForHealth(live, (h) => h.state === "stale" && /401/.test(h.error ?? ""));
    assert.equal(stale.error, `The API server 127.0.0.1:${proxy.port} refused the credentials of user "lister" (401 Unauthorized).`);
    const before = refused;
    await faultFor(5_000);
    const attempts = refused - before;
    fs.writeFileSync(tokenFile, good);
    const fixedAt = performance.now();
    await waitForHealth(live, (h) => h.state === "live");
    figure(
      "token rotated 5 s: requests with the refused token",
      `${attempts} over ${loops} watch loops (bound: ${loops * maxAttempts(backoff, 5_000)})`,
    );
    figure("token rotated: back to live after the file was fixed", `${Math.round(performance.now() - fixedAt)} ms`);
    assert.ok(attempts <= loops * maxAttempts(backoff, 5_000), String(attempts));
  });
});

/** The admin sees every kind cluster-wide: one watch loop per kind. */
const SNAPSHOT_LOOPS = 6;
