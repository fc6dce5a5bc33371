// The cost of telling the language server about a change in a big cluster, in a fresh process (run with
// --expose-gc): the whole state (kubeRbac/clusterState: the model back to API JSON per kind, JSON on the
// wire, and the server's conversion to the model), against only what changed (kubeRbac/clusterChanges:
// the client's change tracker, the typed objects on the wire, the server's store applying them). Both
// then hand the server's workspace model the cluster (WorkspaceModel.setCluster), timed apart.
//   node --expose-gc cluster-message-worker.mjs <dump.json> [--reps N]
// Prints one JSON object on stdout.

import { createRequire } from "node:module";
import { median, now } from "./stats.mjs";

const require = createRequire(import.meta.url);
const { loadState } = require("../../out/cli/sources.js");
const { snapshotToList } = require("../../out/cluster/offline.js");
const { convertClusterState } = require("../../out/server/reported-cluster.js");
const { ClusterObjects } = require("../../out/server/cluster-objects.js");
const { ClusterChangeTracker } = require("../../out/protocol/cluster-changes.js");
const { WorkspaceModel } = require("../../out/core/service/workspace.js");

const args = process.argv.slice(2);
const reps = args.includes("--reps") ? Number(args[args.indexOf("--reps") + 1]) : 10;
const state = loadState([args[0]]);
const snapshot = { objects: state.objects, others: state.others };
const serviceAccounts = state.others
  .filter((o) => o.kind === "ServiceAccount")
  .map((o) => ({ namespace: o.metadata.namespace, name: o.metadata.name }));
const namespaces = [...new Set(state.objects.map((o) => o.metadata.namespace).filter(Boolean))].sort();

/** The whole state as the client built it (client/cluster/to-protocol.ts), through JSON, converted by the server. */
function whole() {
  const t0 = now();
  const items = snapshotToList(snapshot).items;
  const of = (kind) => items.filter((i) => i.kind === kind);
  const message = {
    state: {
      context: "bench",
      roles: of("Role"),
      clusterRoles: of("ClusterRole"),
      roleBindings: of("RoleBinding"),
      clusterRoleBindings: of("ClusterRoleBinding"),
      serviceAccounts,
      namespaces,
    },
  };
  const json = JSON.stringify(message);
  const t1 = now();
  const converted = convertClusterState(JSON.parse(json).state);
  const t2 = now();
  return { clientMs: t1 - t0, serverMs: t2 - t1, bytes: Buffer.byteLength(json), snapshot: converted.snapshot };
}

const parts = (objects) => ({
  origin: "cluster\u0000bench",
  context: "bench",
  objects,
  serviceAccounts,
  namespaces,
  discovery: () => undefined,
  discoveryIdentity: undefined,
});

function change(tracker, store, objects) {
  const t0 = now();
  const message = tracker.next(parts(objects));
  const json = JSON.stringify(message);
  const t1 = now();
  store.apply(JSON.parse(json));
  const snap = store.snapshot();
  const t2 = now();
  return { clientMs: t1 - t0, serverMs: t2 - t1, bytes: Buffer.byteLength(json), snapshot: snap, upserts: message.upserts.length };
}

function setClusterMs(model, snap) {
  const t0 = now();
  model.setCluster(snap);
  return now() - t0;
}

const out = { objects: state.objects.length, whole: [], changes: [], full: undefined };
const model = new WorkspaceModel();
for (let i = 0; i < reps; i++) {
  global.gc();
  const w = whole();
  out.whole.push({ clientMs: w.clientMs, serverMs: w.serverMs, bytes: w.bytes, setClusterMs: setClusterMs(model, w.snapshot) });
}
const tracker = new ClusterChangeTracker();
const store = new ClusterObjects();
let objects = [...state.objects];
const first = change(tracker, store, objects);
out.full = { clientMs: first.clientMs, serverMs: first.serverMs, bytes: first.bytes };
// One RoleBinding changes at a time (a new object, as the snapshot makes for a changed item).
const bindings = objects.map((o, i) => [o, i]).filter(([o]) => o.kind === "RoleBinding");
for (let i = 0; i < reps; i++) {
  global.gc();
  const [o, at] = bindings[(i * 7919) % bindings.length];
  objects = objects.slice();
  objects[at] = { ...o, metadata: { ...o.metadata, labels: { ...o.metadata.labels, bench: String(i) } } };
  const c = change(tracker, store, objects);
  out.changes.push({
    clientMs: c.clientMs,
    serverMs: c.serverMs,
    bytes: c.bytes,
    upserts: c.upserts,
    setClusterMs: setClusterMs(model, c.snapshot),
  });
}
const med = (list, k) => median(list.map((x) => x[k]));
const summary = (list) => ({
  clientMs: med(list, "clientMs"),
  serverMs: med(list, "serverMs"),
  bytes: med(list, "bytes"),
  setClusterMs: med(list, "setClusterMs"),
});
process.stdout.write(
  JSON.stringify({
    objects: out.objects,
    reps,
    whole: summary(out.whole),
    change: { ...summary(out.changes), upserts: med(out.changes, "upserts") },
    full: out.full,
  }) + "\n",
);
