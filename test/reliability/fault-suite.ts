// The frame the fault suites share: the test API server, its admin and a fault proxy of our own in front
// of it, made before the suite and closed after it; after each test, what it tracked is disposed and the
// proxy reset.
import { Backoff } from "../../cluster";
import { AdminClient, TestApiServer, useApiServer } from "../support/apiserver";
import { disposedAfterEach } from "../cluster/live-support";

/** The backoff of the snapshots under test: short, so that retries during a fault can be counted. */
export const FAULT_BACKOFF: Backoff = { initialMs: 200, maxMs: 2_000 };

interface Proxy {
  listen(): Promise<number>;
  close(): Promise<void>;
}

interface FaultSuite {
  readonly server: () => TestApiServer;
  /** Hands back what it is given, disposed after the test. */
  readonly track: <T extends { dispose(): void }>(d: T) => T;
}

/**
 * Registers the suite's hooks: before it, the API server, its admin client and the proxy `make` returns
 * (listening), handed to `started`; after each test, what was tracked disposed, then `reset`; after the
 * suite, the admin client and the proxy closed.
 */
export function useFaultSuite<P extends Proxy>(
  make: (server: TestApiServer) => P,
  reset: (proxy: P) => void,
  started: (admin: AdminClient, proxy: P) => void,
): FaultSuite {
  const server = useApiServer();
  const track = disposedAfterEach();
  let admin: AdminClient | undefined;
  let proxy: P | undefined;
  before(async () => {
    admin = new AdminClient(server().kubeconfig("admin"));
    proxy = make(server());
    await proxy.listen();
    started(admin, proxy);
  });
  afterEach(() => proxy && reset(proxy));
  after(async () => {
    admin?.dispose();
    await proxy?.close();
  });
  return { server, track };
}
