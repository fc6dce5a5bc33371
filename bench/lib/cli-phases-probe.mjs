// Bundled by bench/lib/cli-phases.mjs with the command line's own bundling options, and run as a fresh
// process: where one `who-can -n NS --kubeconfig` run spends its time. The steps are those of
// cli/live-cluster.ts (scoped lists in parallel, then objects and the index), timed one by one.
// Prints one JSON line: wall and CPU ms per phase; `startMs` is the process's age when the bundle's
// own code begins (Node's start plus loading this bundle).
import { connect } from "../../cluster/index.ts";
import { listAll } from "../../cluster/list-watch.ts";
import { SNAPSHOT_TYPES } from "../../cluster/snapshot.ts";
import { objectsFromPlain } from "../../core/load.ts";
import { RBAC_GROUP } from "../../core/model.ts";
import { RbacIndex } from "../../core/rbac-index.ts";
import { whoCan } from "../../core/who-can.ts";
import { builtInCatalog } from "../../core/catalog/index.ts";
import { buildRequest } from "../../cli/request.ts";

const startMs = performance.now();
const cpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const cpu0 = cpu();
const marks = [];
let last = { wall: startMs, cpu: cpu0 };
const mark = (phase) => {
  const now = { wall: performance.now(), cpu: cpu() };
  marks.push({ phase, wallMs: now.wall - last.wall, cpuMs: now.cpu - last.cpu });
  last = now;
};

const [kubeconfig, verb, type, namespace] = process.argv.slice(2);
const { request } = buildRequest(verb, type, { namespace, allNamespaces: false }, builtInCatalog());
mark("request");
const c = connect({ explicitPath: kubeconfig });
if (!c.ok) throw new Error(c.message);
mark("kubeconfig");
const kinds = SNAPSHOT_TYPES.filter((t) => t.group === RBAC_GROUP);
const lists = await Promise.all(
  kinds.map((t) => listAll(c.connection, t, t.namespaced ? namespace : "", { timeoutMs: 30000, pageSize: 5000 })),
);
mark("tls+list");
const loaded = { objects: [], others: [] };
for (const l of lists) objectsFromPlain({ kind: "List", items: l.items }, loaded);
mark("objects");
const index = new RbacIndex(loaded.objects);
mark("index");
const answer = whoCan(index, request);
const text = JSON.stringify(answer.subjects.map((s) => ({ kind: s.kind, name: s.name, namespace: s.namespace })));
mark("answer");
c.connection.dispose();
process.stdout.write(JSON.stringify({ startMs, startCpuMs: cpu0, marks, objects: loaded.objects.length, bytes: text.length }) + "\n");
