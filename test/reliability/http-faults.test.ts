// HTTP-level faults against the real kube-apiserver, injected by a loopback HTTP proxy of our own
// (test/support/http-fault-proxy.ts) that answers some requests itself: 500s under a running watch,
// 401 and 500 on the very first list (the extension then starts again by itself, cluster/start-retry.ts),
// and a kubeconfig problem that no retry can fix. For each: a clear one-line message, recovery without
// the user when the fault ends, and attempts bounded by the backoff schedule.
// The client talks plain HTTP to the proxy with the static-token user "lister" (get/list/watch on roles
// and rolebindings in team-a); the proxy passes its token on to the API server over TLS.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import { performance } from "node:perf_hooks";
import { ClusterConnection, ClusterError, LiveRbacSnapshot, ResolvedContext, startWithRetry } from "../../cluster";
import { AdminClient } from "../support/apiserver";
import { HttpFaultProxy, INTERNAL_ERROR, UNAUTHORIZED } from "../support/http-fault-proxy";
import { FAULT_BACKOFF, useFaultSuite } from "./fault-suite";
import {
  connectAs,
  contextOf,
  faultFor,
  figure,
  inNamespace,
  maxAttempts,
  names,
  RBAC,
  role,
  waitForHealth,
  waitForSnapshot,
} from "../cluster/live-support";

/** The lister's reflectors: roles and rolebindings of team-a (everything else is a gap, not a loop). */
const LISTER_LOOPS = 2;

describe("HTTP faults (real kube-apiserver, HTTP fault proxy)", function () {
  this.timeout(120_000);
  let admin: AdminClient;
  let proxy: HttpFaultProxy;
  const { server, track } = useFaultSuite(
    (s) => {
      const cluster = contextOf(s, "lister").cluster;
      const ca = cluster.certificateAuthorityData
        ? Buffer.from(cluster.certificateAuthorityData, "base64")
        : cluster.certificateAuthority
          ? fs.readFileSync(cluster.certificateAuthority)
          : undefined;
      return new HttpFaultProxy(new URL(s.server), ca);
    },
    (p) => (p.rule = undefined),
    (a, p) => ((admin = a), (proxy = p)),
  );
  const backoff = FAULT_BACKOFF;
  const viaProxy = (c: ResolvedContext): ResolvedContext => inNamespace("team-a")({ ...c, cluster: { ...c.cluster, server: proxy.url } });
  const refused = () => `The API server 127.0.0.1:${proxy.port} refused the credentials of user "lister" (401 Unauthorized).`;

  const start = (conn: ClusterConnection) => LiveRbacSnapshot.start(conn, { debounceMs: 20, backoff });

  it("500s on every request for 5 s under a running watch: stale with the server's reason, bounded retries, live again by itself", async () => {
    const conn = track(connectAs(server(), "lister", viaProxy));
    const live = track(await start(conn));
    assert.equal(live.health().state, "live");
    assert.ok(names(live.current(), "Role", "team-a").includes("kube-rbac-test:lister"));

    const faultMs = 5_000;
    const before = proxy.injected;
    const cutAt = Date.now();
    proxy.rule = () => INTERNAL_ERROR;
    proxy.dropStreams();
    // First the dropped watches ("… was reset"), then the answers to the new requests: the server's reason.
    const stale = await waitForHealth(live, (h) => h.state === "stale" && /failed with 500\b/.test(h.error ?? ""));
    assert.ok(stale.since <= cutAt, `${stale.since} > ${cutAt}`);
    assert.match(stale.error ?? "", /failed with 500\b.*Internal error occurred: injected by the test proxy/);
    await admin.create(`${RBAC}/namespaces/team-a/roles`, role("made-during-500s"));
    await faultFor(faultMs);
    const answered500 = proxy.injected - before;
    proxy.rule = undefined;
    const endedAt = performance.now();
    await waitForHealth(live, (h) => h.state === "live");
    await waitForSnapshot(live, (s) => names(s, "Role", "team-a").includes("made-during-500s"));
    const recoveryMs = performance.now() - endedAt;
    const bound = LISTER_LOOPS * maxAttempts(backoff, faultMs + 1_000);
    figure("500s for 5 s: requests answered 500 (2 watch loops)", `${answered500} (bound from the backoff schedule: ${bound})`);
    figure("500s: back to live after the fault ended", `${Math.round(recoveryMs)} ms`);
    assert.ok(answered500 >= LISTER_LOOPS, `${answered500}: the loops did not retry`);
    assert.ok(answered500 <= bound, `${answered500} requests > ${bound}`);
    await admin.remove(`${RBAC}/namespaces/team-a/roles/made-during-500s`);
  });

  it("401 on the first lists for 3 s (a token not yet valid): a clear message each time, then the start succeeds by itself", async () => {
    const conn = track(connectAs(server(), "lister", viaProxy));
    const faultMs = 3_000;
    proxy.rule = () => UNAUTHORIZED;
    const faultEnds = setTimeout(() => (proxy.rule = undefined), faultMs);
    const failures: { error: ClusterError; retryInMs: number | undefined }[] = [];
    const began = performance.now();
    try {
      const live = track(
        (await startWithRetry(() => start(conn), { backoff, onFailure: (error, retryInMs) => failures.push({ error, retryInMs }) }))!,
      );
      const tookMs = performance.now() - began;
      assert.equal(live.health().state, "live");
      assert.ok(names(live.current(), "Role", "team-a").includes("kube-rbac-test:lister"));
      assert.ok(failures.length >= 1, "the fault was not met");
      for (const f of failures) {
        assert.equal(f.error.kind, "unauthorized");
        assert.equal(f.error.message, refused());
        assert.ok(f.retryInMs !== undefined && f.retryInMs <= backoff.maxMs);
      }
      const bound = maxAttempts(backoff, faultMs);
      figure(
        "401 on the first list for 3 s: failed starts",
        `${failures.length} (bound from the backoff schedule: ${bound}); live ${Math.round(tookMs - faultMs)} ms after the fault ended`,
      );
      assert.ok(failures.length <= bound, `${failures.length} attempts > ${bound}`);
    } finally {
      clearTimeout(faultEnds);
    }
  });

  it("500 on the first three requests: the start is tried again and the snapshot is complete", async () => {
    const conn = track(connectAs(server(), "lister", viaProxy));
    let left = 3;
    proxy.rule = () => (left-- > 0 ? INTERNAL_ERROR : undefined);
    const failures: ClusterError[] = [];
    const live = track((await startWithRetry(() => start(conn), { backoff, onFailure: (e) => failures.push(e) }))!);
    assert.ok(failures.length >= 1 && failures.length <= 3, `${failures.length} failed starts`);
    for (const e of failures) assert.equal(e.kind, "server");
    assert.ok(names(live.current(), "Role", "team-a").includes("kube-rbac-test:lister"));
    assert.equal(live.health().state, "live");
  });

  it("a problem only the user can fix (an unreadable token file): no retry, one clear error", async () => {
    const conn = track(
      connectAs(server(), "lister", (c) =>
        viaProxy({ ...c, user: { ...c.user, token: undefined, tokenFile: "/nonexistent/kube-rbac-test-token" } }),
      ),
    );
    const before = proxy.requests;
    const failures: (number | undefined)[] = [];
    await assert.rejects(
      startWithRetry(() => start(conn), { backoff, onFailure: (_e, retryInMs) => failures.push(retryInMs) }),
      (e: unknown) => e instanceof ClusterError && e.kind === "config" && /token file of user "lister" cannot be read/.test(e.message),
    );
    assert.deepEqual(failures, [undefined]);
    assert.equal(proxy.requests, before, "a request went out without credentials");
  });
});
