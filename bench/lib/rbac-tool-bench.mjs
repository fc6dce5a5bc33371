// rbac-tool beside kube-rbac on the same API server: `who-can` and `policy-rules`, end to end (a fresh
// process each time, interleaved with ours), with every disagreement put to a SubjectAccessReview.
//
// rbac-tool's `who-can VERB TYPE` takes no namespace: it lists every subject with a rule for the request
// in any namespace or cluster-wide. It is therefore asked only what has one meaning without a namespace:
// cluster-scoped resources and non-resource URLs (kube-rbac answers them at cluster scope, as the API
// server does). `policy-rules -e REGEX` lists the rules of the bindings that name a subject; kube-rbac's
// `permissions --as USER` answers what the user may do, which also takes in the groups every
// authenticated user has: those are compared with the API server, not with rbac-tool.

import * as fs from "node:fs";
import * as path from "node:path";
import { mapLimit, median } from "./stats.mjs";
import { CLI_ENV, run, PEERS_DIR } from "./processes.mjs";
import { oursSubjects, sarAllows, sarIdentityAllows, subjectKey } from "./sar.mjs";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
export const RBAC_TOOL = path.join(PEERS_DIR, "rbac-tool");
const CLI = path.join(ROOT, "bin", "kube-rbac.js");

/** Runs ours and rbac-tool `reps` times each, interleaved; medians of wall, CPU and peak RSS, last stdout. */
async function timeBoth(oursArgs, peerArgs, env, reps) {
  const samples = { ours: [], peer: [] };
  let oursOut = "";
  let peerOut = "";
  let peerError = "";
  await run(process.execPath, [CLI, ...oursArgs], { env: CLI_ENV }); // writes the code cache
  for (let i = 0; i < reps; i++) {
    const a = await run(process.execPath, [CLI, ...oursArgs], { env: CLI_ENV });
    if (a.code !== 0) throw new Error(`kube-rbac ${oursArgs[0]} failed: ${a.stderr}`);
    samples.ours.push(a);
    oursOut = a.stdout;
    const b = await run(RBAC_TOOL, peerArgs, { env });
    // rbac-tool prints its own errors on standard output.
    if (b.code !== 0) peerError = `${b.stdout}\n${b.stderr}`.trim().slice(0, 500);
    else (samples.peer.push(b), (peerOut = b.stdout));
  }
  const med = (list) => ({
    ms: median(list.map((s) => s.ms)),
    cpuMs: median(list.map((s) => s.cpuMs)),
    peakRssBytes: median(list.map((s) => s.peakRssBytes)),
  });
  return { ours: med(samples.ours), peer: samples.peer.length ? med(samples.peer) : undefined, oursOut, peerOut, peerError };
}

const typeArg = (q) => q.path ?? (q.group ? `${q.resource}.${q.group}` : q.resource);

/** The rules in an rbac-tool entry that match a question, as its own who-can filter matches them. */
function matchingRules(entry, q) {
  return (entry.allowedTo ?? []).filter((a) => {
    if (a.verb !== q.verb && a.verb !== "*") return false;
    if (q.path !== undefined) return (a.nonResourceURLs ?? []).some((u) => u === q.path || u === "*");
    return (a.resource === q.resource || a.resource === "*") && (a.apiGroup === (q.group || "core") || a.apiGroup === "*");
  });
}

/** Why rbac-tool lists a subject the API server denies: the rules of that subject that matched. */
function whyListed(rules) {
  const namespaces = [...new Set(rules.map((a) => a.namespace).filter((n) => n !== "*"))];
  const named = rules.filter((a) => (a.resourceNames ?? []).length > 0);
  const parts = [];
  if (namespaces.length === rules.length || rules.every((a) => a.namespace !== "*"))
    parts.push(
      `its rules for this come only through RoleBindings (${namespaces.slice(0, 2).join(", ")}${namespaces.length > 2 ? ", …" : ""}), which grant nothing at cluster scope`,
    );
  else if (named.length === rules.length)
    parts.push(`its rules for this are limited to resourceNames (${named[0].resourceNames.join(", ")})`);
  return parts.join("; ");
}

/** rbac-tool `who-can VERB TYPE` beside `kube-rbac who-can VERB TYPE [-A]` (cluster scope). */
export async function rbacToolWhoCan(server, admin, questions, reps, log) {
  const kubeconfig = server.kubeconfig("admin");
  const out = [];
  for (const q of questions) {
    const type = typeArg(q);
    const scope = q.path !== undefined ? [] : ["-A"];
    const t = await timeBoth(
      ["who-can", q.verb, type, ...scope, "--kubeconfig", kubeconfig, "-o", "json"],
      ["who-can", q.verb, type, "-o", "json"],
      { KUBECONFIG: kubeconfig },
      reps,
    );
    const asked = q.path !== undefined ? q : { ...q, namespace: "" };
    const entry = { question: `${q.verb} ${type}${scope.length ? " -A" : ""}`, ours: t.ours };
    const mine = oursSubjects(JSON.parse(t.oursOut));
    entry.oursSubjects = mine.size;
    if (t.peer) {
      const list = JSON.parse(t.peerOut || "[]") ?? [];
      const byKey = new Map(list.map((e) => [subjectKey(e, ""), e]));
      const disagreements = [];
      const keys = [...new Set([...mine, ...byKey.keys()])].filter((k) => mine.has(k) !== byKey.has(k));
      await mapLimit(keys, 8, async (k) => {
        const allowed = await sarAllows(admin, k, asked);
        const d = {
          subject: k,
          listedBy: mine.has(k) ? "kube-rbac" : "rbac-tool",
          subjectAccessReview: allowed ? "allowed" : "denied",
          right: mine.has(k) === allowed ? "kube-rbac" : "rbac-tool",
        };
        if (!mine.has(k) && !allowed) d.why = whyListed(matchingRules(byKey.get(k), q));
        disagreements.push(d);
      });
      disagreements.sort((a, b) => (a.subject < b.subject ? -1 : 1));
      Object.assign(entry, { peer: t.peer, peerSubjects: byKey.size, ratio: t.peer.ms / t.ours.ms, disagreements });
    } else entry.peerError = t.peerError;
    let denied = 0;
    await mapLimit(
      [...mine].filter((k) => !k.startsWith("Group/")),
      8,
      async (k) => void (!(await sarAllows(admin, k, asked)) && denied++),
    );
    entry.oursListedButDenied = denied;
    out.push(entry);
    log(
      `rbac-tool who-can ${entry.question}: ours ${t.ours.ms.toFixed(0)} ms, rbac-tool ${t.peer?.ms.toFixed(0) ?? "-"} ms, disagreements ${entry.disagreements?.length ?? "-"}`,
    );
  }
  return out;
}

/** `ns|verb|group|resource|names` or `ns|verb|url|path`; ns "*" = cluster-wide, group "core" = "". */
function peerTuples(list, user) {
  const out = new Set();
  for (const e of list)
    if (e.kind === "User" && e.name === user)
      for (const a of e.allowedTo ?? []) {
        if ((a.nonResourceURLs ?? []).length) for (const u of a.nonResourceURLs) out.add(`${a.namespace}|${a.verb}|url|${u}`);
        else out.add(`${a.namespace}|${a.verb}|${a.apiGroup}|${a.resource}|${(a.resourceNames ?? []).join(",")}`);
      }
  return out;
}

/** Our tuples, each with whether a binding that names the user (not one of its groups) grants it. */
async function ourTuples(json, user, bindingSubjects) {
  const out = new Map();
  const direct = async (sources) => {
    for (const s of sources) if ((await bindingSubjects(s.binding)).some((x) => x.kind === "User" && x.name === user)) return true;
    return false;
  };
  for (const r of json.resources) {
    const d = await direct(r.sources);
    for (const v of r.verbs) out.set(`${r.scope || "*"}|${v}|${r.apiGroup || "core"}|${r.resource}|${r.resourceNames.join(",")}`, d);
  }
  for (const u of json.nonResourceURLs) {
    const d = await direct(u.sources);
    for (const v of u.verbs) out.set(`*|${v}|url|${u.url}`, d);
  }
  return out;
}

function tupleRequest(t) {
  const [ns, verb, group, res, names] = t.split("|");
  if (group === "url") return { verb, path: res };
  const [resource, subresource] = res.split("/");
  return { verb, group: group === "core" ? "" : group, resource, subresource, name: names.split(",")[0], namespace: ns === "*" ? "" : ns };
}

/** rbac-tool `policy-rules -e ^USER$` beside `kube-rbac permissions --as USER`. */
export async function rbacToolPolicyRules(server, admin, users, reps, log) {
  const kubeconfig = server.kubeconfig("admin");
  const cache = new Map();
  const bindingSubjects = async (b) => {
    const p = b.namespace
      ? `/apis/rbac.authorization.k8s.io/v1/namespaces/${b.namespace}/rolebindings/${b.name}`
      : `/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/${b.name}`;
    if (!cache.has(p))
      cache.set(
        p,
        admin.request("GET", p).then((r) => r.body.subjects ?? []),
      );
    return cache.get(p);
  };
  const out = [];
  for (const user of users) {
    const t = await timeBoth(
      ["permissions", "--as", user, "--kubeconfig", kubeconfig, "-o", "json"],
      ["policy-rules", "-e", `^${user.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`, "-o", "json"],
      { KUBECONFIG: kubeconfig },
      reps,
    );
    const json = JSON.parse(t.oursOut);
    const mine = await ourTuples(json, user, bindingSubjects);
    const identity = { user, groups: json.identity.groups };
    const entry = {
      user,
      groups: identity.groups,
      ours: t.ours,
      oursRules: mine.size,
      oursDirect: [...mine.values()].filter(Boolean).length,
    };
    if (t.peer) {
      const theirs = peerTuples(JSON.parse(t.peerOut || "[]") ?? [], user);
      const differing = [
        ...[...theirs].filter((k) => !mine.has(k)).map((k) => ({ rule: k, listedBy: "rbac-tool" })),
        ...[...mine].filter(([k, d]) => d && !theirs.has(k)).map(([k]) => ({ rule: k, listedBy: "kube-rbac" })),
      ];
      await mapLimit(differing, 8, async (d) => {
        const allowed = await sarIdentityAllows(admin, identity, tupleRequest(d.rule));
        Object.assign(d, { subjectAccessReview: allowed ? "allowed" : "denied" });
        d.right = (d.listedBy === "kube-rbac") === allowed ? "kube-rbac" : "rbac-tool";
        const [ns, , group] = d.rule.split("|");
        if (d.listedBy === "rbac-tool" && !allowed && group === "url" && ns !== "*")
          d.why = `a non-resource URL through a RoleBinding (namespace ${ns}): only ClusterRoleBindings grant non-resource URLs`;
      });
      Object.assign(entry, { peer: t.peer, peerRules: theirs.size, ratio: t.peer.ms / t.ours.ms, disagreements: differing });
    } else entry.peerError = t.peerError;
    // What we list through the user's groups only (system:authenticated…) is outside rbac-tool's
    // answer: the API server checks it.
    const viaGroups = [...mine].filter(([, d]) => !d).map(([k]) => k);
    let denied = 0;
    await mapLimit(viaGroups, 8, async (k) => void (!(await sarIdentityAllows(admin, identity, tupleRequest(k))) && denied++));
    Object.assign(entry, { oursViaGroups: viaGroups.length, oursViaGroupsDenied: denied });
    out.push(entry);
    log(
      `rbac-tool policy-rules ${user}: ours ${t.ours.ms.toFixed(0)} ms, rbac-tool ${t.peer?.ms.toFixed(0) ?? "-"} ms, disagreements ${entry.disagreements?.length ?? "-"}`,
    );
  }
  return out;
}

/** Both comparisons, or a note when rbac-tool is not built. */
export async function compareRbacTool(server, admin, { questions, users }, reps, log) {
  if (!fs.existsSync(RBAC_TOOL)) return { error: "rbac-tool was not built (bench/build-peers.sh)" };
  return {
    whoCan: await rbacToolWhoCan(server, admin, questions, reps, log),
    policyRules: await rbacToolPolicyRules(server, admin, users, reps, log),
  };
}
