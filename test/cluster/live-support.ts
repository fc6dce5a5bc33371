// Shared helpers of the live cluster tests: connections as the test server's users, waiting for a
// snapshot to reach a state (on its change events, no sleeping).
import { strict as assert } from "node:assert";
import {
  Backoff,
  ClusterConnection,
  ConnectionOptions,
  LiveRbacSnapshot,
  loadKubeconfig,
  RbacSnapshot,
  ResolvedContext,
  resolveContext,
  SnapshotHealth,
} from "../../cluster";
import { TestApiServer, TestUser } from "../support/apiserver";

export function contextOf(server: TestApiServer, user: TestUser): ResolvedContext {
  const r = loadKubeconfig({ explicitPath: server.kubeconfig(user), env: {} });
  assert.ok(r.ok, r.ok ? "" : r.message);
  const ctx = resolveContext(r.config);
  assert.ok(ctx.ok, ctx.ok ? "" : ctx.message);
  return ctx.value;
}

export function connectAs(
  server: TestApiServer,
  user: TestUser,
  patch: (c: ResolvedContext) => ResolvedContext = (c) => c,
  options: ConnectionOptions = {},
): ClusterConnection {
  return new ClusterConnection(patch(contextOf(server, user)), options);
}

export function inNamespace(ns: string): (c: ResolvedContext) => ResolvedContext {
  return (c) => ({ ...c, context: { ...c.context, namespace: ns }, namespace: ns });
}

/** Resolves with the first snapshot (current or a later change event) for which `test` holds. */
export function waitForSnapshot(
  live: LiveRbacSnapshot,
  test: (s: RbacSnapshot) => boolean,
  deadlineMs = WAIT_DEADLINE_MS,
): Promise<RbacSnapshot> {
  return waitFor(
    () => live.current(),
    live.onDidChange,
    test,
    deadlineMs,
    (s) => `snapshot of ${s.objects.length} objects; health ${JSON.stringify(live.health())}`,
  );
}

export function names(s: RbacSnapshot, kind: string, namespace: string): string[] {
  return s.objects.filter((o) => o.kind === kind && o.metadata.namespace === namespace).map((o) => o.metadata.name);
}

export async function mapLimit<T>(items: readonly T[], limit: number, fn: (t: T) => Promise<unknown>): Promise<void> {
  let i = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (i < items.length) await fn(items[i++]);
    }),
  );
}

export { RBAC } from "../support/cluster-objects";

export function role(name: string, verbs: string[] = ["get"]): Record<string, unknown> {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "Role",
    metadata: { name },
    rules: [{ apiGroups: [""], resources: ["pods"], verbs }],
  };
}

/** A figure for the test report (list time, watch latency); not an assertion. */
export function figure(label: string, value: string): void {
  process.stdout.write(`      [figure] ${label}: ${value}\n`);
}

/** Resolves with the health (current or a later change) for which `test` holds. */
export function waitForHealth(
  live: LiveRbacSnapshot,
  test: (h: SnapshotHealth) => boolean,
  deadlineMs = WAIT_DEADLINE_MS,
): Promise<SnapshotHealth> {
  return waitFor(
    () => live.health(),
    live.onDidChangeHealth,
    test,
    deadlineMs,
    (h) => `health ${JSON.stringify(h)}`,
  );
}

/** The outage itself: a fault that lasts `ms`. Not a wait for a result (those await events). */
export const faultFor = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Registers an afterEach that disposes what the test tracked; returns `track`, which hands back what it is given. */
export function disposedAfterEach(): <T extends { dispose(): void }>(d: T) => T {
  const open: { dispose(): void }[] = [];
  afterEach(() => {
    for (const d of open.splice(0)) d.dispose();
  });
  return (d) => (open.push(d), d);
}

/**
 * How long a wait on change events may take before the test fails, saying what it last saw: well
 * under mocha's timeout, so a failure names the state it was stuck in rather than only "timeout".
 */
export const WAIT_DEADLINE_MS = 45_000;

function waitFor<T>(
  now: () => T,
  onChange: (listener: (value: T) => void) => { dispose(): void },
  test: (value: T) => boolean,
  deadlineMs: number,
  describe: (value: T) => string,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const first = now();
    if (test(first)) return resolve(first);
    const seen: string[] = [describe(first)];
    const d = onChange((v) => {
      if (test(v)) {
        clearTimeout(timer);
        d.dispose();
        resolve(v);
      } else seen.push(describe(v));
    });
    const timer = setTimeout(() => {
      d.dispose();
      reject(new Error(`not reached within ${deadlineMs} ms; last seen: ${seen.slice(-5).join(" | ")}; now: ${describe(now())}`));
    }, deadlineMs);
  });
}

/**
 * The most connection attempts one watch loop can make in `windowMs` of failures: each failure is
 * followed by a sleep of at least half the backoff delay (jitter in [50%, 100%]) and each sleep by at
 * most one attempt (a new watch, or a relist), so count the shortest sleeps that fit in the window, + 1.
 */
export function maxAttempts(b: Backoff, windowMs: number): number {
  let sum = 0;
  let n = 0;
  for (;;) {
    const shortest = 0.5 * Math.min(b.maxMs, b.initialMs * 2 ** n);
    if (sum + shortest > windowMs) return n + 1;
    sum += shortest;
    n++;
  }
}
