// A synthetic audit log for the suggest benchmark: `audit.k8s.io/v1` events, one JSON object a line, shaped
// like the test API server's Metadata-level events (the same fields in the same order), generated
// deterministically from a seed. Many subjects (service accounts and users) share the log; each has its
// own fixed set of request shapes (verb, resource, subresource, namespaces, names), so one subject's
// distinct requests stay few while its events are many, as in a real cluster. Long-running requests
// (watch, exec, a followed log) get a ResponseStarted and a ResponseComplete event, as the server writes.

import * as fs from "node:fs";
import * as path from "node:path";
import { rng } from "../../out/test/support/random-world.js";

/** The subject the comparison asks about: a service account with about a tenth of the events. */
export const SYNTHETIC_SUBJECT = { namespace: "apps", name: "deployer" };
export const SYNTHETIC_USER = `system:serviceaccount:${SYNTHETIC_SUBJECT.namespace}:${SYNTHETIC_SUBJECT.name}`;

/** Changes whenever the generator's output does: a cached log of another generator is written again. */
const GENERATOR = 2;

// [group, resource, namespaced, verbs, subresources (subresource: verbs)]
const RESOURCES = [
  ["", "pods", true, ["get", "list", "watch", "delete"], { log: ["get"], exec: ["create"], status: ["get", "patch"] }],
  ["", "configmaps", true, ["get", "list", "watch", "create", "update", "patch", "delete"], {}],
  ["", "secrets", true, ["get", "list", "watch"], {}],
  ["", "services", true, ["get", "list", "create", "update"], {}],
  ["", "serviceaccounts", true, ["get", "list"], { token: ["create"] }],
  ["", "events", true, ["create", "patch", "list"], {}],
  ["apps", "deployments", true, ["get", "list", "watch", "create", "update", "patch", "delete"], { scale: ["get", "update", "patch"] }],
  ["apps", "replicasets", true, ["get", "list", "watch", "delete"], {}],
  ["batch", "jobs", true, ["get", "list", "create", "delete", "deletecollection"], { status: ["get"] }],
  ["batch", "cronjobs", true, ["get", "list", "update"], {}],
  ["coordination.k8s.io", "leases", true, ["get", "create", "update"], {}],
  ["networking.k8s.io", "ingresses", true, ["get", "list", "watch"], { status: ["update"] }],
  ["example.com", "widgets", true, ["get", "list", "watch", "patch"], {}],
  ["", "namespaces", false, ["get", "list", "watch"], {}],
  ["", "nodes", false, ["get", "list", "watch"], { status: ["patch"] }],
  ["", "persistentvolumes", false, ["get", "list"], {}],
  ["rbac.authorization.k8s.io", "clusterroles", false, ["get", "list"], {}],
  ["apiextensions.k8s.io", "customresourcedefinitions", false, ["get", "list", "watch"], {}],
];
const PATHS = [
  "/metrics",
  "/healthz",
  "/version",
  "/api",
  "/apis/apps/v1",
  "/openapi/v2",
  "/logs/kube-apiserver.log",
  "/livez?verbose",
  "/metrics/slis?format=text",
];
export const SYNTHETIC_NAMESPACES = Array.from({ length: 12 }, (_, i) => `team-${String.fromCharCode(97 + i)}`).concat([
  "apps",
  "kube-system",
]);
const NAMES = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"];

const pick = (r, list) => list[Math.floor(r() * list.length)];
const LONG_RUNNING = (verb, sub, query) => verb === "watch" || sub === "exec" || (sub === "log" && query);

/** One shape: the fixed parts of a request; each event draws a namespace and a name from its pools. */
function makeShape(r) {
  if (r() < 0.06) return { path: pick(r, PATHS), verb: "get" };
  const [group, resource, namespaced, verbs, subs] = pick(r, RESOURCES);
  const subNames = Object.keys(subs);
  const sub = subNames.length && r() < 0.25 ? pick(r, subNames) : "";
  const verb = pick(r, sub ? subs[sub] : verbs);
  const named = sub !== "" || ["get", "update", "patch", "delete", "create"].includes(verb);
  const nsCount = r() < 0.6 ? 1 : r() < 0.7 ? 2 : 3;
  const namespaces = namespaced ? Array.from({ length: nsCount }, () => pick(r, SYNTHETIC_NAMESPACES)) : [""];
  if (namespaced && r() < 0.05 && (verb === "list" || verb === "watch")) namespaces.push(""); // across all namespaces
  const names = named ? Array.from({ length: r() < 0.6 ? 1 : 2 }, () => pick(r, NAMES)) : [""];
  return {
    group,
    resource,
    sub,
    verb,
    namespaces: [...new Set(namespaces)],
    names: [...new Set(names)],
    follow: sub === "log" && r() < 0.3,
  };
}

/** Subjects: 30 service accounts and 10 users, the benchmark's subject first; each with its shapes. */
function makeSubjects(r) {
  const subjects = [{ username: SYNTHETIC_USER, weight: 0.1, shapes: 60 }];
  for (let i = 0; i < 30; i++) {
    const ns = pick(r, SYNTHETIC_NAMESPACES);
    subjects.push({ username: `system:serviceaccount:${ns}:controller-${i}`, weight: 0.75 / 30, shapes: 8 + Math.floor(r() * 30) });
  }
  for (let i = 0; i < 10; i++) subjects.push({ username: `user-${i}@example.com`, weight: 0.15 / 10, shapes: 5 + Math.floor(r() * 20) });
  for (const s of subjects) s.shapes = Array.from({ length: s.shapes }, () => makeShape(r));
  return subjects;
}

function userOf(username) {
  const sa = /^system:serviceaccount:([^:]+):/.exec(username);
  const groups = sa
    ? ["system:serviceaccounts", `system:serviceaccounts:${sa[1]}`, "system:authenticated"]
    : ["developers", "system:authenticated"];
  return { username, uid: `uid-${username.length}-${username.charCodeAt(username.length - 1)}`, groups };
}

function requestURI(shape, ns, name) {
  if (shape.path) return shape.path;
  const base = shape.group ? `/apis/${shape.group}/v1` : "/api/v1";
  const scope = ns ? `/namespaces/${ns}` : "";
  if (shape.resource === "namespaces" && name) return `${base}/namespaces/${name}`;
  const named = name && shape.verb !== "list" && shape.verb !== "watch" && !(shape.verb === "create" && !shape.sub);
  const query = shape.verb === "watch" ? "?watch=1" : shape.follow ? "?follow=true" : "";
  return `${base}${scope}/${shape.resource}${named ? `/${name}` : ""}${shape.sub ? `/${shape.sub}` : ""}${query}`;
}

/** The event(s) of one request, as JSON lines. */
function eventLines(r, subject, shape, t) {
  const ns = pick(r, shape.namespaces ?? [""]);
  let name = pick(r, shape.names ?? [""]);
  if (shape.resource === "namespaces" && name) name = ns || pick(r, SYNTHETIC_NAMESPACES);
  const nsOfRef = shape.resource === "namespaces" ? name : ns;
  const creates = shape.verb === "create" || ((shape.verb === "update" || shape.verb === "patch") && !shape.sub && r() < 0.05);
  const code = r() < 0.03 ? 403 : creates ? 201 : r() < 0.02 ? 404 : 200;
  const id = `${Math.floor(r() * 0xffffffff)
    .toString(16)
    .padStart(8, "0")}-${(t % 0xffff).toString(16).padStart(4, "0")}-4000-8000-${t.toString(16).padStart(12, "0")}`;
  const at = new Date(Date.UTC(2026, 0, 5) + t * 3).toISOString().replace("Z", "000Z");
  const objectRef = shape.path
    ? undefined
    : {
        resource: shape.resource,
        ...(nsOfRef ? { namespace: nsOfRef } : {}),
        ...(name ? { name } : {}),
        ...(shape.group ? { apiGroup: shape.group } : {}),
        apiVersion: "v1",
        ...(shape.sub ? { subresource: shape.sub } : {}),
      };
  const event = (stage) => ({
    kind: "Event",
    apiVersion: "audit.k8s.io/v1",
    level: "Metadata",
    auditID: id,
    stage,
    requestURI: requestURI(shape, ns, name),
    verb: shape.verb,
    user: { ...userOf(subject.username), extra: { "authentication.kubernetes.io/credential-id": [`JTI=${id}`] } },
    sourceIPs: ["10.0.0.7"],
    userAgent: "controller/v1.2.3 (linux/amd64) kubernetes/abcdef",
    ...(objectRef ? { objectRef } : {}),
    responseStatus: code === 403 ? { metadata: {}, status: "Failure", reason: "Forbidden", code } : { metadata: {}, code },
    requestReceivedTimestamp: at,
    stageTimestamp: at,
    annotations: { "authorization.k8s.io/decision": code === 403 ? "forbid" : "allow", "authorization.k8s.io/reason": "" },
  });
  const stages =
    LONG_RUNNING(shape.verb, shape.sub, shape.follow) && code !== 403 ? ["ResponseStarted", "ResponseComplete"] : ["ResponseComplete"];
  return stages.map((s) => JSON.stringify(event(s)));
}

/**
 * Writes `events` events (requests with two stages count twice) to `file` unless it is already there
 * (the same seed and size always give the same file). Returns { file, events, bytes, subjectEvents }.
 */
export async function writeSyntheticLog(file, { events = 1_000_000, seed = 20240611 } = {}) {
  const meta = `${file}.json`;
  const cached = fs.existsSync(file) && fs.existsSync(meta) ? JSON.parse(fs.readFileSync(meta, "utf8")) : undefined;
  if (cached?.generator === GENERATOR) return { ...cached, file };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const r = rng(seed);
  const subjects = makeSubjects(r);
  const cumulative = [];
  let sum = 0;
  for (const s of subjects) cumulative.push((sum += s.weight));
  const out = fs.createWriteStream(`${file}.part`);
  let written = 0;
  let subjectEvents = 0;
  let chunk = [];
  for (let t = 0; written < events; t++) {
    const x = r() * sum;
    const subject = subjects[cumulative.findIndex((c) => x < c)] ?? subjects[subjects.length - 1];
    const lines = eventLines(r, subject, pick(r, subject.shapes), t).slice(0, events - written);
    written += lines.length;
    if (subject.username === SYNTHETIC_USER) subjectEvents += lines.length;
    chunk.push(...lines);
    if (chunk.length >= 2000) {
      if (!out.write(chunk.join("\n") + "\n")) await new Promise((res) => out.once("drain", res));
      chunk = [];
    }
  }
  if (chunk.length) out.write(chunk.join("\n") + "\n");
  await new Promise((res, rej) => out.end((e) => (e ? rej(e) : res())));
  fs.renameSync(`${file}.part`, file);
  const info = {
    generator: GENERATOR,
    file,
    events: written,
    bytes: fs.statSync(file).size,
    subjectEvents,
    subjects: subjects.length,
    seed,
  };
  fs.writeFileSync(meta, JSON.stringify(info));
  return info;
}
