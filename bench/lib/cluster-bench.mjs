// Cluster benchmarks against the real test kube-apiserver: load a workload (bounded pool of parallel
// POSTs), then time a complete live snapshot beside `kubectl get … -A -o json` (the floor), the delay
// from a change in the cluster to the updated snapshot, and `kube-rbac who-can` beside kubectl-who-can
// (end to end, same server, same questions), checking every disagreement with a SubjectAccessReview.

import * as fs from "node:fs";
import * as path from "node:path";
import { createRequire } from "node:module";
import { mapLimit, median, now, summary } from "./stats.mjs";
import { CLI_ENV, EXTRA_CA, run, PEERS_DIR } from "./processes.mjs";
import { cliPhases } from "./cli-phases.mjs";
import { compareRbacTool } from "./rbac-tool-bench.mjs";
import { oursSubjects, sarAllows, subjectKey } from "./sar.mjs";

export { run, PEERS_DIR };

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const { TestApiServer, AdminClient } = require("../../out/test/support/apiserver.js");
const { connect, LiveRbacSnapshot } = require("../../out/cluster/index.js");

const PATHS = {
  ClusterRole: () => "/apis/rbac.authorization.k8s.io/v1/clusterroles",
  ClusterRoleBinding: () => "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings",
  Role: (ns) => `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles`,
  RoleBinding: (ns) => `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`,
};

/** Creates namespaces, then every object (bounded pool); existing objects (the bootstrap policy) are left as they are. */
export async function loadWorkload(admin, workload, { concurrency = 48, log }) {
  const t0 = now();
  let failures = 0;
  let existing = 0;
  const post = async (p, body) => {
    for (let attempt = 0; ; attempt++) {
      try {
        const r = await admin.request("POST", p, body);
        if (r.status === 201) return;
        if (r.status === 409) return void existing++;
        if ((r.status === 429 || r.status >= 500) && attempt < 5) continue;
        failures++;
        if (failures <= 5) log(`load: POST ${p} -> ${r.status}: ${JSON.stringify(r.body).slice(0, 200)}`);
        return;
      } catch (e) {
        if (attempt < 5) continue;
        failures++;
        if (failures <= 5) log(`load: POST ${p} failed: ${e.message}`);
        return;
      }
    }
  };
  const namespaces = [...new Set([...workload.namespaces, ...workload.objects.map((o) => o.metadata.namespace).filter(Boolean)])];
  await mapLimit(namespaces, 16, (ns) => post("/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } }));
  // Roles before bindings is not required by the API, but it is how clusters are usually populated.
  const order = { ClusterRole: 0, Role: 1, ClusterRoleBinding: 2, RoleBinding: 3 };
  const objects = [...workload.objects].sort((a, b) => order[a.kind] - order[b.kind]);
  let done = 0;
  await mapLimit(objects, concurrency, async (o) => {
    // The server sets these itself and refuses a create that carries them.
    const { resourceVersion: _rv, uid: _uid, creationTimestamp: _created, managedFields: _managed, ...metadata } = o.metadata;
    await post(PATHS[o.kind](o.metadata.namespace), { ...o, metadata });
    if (++done % 5000 === 0) log(`load: ${done}/${objects.length}`);
  });
  return { ms: now() - t0, objects: objects.length, namespaces: namespaces.length, existing, failures };
}

async function snapshotOnce(kubeconfig) {
  const cpu0 = process.cpuUsage();
  const t0 = now();
  const c = connect({ explicitPath: kubeconfig });
  if (!c.ok) throw new Error(c.message);
  const live = await LiveRbacSnapshot.start(c.connection, { pageSize: 500 });
  const snap = live.current();
  const ms = now() - t0;
  const cpu = process.cpuUsage(cpu0);
  live.dispose();
  c.connection.dispose();
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, objects: snap.objects.length, complete: snap.complete };
}

const KUBECTL_KINDS = "roles,clusterroles,rolebindings,clusterrolebindings";

/** Complete snapshot vs the kubectl floor, interleaved, `reps` times each. */
export async function timeSnapshots(server, reps, log) {
  const kubeconfig = server.kubeconfig("admin");
  const ours = [];
  const kubectl = [];
  const oursCpu = [];
  const kubectlCpu = [];
  let objects = 0;
  let complete = true;
  let kubectlItems = 0;
  for (let i = 0; i < reps; i++) {
    const k = await run("kubectl", ["get", KUBECTL_KINDS, "-A", "-o", "json", "--kubeconfig", kubeconfig]);
    if (k.code !== 0) throw new Error(`kubectl get failed: ${k.stderr}`);
    kubectl.push(k.ms);
    kubectlCpu.push(k.cpuMs);
    kubectlItems = JSON.parse(k.stdout).items.length;
    const s = await snapshotOnce(kubeconfig);
    ours.push(s.ms);
    oursCpu.push(s.cpuMs);
    objects = s.objects;
    complete &&= s.complete;
    log(`cluster: snapshot ${i + 1}/${reps}: ours ${s.ms.toFixed(0)} ms, kubectl ${k.ms.toFixed(0)} ms`);
  }
  return {
    oursMs: summary(ours),
    kubectlMs: summary(kubectl),
    oursCpuMs: median(oursCpu),
    kubectlCpuMs: median(kubectlCpu),
    ratio: median(ours) / median(kubectl),
    objects,
    kubectlItems,
    complete,
  };
}

/** From a POST in the cluster to the live snapshot's change event that contains it. */
export async function timeChanges(server, admin, reps) {
  const c = connect({ explicitPath: server.kubeconfig("admin") });
  if (!c.ok) throw new Error(c.message);
  const debounceMs = 100;
  const live = await LiveRbacSnapshot.start(c.connection, { debounceMs });
  const visible = [];
  const postMs = [];
  try {
    for (let i = 0; i < reps; i++) {
      const name = `bench-change-${Date.now()}-${i}`;
      const seen = new Promise((resolve) => {
        const sub = live.onDidChange((snap) => {
          if (snap.objects.some((o) => o.kind === "RoleBinding" && o.metadata.name === name)) {
            sub.dispose();
            resolve(now());
          }
        });
      });
      const t0 = now();
      await admin.create("/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings", {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "RoleBinding",
        metadata: { name, namespace: "default" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" },
        subjects: [{ kind: "User", apiGroup: "rbac.authorization.k8s.io", name: "bench-change" }],
      });
      postMs.push(now() - t0);
      visible.push((await seen) - t0);
    }
  } finally {
    live.dispose();
    c.connection.dispose();
  }
  return { visibleMs: summary(visible), postMs: summary(postMs), debounceMs };
}

/** The subjects a kubectl-who-can JSON answer lists, normalised to kind/namespace/name keys. */
function whoCanPeerSubjects(json, namespace) {
  const out = new Set();
  const add = (s, ns) => out.add(subjectKey(s, ns));
  for (const b of json.roleBindings ?? []) for (const s of b.subjects ?? []) add(s, namespace);
  for (const b of json.clusterRoleBindings ?? []) for (const s of b.subjects ?? []) add(s, "");
  return out;
}

/** Runs of both commands on one question, interleaved: wall, peak RSS and CPU samples, and the last answers. */
async function timeBoth(oursArgs, peer, peerArgs, reps, listFloorArgs) {
  const t = {
    ours: [],
    theirs: [],
    oursRss: [],
    theirRss: [],
    oursCpu: [],
    theirCpu: [],
    floor: [],
    listFloor: [],
    parseFloor: [],
    peerError: "",
  };
  // Also timed without NODE_EXTRA_CA_CERTS when this machine sets it (kubectl-who-can ignores it).
  const plain = process.env[EXTRA_CA] ? { ours: [], oursCpu: [], floor: [], listFloor: [], parseFloor: [] } : undefined;
  const listFloor = async (unset, extra = []) => {
    const r = await run(process.execPath, [...listFloorArgs, ...extra], { unset });
    if (r.code !== 0) throw new Error(`the lists-only floor failed (${r.code}): ${r.stderr}`);
    return r.ms;
  };
  // The first run writes the command line's code cache (bin/kube-rbac.js), as a user's first run does.
  await run(process.execPath, oursArgs, { env: CLI_ENV });
  for (let i = 0; i < reps; i++) {
    t.floor.push((await run(process.execPath, ["-e", "0"])).ms);
    t.listFloor.push(await listFloor([]));
    t.parseFloor.push(await listFloor([], ["--parse"]));
    const a = await run(process.execPath, oursArgs, { env: CLI_ENV });
    if (a.code !== 0) throw new Error(`kube-rbac who-can failed: ${a.stderr}`);
    t.ours.push(a.ms);
    t.oursRss.push(a.peakRssBytes);
    t.oursCpu.push(a.cpuMs);
    t.oursJson = JSON.parse(a.stdout);
    if (plain) {
      plain.floor.push((await run(process.execPath, ["-e", "0"], { unset: [EXTRA_CA] })).ms);
      plain.listFloor.push(await listFloor([EXTRA_CA]));
      plain.parseFloor.push(await listFloor([EXTRA_CA], ["--parse"]));
      const c = await run(process.execPath, oursArgs, { env: CLI_ENV, unset: [EXTRA_CA] });
      if (c.code !== 0) throw new Error(`kube-rbac who-can failed: ${c.stderr}`);
      plain.ours.push(c.ms);
      plain.oursCpu.push(c.cpuMs);
    }
    if (peer) {
      const b = await run(peer, peerArgs);
      if (b.code !== 0) t.peerError = b.stderr.slice(0, 500);
      else {
        t.theirs.push(b.ms);
        t.theirRss.push(b.peakRssBytes);
        t.theirCpu.push(b.cpuMs);
        t.theirJson = JSON.parse(b.stdout || "{}");
      }
    }
  }
  if (plain)
    t.withoutExtraCa = {
      oursMs: median(plain.ours),
      oursCpuMs: median(plain.oursCpu),
      nodeFloorMs: median(plain.floor),
      listFloorMs: median(plain.listFloor),
      parseFloorMs: median(plain.parseFloor),
    };
  return t;
}

/** The subjects only one of the two lists, each judged by a SubjectAccessReview. */
async function disagreementsOf(admin, mine, their, q) {
  const out = [];
  for (const k of new Set([...mine, ...their])) {
    if (mine.has(k) === their.has(k)) continue;
    const allowed = await sarAllows(admin, k, q);
    out.push({
      subject: k,
      listedBy: mine.has(k) ? "kube-rbac" : "kubectl-who-can",
      subjectAccessReview: allowed ? "allowed" : "denied",
      right: mine.has(k) === allowed ? "kube-rbac" : "kubectl-who-can",
    });
  }
  return out;
}

/** One question: both commands timed, their answers compared, ours checked against the authorizer. */
async function comparePeersOn(q, { admin, kubeconfig, peer, reps, material }) {
  const type = q.group ? `${q.resource}.${q.group}` : q.resource;
  const oursArgs = [
    path.join(ROOT, "bin", "kube-rbac.js"),
    "who-can",
    q.verb,
    type,
    "-n",
    q.namespace,
    "--kubeconfig",
    kubeconfig,
    "-o",
    "json",
  ];
  const peerArgs = [q.verb, type, "-n", q.namespace, "--kubeconfig", kubeconfig, "-o", "json"];
  const materialFile = path.join(path.dirname(kubeconfig), "list-floor.json");
  fs.writeFileSync(materialFile, JSON.stringify({ ...material, namespace: q.namespace }));
  const t = await timeBoth(oursArgs, peer, peerArgs, reps, [path.join(ROOT, "bench", "lib", "list-floor.cjs"), materialFile]);
  const entry = {
    question: `${q.verb} ${type} -n ${q.namespace}`,
    oursMs: median(t.ours),
    oursPeakRssBytes: median(t.oursRss),
    oursCpuMs: median(t.oursCpu),
    oursSubjects: t.oursJson.subjects.length,
    nodeFloorMs: median(t.floor),
    listFloorMs: median(t.listFloor),
    parseFloorMs: median(t.parseFloor),
  };
  if (t.theirJson) {
    const their = whoCanPeerSubjects(t.theirJson, q.namespace);
    Object.assign(entry, {
      peerMs: median(t.theirs),
      peerPeakRssBytes: median(t.theirRss),
      peerCpuMs: median(t.theirCpu),
      cpuRatio: median(t.theirCpu) / median(t.oursCpu),
      peerSubjects: their.size,
      ratio: median(t.theirs) / median(t.ours),
      disagreements: await disagreementsOf(admin, oursSubjects(t.oursJson), their, q),
    });
    if (t.withoutExtraCa) entry.withoutExtraCa = { ...t.withoutExtraCa, ratio: entry.peerMs / t.withoutExtraCa.oursMs };
  } else entry.peerError = peer ? t.peerError : "kubectl-who-can was not built";
  // Our own answer must agree with the authorizer for every subject we list.
  let oursWrong = 0;
  for (const k of oursSubjects(t.oursJson))
    if (k.startsWith("User/") || k.startsWith("ServiceAccount/")) if (!(await sarAllows(admin, k, q))) oursWrong++;
  entry.oursListedButDenied = oursWrong;
  return entry;
}

/** `kube-rbac who-can` and kubectl-who-can, end to end on the same server and questions. */
export async function comparePeers(server, admin, questions, reps, log) {
  const kubeconfig = server.kubeconfig("admin");
  const peerPath = path.join(PEERS_DIR, "kubectl-who-can");
  const peer = fs.existsSync(peerPath) ? peerPath : undefined;
  const material = listFloorMaterial(kubeconfig);
  const results = [];
  for (const q of questions) {
    const entry = await comparePeersOn(q, { admin, kubeconfig, peer, reps, material });
    results.push(entry);
    log(
      `peers: ${entry.question}: ours ${entry.oursMs.toFixed(0)} ms, kubectl-who-can ${entry.peerMs?.toFixed(0) ?? "-"} ms, disagreements ${entry.disagreements?.length ?? "-"}`,
    );
  }
  return results;
}

/** What the lists-only floor (list-floor.cjs) needs of the admin kubeconfig, as PEM text. */
function listFloorMaterial(kubeconfig) {
  const c = connect({ explicitPath: kubeconfig });
  if (!c.ok) throw new Error(c.message);
  const { cluster, user } = c.connection.context;
  c.connection.dispose();
  const pem = (data) => Buffer.from(data, "base64").toString("utf8");
  return {
    server: cluster.server,
    ca: pem(cluster.certificateAuthorityData),
    cert: pem(user.clientCertificateData),
    key: pem(user.clientKeyData),
  };
}

/** One whole cluster run for a workload: start a server, load, measure, stop. */
export async function runCluster(workload, { snapshotReps, changeReps, peerReps, questions, rbacTool, workDir, log }) {
  const server = await TestApiServer.start();
  const admin = new AdminClient(server.kubeconfig("admin"));
  try {
    log(`cluster: ${workload.name}: loading ${workload.objects.length} objects`);
    const load = await loadWorkload(admin, workload, { log });
    log(
      `cluster: ${workload.name}: loaded in ${(load.ms / 1000).toFixed(1)} s (${load.failures} failures, ${load.existing} already there)`,
    );
    const snapshot = await timeSnapshots(server, snapshotReps, log);
    const change = await timeChanges(server, admin, changeReps);
    const peers = await comparePeers(server, admin, questions, peerReps, log);
    const q = questions[0];
    const phaseOptions = {
      kubeconfig: server.kubeconfig("admin"),
      question: { verb: q.verb, type: q.group ? `${q.resource}.${q.group}` : q.resource, namespace: q.namespace },
      reps: peerReps,
      workDir,
    };
    const phases = await cliPhases(phaseOptions);
    log(`cli phases: ${phases.question}: ${JSON.stringify(phases.phases)}`);
    const phasesWithoutExtraCa = process.env[EXTRA_CA] ? await cliPhases({ ...phaseOptions, unset: [EXTRA_CA] }) : undefined;
    const rbacToolResults = await compareRbacTool(server, admin, rbacTool, rbacTool.reps, log);
    return {
      load,
      snapshot,
      change,
      peers,
      cliPhases: phases,
      cliPhasesWithoutExtraCa: phasesWithoutExtraCa,
      rbacTool: rbacToolResults,
      serverVersion: server.ready.version,
    };
  } finally {
    admin.dispose();
    await server.stop();
  }
}
