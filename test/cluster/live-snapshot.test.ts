// The RBAC snapshot against a real kube-apiserver: pagination, watches, reconnects, 410 Gone relists,
// and partial visibility for users who may not list everything.
// The server compacts etcd every 3 s and serves watches from etcd (no watch cache), so an old
// resourceVersion really expires and the relist path runs for real.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import { performance } from "node:perf_hooks";
import { ClusterError, LiveRbacSnapshot, Reflector, SNAPSHOT_TYPES } from "../../cluster";
import { AdminClient, TcpProxy, useApiServer } from "../support/apiserver";
import { connectAs, disposedAfterEach, figure, inNamespace, mapLimit, names, RBAC, role, waitForSnapshot } from "./live-support";

describe("live RBAC snapshot (real kube-apiserver)", function () {
  this.timeout(60_000);
  const server = useApiServer({ apiServerFlags: ["--etcd-compaction-interval=3s", "--watch-cache=false"] });
  let admin: AdminClient;
  const track = disposedAfterEach();

  before(async () => {
    admin = new AdminClient(server().kubeconfig("admin"));
    await admin.create("/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "paged" } });
    await mapLimit([...Array(120).keys()], 8, (i) =>
      admin.create(`${RBAC}/namespaces/paged/roles`, role(`r-${String(i).padStart(3, "0")}`)),
    );
  });
  after(() => admin?.dispose());

  it("lists every kind with pagination and converts to the model", async () => {
    const conn = track(connectAs(server(), "admin"));
    const t0 = performance.now();
    const live = track(await LiveRbacSnapshot.start(conn, { pageSize: 50 }));
    const listMs = performance.now() - t0;
    const snap = live.current();
    assert.deepEqual({ complete: snap.complete, gaps: snap.gaps }, { complete: true, gaps: [] });
    assert.deepEqual(
      names(snap, "Role", "paged"),
      [...Array(120).keys()].map((i) => `r-${String(i).padStart(3, "0")}`),
    );
    const direct = await admin.request<{ items: { metadata: { name: string } }[] }>("GET", `${RBAC}/clusterroles`);
    assert.deepEqual(names(snap, "ClusterRole", ""), direct.body.items.map((i) => i.metadata.name).sort());
    assert.ok(
      snap.objects.some(
        (o) => o.kind === "RoleBinding" && o.metadata.namespace === "team-a" && o.metadata.name === "kube-rbac-test:lister",
      ),
    );
    assert.deepEqual(
      snap.others.filter((o) => o.kind === "ServiceAccount" && o.metadata.name === "robot").map((o) => o.metadata.namespace),
      ["default"],
    );
    assert.ok(snap.others.some((o) => o.kind === "Namespace" && o.metadata.name === "paged"));
    const stats = live.stats();
    // 120 roles at 50 per page: at least three pages for roles alone.
    assert.ok(stats.pages >= stats.lists + 2, JSON.stringify(stats));
    figure(
      "initial list, 6 kinds, page size 50",
      `${Math.round(listMs)} ms for ${snap.objects.length + snap.others.length} objects in ${stats.pages} pages`,
    );
  });

  it("a watch delivers add, update and delete", async () => {
    const live = track(await LiveRbacSnapshot.start(track(connectAs(server(), "admin")), { debounceMs: 20 }));
    const lat: number[] = [];
    let t = performance.now();
    await admin.create(`${RBAC}/namespaces/team-a/roles`, role("watched"));
    const added = await waitForSnapshot(live, (s) => names(s, "Role", "team-a").includes("watched"));
    lat.push(performance.now() - t);
    t = performance.now();
    await admin.update(`${RBAC}/namespaces/team-a/roles/watched`, role("watched", ["get", "list"]));
    const updated = await waitForSnapshot(live, (s) =>
      s.objects.some((o) => o.kind === "Role" && o.metadata.name === "watched" && "rules" in o && o.rules[0]?.verbs.length === 2),
    );
    lat.push(performance.now() - t);
    const r = updated.objects.find((o) => o.kind === "Role" && o.metadata.name === "watched");
    assert.ok(r && "rules" in r);
    // Only the changed object is converted anew; the others keep their identity (the extension sends the
    // language server only the objects that changed).
    const before = new Set(added.objects);
    assert.equal(before.has(r), false);
    assert.deepEqual(
      updated.objects.filter((o) => o !== r && !before.has(o)).map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`),
      [],
    );
    assert.deepEqual(r.rules, [{ verbs: ["get", "list"], apiGroups: [""], resources: ["pods"], resourceNames: [], nonResourceURLs: [] }]);
    t = performance.now();
    await admin.remove(`${RBAC}/namespaces/team-a/roles/watched`);
    await waitForSnapshot(live, (s) => !names(s, "Role", "team-a").includes("watched"));
    lat.push(performance.now() - t);
    figure("watch: change made -> visible in the snapshot (add/update/delete)", lat.map((x) => `${Math.round(x)} ms`).join(" / "));
  });

  it("keeps listed and watched items without their managedFields", async () => {
    const roles = SNAPSHOT_TYPES.find((t) => t.resource === "roles")!;
    let changed = () => {};
    const r = track(new Reflector(track(connectAs(server(), "admin")), roles, "paged", { onChange: () => changed() }));
    await r.start();
    const sent = await admin.request<{ metadata: { managedFields?: unknown[] } }>("GET", `${RBAC}/namespaces/paged/roles/r-000`);
    assert.ok(sent.body.metadata.managedFields?.length, "the server sends managedFields");
    assert.ok(r.items.size >= 120);
    const watched = new Promise<void>((resolve) => (changed = () => r.items.has("paged/kept-lean") && resolve()));
    await admin.create(`${RBAC}/namespaces/paged/roles`, role("kept-lean"));
    await watched;
    const withFields = [...r.items.values()].filter((o) => "managedFields" in (o.metadata as object));
    assert.deepEqual(withFields, []);
    assert.deepEqual((r.items.get("paged/r-000")!.metadata as { name: string }).name, "r-000");
  });

  it("keeps what its `keep` makes of each item, listed page by page and watched, and nothing it refuses", async () => {
    const roles = SNAPSHOT_TYPES.find((t) => t.resource === "roles")!;
    const seen: Record<string, unknown>[] = [];
    const keep = (item: Record<string, unknown>) => {
      seen.push(item);
      const name = (item.metadata as { name: string }).name;
      const verbs = (item.rules as { verbs: string[] }[])[0].verbs;
      // Everything but the roles that grant "list" (the ones made below, once changed).
      return verbs.includes("list") ? undefined : { name, verbs };
    };
    let changed = () => {};
    const r = track(new Reflector(track(connectAs(server(), "admin")), roles, "paged", { pageSize: 50, keep, onChange: () => changed() }));
    await r.start();
    assert.ok(r.stats.pages >= 3, JSON.stringify(r.stats));
    assert.ok(seen.length >= 120 && seen.every((i) => i.kind === "Role" && i.apiVersion === "rbac.authorization.k8s.io/v1"));
    assert.deepEqual(r.items.get("paged/r-007"), { name: "r-007", verbs: ["get"] });
    const next = (done: () => boolean) => new Promise<void>((resolve) => (changed = () => done() && resolve()));
    const added = next(() => r.items.has("paged/kept-as-made"));
    await admin.create(`${RBAC}/namespaces/paged/roles`, role("kept-as-made"));
    await added;
    assert.deepEqual(r.items.get("paged/kept-as-made"), { name: "kept-as-made", verbs: ["get"] });
    // Changed into something `keep` refuses: the item is no longer held.
    const dropped = next(() => !r.items.has("paged/kept-as-made"));
    await admin.update(`${RBAC}/namespaces/paged/roles/kept-as-made`, role("kept-as-made", ["get", "list"]));
    await dropped;
    assert.equal(r.items.has("paged/kept-as-made"), false);
    await admin.remove(`${RBAC}/namespaces/paged/roles/kept-as-made`);
  });

  it("resumes after a dropped connection, and relists when its resourceVersion has expired (410 Gone)", async () => {
    const proxy = new TcpProxy(new URL(server().server));
    const port = await proxy.listen();
    track({ dispose: () => void proxy.close() });
    const viaProxy = (c: ReturnType<typeof connectAs>["context"]) => ({
      ...c,
      cluster: { ...c.cluster, server: `https://127.0.0.1:${port}` },
    });
    const problems: ClusterError[] = [];
    const conn = track(connectAs(server(), "admin", viaProxy));
    const live = track(
      await LiveRbacSnapshot.start(conn, { debounceMs: 20, backoff: { initialMs: 50, maxMs: 400 }, onProblem: (e) => problems.push(e) }),
    );

    // 1. A short outage: the change made meanwhile arrives once the proxy is back.
    await proxy.cut();
    await admin.create(`${RBAC}/namespaces/team-a/roles`, role("during-outage"));
    await proxy.restore();
    await waitForSnapshot(live, (s) => names(s, "Role", "team-a").includes("during-outage"));

    // 2. A long outage: the last resourceVersion is compacted away, the watch gets 410, we relist.
    const relistsBefore = live.stats().relists;
    await proxy.cut();
    const rv = (await admin.request<{ metadata: { resourceVersion: string } }>("GET", `${RBAC}/roles?limit=1`)).body.metadata
      .resourceVersion;
    await admin.create(`${RBAC}/namespaces/team-a/roles`, role("after-compaction"));
    await admin.remove(`${RBAC}/namespaces/team-a/roles/during-outage`);
    while (!(await admin.watchExpired(`${RBAC}/roles`, rv))) {
      // each probe is a 1 s server-side watch: this waits for the compactor, it does not sleep
    }
    await proxy.restore();
    const s = await waitForSnapshot(
      live,
      (x) => names(x, "Role", "team-a").includes("after-compaction") && !names(x, "Role", "team-a").includes("during-outage"),
    );
    assert.ok(s.complete);
    assert.ok(live.stats().relists > relistsBefore, JSON.stringify(live.stats()));
    assert.ok(
      problems.some((p) => p.kind === "gone"),
      problems.map((p) => p.message).join("\n"),
    );
    assert.ok(
      problems.some((p) => p.kind === "unreachable"),
      problems.map((p) => p.message).join("\n"),
    );
  });

  it("keeps what a limited user can see, marks the snapshot incomplete and says what is missing", async () => {
    const live = track(await LiveRbacSnapshot.start(track(connectAs(server(), "lister", inNamespace("team-a")))));
    const snap = live.current();
    assert.equal(snap.complete, false);
    assert.deepEqual(
      snap.gaps.map((g) => g.message),
      [
        "cannot list clusterroles at cluster scope: forbidden",
        "cannot list clusterrolebindings at cluster scope: forbidden",
        "cannot list roles at cluster scope: forbidden",
        "cannot list rolebindings at cluster scope: forbidden",
        "cannot list serviceaccounts at cluster scope: forbidden",
        "cannot list namespaces at cluster scope: forbidden",
        "cannot list serviceaccounts in namespace team-a: forbidden",
      ],
    );
    assert.deepEqual(
      snap.objects.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`).filter((n) => n.includes("lister")),
      ["Role team-a/kube-rbac-test:lister", "RoleBinding team-a/kube-rbac-test:lister"],
    );
    // What the lister may not list, the server still tells it about itself.
    assert.equal(snap.ownRules?.namespace, "team-a");
    // RBAC alone can list every rule it grants: complete, and one review per namespace seen.
    assert.deepEqual(
      snap.ownRulesByNamespace?.map((r) => [r.namespace, r.incomplete]),
      [["team-a", false]],
    );
    assert.ok(
      snap.ownRules?.rules.some((r) => r.resources.includes("roles") && r.verbs.includes("watch")),
      JSON.stringify(snap.ownRules),
    );
    // Its namespace-scoped watch works too.
    await admin.create(`${RBAC}/namespaces/team-a/roles`, role("seen-by-lister"));
    await waitForSnapshot(live, (s) => names(s, "Role", "team-a").includes("seen-by-lister"));
  });

  it("a user with no rights gets an empty, incomplete snapshot, not an error", async () => {
    const live = track(await LiveRbacSnapshot.start(track(connectAs(server(), "nobody"))));
    const snap = live.current();
    assert.deepEqual(snap.objects, []);
    assert.deepEqual(
      snap.gaps.map((g) => `${g.resource}@${g.namespace}:${g.reason}`),
      [
        "clusterroles@:forbidden",
        "clusterrolebindings@:forbidden",
        "roles@:forbidden",
        "rolebindings@:forbidden",
        "serviceaccounts@:forbidden",
        "namespaces@:forbidden",
        "roles@default:forbidden",
        "rolebindings@default:forbidden",
        "serviceaccounts@default:forbidden",
      ],
    );
    assert.ok(snap.ownRules && snap.ownRules.rules.some((r) => r.resources.includes("selfsubjectreviews")), JSON.stringify(snap.ownRules));
  });
  it("made only read requests and reviews (the server's audit log says so)", () => {
    const lines = fs
      .readFileSync(server().ready.auditLog, "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "");
    const ours = lines
      .map((l) => JSON.parse(l) as { verb: string; userAgent?: string; objectRef?: { resource?: string; apiGroup?: string } })
      .filter((e) => e.userAgent === "kube-rbac");
    assert.ok(ours.length > 50, `only ${ours.length} audited requests from kube-rbac`);
    const kinds = new Set(ours.map((e) => (e.verb === "create" ? `create ${e.objectRef?.resource}` : e.verb)));
    const allowed = new Set([
      "get",
      "list",
      "watch",
      "create selfsubjectrulesreviews",
      "create selfsubjectreviews",
      "create selfsubjectaccessreviews",
      "create subjectaccessreviews",
    ]);
    assert.deepEqual(
      [...kinds].filter((k) => !allowed.has(k)),
      [],
    );
  });
});
