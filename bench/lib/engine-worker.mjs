// One engine measurement in a fresh process (so heap and load time are not polluted by earlier runs):
// load a workload form through the command line's loader, index it, and (optionally) time queries.
// Run with --expose-gc. Prints one JSON object on stdout.
//   node --expose-gc engine-worker.mjs <path> [--queries N] [--seed S]

import { createRequire } from "node:module";
import { now, quantile, median } from "./stats.mjs";

const require = createRequire(import.meta.url);
const { loadState } = require("../../out/cli/sources.js");
const { RbacIndex } = require("../../out/core/rbac-index.js");
const { effectivePermissions, compact } = require("../../out/core/effective.js");
const { whoCan } = require("../../out/core/who-can.js");
const { authorize } = require("../../out/core/authorize.js");
const { serviceAccountIdentity, userIdentity } = require("../../out/core/identity.js");
const { Draw, rng } = require("../../out/test/support/random-world.js");

const args = process.argv.slice(2);
const input = args[0];
const flag = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const queries = flag("--queries", 0);
const seed = flag("--seed", 7);

const gc = () => {
  global.gc();
  global.gc();
};

gc();
const heap0 = process.memoryUsage().heapUsed;
const cpu0 = process.cpuUsage();
const t0 = now();
const state = loadState([input]);
const t1 = now();
const index = new RbacIndex(state.objects);
const t2 = now();
const cpu = process.cpuUsage(cpu0);
const t3 = now();
const subjects = index.subjects();
const t4 = now();
gc();
const heap = process.memoryUsage().heapUsed - heap0;

const out = {
  objects: state.objects.length,
  loadMs: t1 - t0,
  indexMs: t2 - t1,
  loadIndexMs: t2 - t0,
  loadIndexCpuMs: (cpu.user + cpu.system) / 1000,
  heapBytes: heap,
  subjects: subjects.length,
  allSubjectsMs: t4 - t3,
};

if (queries > 0) {
  const d = new Draw(rng(seed));
  const groups = subjects.filter((s) => s.kind === "Group").map((s) => s.name);
  // A subject as the tree lists it (the first level): the user, group or service account alone.
  const subjectAlone = (s) =>
    s.kind === "ServiceAccount"
      ? serviceAccountIdentity(s.namespace, s.name)
      : s.kind === "Group"
        ? userIdentity("bench-probe", [s.name])
        : userIdentity(s.name, []);
  // For can-i: a user is usually also in one or two groups.
  const identityOf = (s) =>
    s.kind === "ServiceAccount"
      ? serviceAccountIdentity(s.namespace, s.name)
      : s.kind === "Group"
        ? userIdentity("bench-probe", [s.name])
        : userIdentity(s.name, groups.length > 0 && d.chance(0.5) ? d.some(groups, 1, 2) : []);
  const namespaces = index.namespaces();
  const resources = [
    ["", "pods"],
    ["", "secrets"],
    ["", "configmaps"],
    ["apps", "deployments"],
    ["batch", "jobs"],
    ["rbac.authorization.k8s.io", "rolebindings"],
    ["", "nodes"],
    ["monitoring.coreos.com", "servicemonitors"],
  ];
  const verbs = ["get", "list", "watch", "create", "update", "delete", "patch"];
  const request = () => {
    const [apiGroup, resource] = d.pick(resources);
    return {
      kind: "resource",
      verb: d.pick(verbs),
      apiGroup,
      resource,
      subresource: "",
      name: "",
      namespace: resource === "nodes" || d.chance(0.1) ? "" : d.pick(namespaces),
    };
  };
  const sample = (n, fn) => {
    for (let i = 0; i < 100; i++) fn.run(fn.prepare()); // warm-up (JIT), not recorded
    const xs = [];
    for (let i = 0; i < n; i++) {
      const arg = fn.prepare();
      const a = now();
      fn.run(arg);
      xs.push(now() - a);
    }
    return { p50: median(xs), p99: quantile(xs, 0.99), n };
  };
  out.effective = sample(queries, { prepare: () => subjectAlone(d.pick(subjects)), run: (id) => compact(effectivePermissions(index, id)) });
  out.whoCan = sample(Math.max(20, Math.floor(queries / 4)), { prepare: request, run: (r) => whoCan(index, r) });
  out.canI = sample(queries * 4, { prepare: () => [identityOf(d.pick(subjects)), request()], run: ([id, r]) => authorize(index, id, r) });
}

process.stdout.write(JSON.stringify(out) + "\n");
