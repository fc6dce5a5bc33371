// The probe set of the suggest comparison: every distinct request of a subject in an audit log, as the
// authorizer saw it, and unlogged variants of each (other verbs, names, namespaces, resources,
// subresources, paths). Each probe is { verb, group, resource, subresource, namespace, name } or
// { verb, path }, with `kind` saying how it was made and `from` the logged request it varies.

import * as fs from "node:fs";
import * as readline from "node:readline";

const VERBS = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];
const UNLOGGED_NAMESPACE = "bench-unlogged";
const UNLOGGED_NAME = "unlogged-name";

/**
 * The request attributes the authorizer saw for an event: a create's name is in the audit event (taken
 * from the created object) but not in the request URL, so the authorizer saw none; a subresource create
 * (serviceaccounts/token, pods/exec) names its object in the URL. A non-resource URL is authorized
 * without its query string. An update or patch answered 201 created its object, and was authorized as a
 * create of that name too.
 */
export function attributesOf(e) {
  if (!e.objectRef) return [{ verb: e.verb, path: e.requestURI.split("?")[0] }];
  const o = e.objectRef;
  const name = e.verb === "create" && !o.subresource ? "" : (o.name ?? "");
  const q = {
    verb: e.verb,
    group: o.apiGroup ?? "",
    resource: o.resource,
    subresource: o.subresource ?? "",
    namespace: o.namespace ?? "",
    name,
  };
  const created = e.responseStatus?.code === 201 && (e.verb === "update" || e.verb === "patch") && name;
  return created ? [q, { ...q, verb: "create", createdBy: e.verb }] : [q];
}

export const probeKey = (q) =>
  q.path !== undefined ? `${q.verb} ${q.path}` : [q.verb, q.group, q.resource, q.subresource, q.namespace, q.name].join("|");

/** A probe as people read it: `get configmaps "settings" in bench-a`, `get /metrics`. */
export function probeText(q) {
  if (q.path !== undefined) return `${q.verb} ${q.path}`;
  const type = `${q.resource}${q.subresource ? `/${q.subresource}` : ""}${q.group ? `.${q.group}` : ""}`;
  return `${q.verb} ${type}${q.name ? ` "${q.name}"` : ""} ${q.namespace ? `in ${q.namespace}` : q.clusterScoped ? "(cluster-scoped)" : "in all namespaces"}`;
}

/** The distinct requests of `username` in a log (streamed: the log may be large), with their event count. */
export async function loggedRequests(file, username) {
  const needle = JSON.stringify(username);
  const seen = new Map();
  const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.includes(needle)) continue;
    const e = JSON.parse(line);
    const user = e.impersonatedUser ?? e.user;
    if (user?.username !== username) continue;
    for (const q of attributesOf(e)) {
      const k = probeKey(q);
      const entry = seen.get(k);
      if (entry) entry.events++;
      else seen.set(k, { ...q, events: 1, uri: e.requestURI });
    }
  }
  return [...seen.values()];
}

/** Whether a resource is cluster-scoped, judged from the log: it was never requested in a namespace. */
function clusterScopedResources(logged) {
  const inNamespace = new Set(
    logged.filter((q) => q.path === undefined && q.namespace && q.resource !== "namespaces").map((q) => q.resource),
  );
  return (q) => q.resource === "namespaces" || !inNamespace.has(q.resource);
}

function variants(q, logged, isClusterScoped) {
  const out = [];
  const add = (kind, over) => out.push({ ...q, ...over, kind, from: probeText(q) });
  if (q.path !== undefined) {
    add("other verb", { verb: "post" });
    add("other path", { path: `${q.path.replace(/\/$/, "")}/unlogged` });
    return out;
  }
  const scoped = isClusterScoped(q);
  for (const verb of VERBS) {
    if (verb === q.verb) continue;
    const collection = verb === "list" || verb === "watch" || verb === "deletecollection" || (verb === "create" && !q.subresource);
    add("other verb", { verb, name: collection ? "" : q.name });
  }
  // A Namespace object's name is also the request's namespace.
  if (q.resource === "namespaces") add("other name", { name: UNLOGGED_NAMESPACE, namespace: UNLOGGED_NAMESPACE, verb: "get" });
  else if (q.name) add("other name", { name: UNLOGGED_NAME });
  else if (q.verb !== "create") add("other name", { name: UNLOGGED_NAME, verb: q.verb === "list" || q.verb === "watch" ? "get" : q.verb });
  if (!scoped && q.resource !== "namespaces") {
    if (q.namespace) add("other namespace", { namespace: UNLOGGED_NAMESPACE });
    if (q.namespace) add("all namespaces", { namespace: "" });
    for (const other of new Set(
      logged.filter((l) => l.namespace && l.namespace !== q.namespace && l.path === undefined).map((l) => l.namespace),
    ))
      add("other namespace", { namespace: other });
  }
  const resource = q.resource === "secrets" ? "configmaps" : "secrets";
  if (!scoped) add("other resource", { resource, group: "", subresource: "" });
  if (q.subresource) add("parent resource", { subresource: "" });
  else add("subresource", { subresource: "status" });
  return out;
}

/** Logged requests, then their variants; each probe once. */
export function probeSet(logged) {
  const isClusterScoped = clusterScopedResources(logged);
  const probes = new Map();
  for (const q of logged) {
    q.clusterScoped = q.path === undefined && isClusterScoped(q); // for probeText of the logged request too
    probes.set(probeKey(q), { ...q, kind: "logged" });
  }
  for (const q of logged)
    for (const v of variants(q, logged, isClusterScoped)) {
      const k = probeKey(v);
      if (!probes.has(k)) probes.set(k, { ...v, clusterScoped: v.path === undefined && isClusterScoped(v) });
    }
  return [...probes.values()];
}
