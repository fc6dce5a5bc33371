// Every difference between kube-rbac suggest's and audit2rbac's allow-sets, with the reason for it, from
// what each tool does with the logged requests. audit2rbac's behaviour (its defaults, as the benchmark
// runs it): it adds verbs to the logged ones (watch → get, list; list → get, watch; update → get, patch;
// patch → get, update); a request logged in two or more namespaces is granted in every namespace
// (--expand-multi-namespace) and one logged on two or more names on every name (--expand-multi-name);
// it drops the name of every create, a subresource create's too; it writes a non-resource URL's query
// string into the rule; it generates nothing for the paths of its built-in copy of the discovery role.

import { probeKey, probeText } from "./audit-probes.mjs";

const EXPANSIONS = { watch: ["get", "list"], list: ["get", "watch"], update: ["get", "patch"], patch: ["get", "update"] };
const PEER_DISCOVERY = [/^\/healthz$/, /^\/version$/, /^\/swagger/, /^\/openapi/, /^\/api/];

const sameType = (a, b) => a.path === undefined && a.group === b.group && a.resource === b.resource && a.subresource === b.subresource;
const covers = (loggedVerb, verb) => loggedVerb === verb || (EXPANSIONS[loggedVerb] ?? []).includes(verb);

/**
 * audit2rbac's grant for one logged request: its namespace is dropped when another request of the same
 * exact verb and type was logged in another namespace, its name when one was logged on another name (in
 * any namespace), or when it is a create; the verb expansion then widens the rule.
 */
function peerGrant(c, logged) {
  const peers = logged.filter((l) => !l.createdBy && sameType(l, c) && l.verb === c.verb);
  const nsExpanded = c.namespace !== "" && peers.some((l) => l.namespace !== "" && l.namespace !== c.namespace);
  const nameExpanded = c.name !== "" && (c.verb === "create" || peers.some((l) => l.name !== "" && l.name !== c.name));
  return { ...c, nsExpanded, nameExpanded, namespace: nsExpanded ? "" : c.namespace, name: nameExpanded ? "" : c.name };
}

/** Why audit2rbac allows a probe that kube-rbac does not: the expansions that reach it from a logged request. */
function whyPeerOnly(p, logged) {
  const grants = logged
    .filter((c) => !c.createdBy && sameType(c, p) && covers(c.verb, p.verb)) // audit2rbac never sees a create-on-update
    .map((c) => ({ from: c, g: peerGrant(c, logged) }))
    .filter(({ g }) => (g.namespace === "" || g.namespace === p.namespace) && (g.name === "" || g.name === p.name));
  const steps = ({ from, g }) => [
    ...(from.verb !== p.verb ? [`verb expansion (${from.verb} adds ${p.verb})`] : []),
    ...(from.namespace !== p.namespace && g.nsExpanded ? ["--expand-multi-namespace (logged in several namespaces, granted in all)"] : []),
    ...(from.name !== p.name && g.nameExpanded
      ? [
          from.verb === "create"
            ? "audit2rbac drops the name of every create, a subresource create's too"
            : "--expand-multi-name (logged on several names, granted on all)",
        ]
      : []),
  ];
  const best = grants.map((x) => ({ ...x, steps: steps(x) })).sort((a, b) => a.steps.length - b.steps.length)[0];
  if (!best) return "not explained by audit2rbac's documented behaviour (see the objects it generated)";
  return `${best.steps.join(" + ") || "same as the logged request"}: from ${probeText(best.from)}`;
}

/** Why kube-rbac allows a probe that audit2rbac does not. */
function whyOursOnly(p, logged) {
  if (p.path !== undefined) {
    const raw = logged.find((l) => l.path === p.path && l.uri !== p.path && l.uri?.includes("?"));
    if (p.kind === "logged" && raw)
      return `audit2rbac writes the request URI with its query string (${raw.uri}) as the nonResourceURL, which no request matches: the authorizer sees ${p.path}`;
    if (p.kind === "logged" && PEER_DISCOVERY.some((re) => re.test(p.path)))
      return "audit2rbac treats the path as granted by its built-in discovery role (/api*, /openapi*, /swagger*, /healthz, /version) and generates nothing; the API server's discovery roles do not grant it";
    return "kube-rbac grants more than the logged path";
  }
  const created = logged.find((l) => l.createdBy && probeKey(l) === probeKey(p));
  if (p.kind === "logged" && created)
    return `the ${created.createdBy} was answered 201: it created the object, which the API server authorizes as a create of that name too; audit2rbac grants the ${created.createdBy} only`;
  if (p.kind === "logged") return "audit2rbac does not cover this logged request";
  return "kube-rbac grants more than the logged request";
}

/**
 * Whether allowing a probe follows from allowing the logged requests, with nothing more: a logged request of
 * the same verb and type, in its namespace or across all of them, on its name or on every name.
 */
function implied(p, logged) {
  if (p.path !== undefined) return logged.some((l) => l.path === p.path && l.verb === p.verb);
  return logged.some(
    (l) =>
      sameType(l, p) && l.verb === p.verb && (l.namespace === "" || l.namespace === p.namespace) && (l.name === "" || l.name === p.name),
  );
}

/**
 * The comparison's summary: counts, the logged requests a tool does not allow (coverage gaps), and every
 * probe the two tools answer differently, with the reason.
 */
export function summarize(probes, answers, logged) {
  const allowed = { none: 0, ours: 0, audit2rbac: 0 };
  const gaps = { ours: [], audit2rbac: [] };
  const beyond = { ours: [], audit2rbac: [] }; // allowed, not by the groups alone, and not implied by the log
  const differences = [];
  const kinds = {};
  for (const p of probes) {
    const a = answers.get(probeKey(p));
    kinds[p.kind] = (kinds[p.kind] ?? 0) + 1;
    for (const t of Object.keys(allowed)) if (a[t]) allowed[t]++;
    if (p.kind === "logged") for (const t of ["ours", "audit2rbac"]) if (!a[t]) gaps[t].push(probeText(p));
    if (p.kind !== "logged" && !a.none && !implied(p, logged))
      for (const t of ["ours", "audit2rbac"]) if (a[t]) beyond[t].push(probeText(p));
    if (a.ours === a.audit2rbac) continue;
    differences.push({
      request: probeText(p),
      kind: p.kind,
      ...(p.kind === "logged" ? {} : { from: p.from }),
      allowedBy: a.ours ? "kube-rbac" : "audit2rbac",
      why: a.ours ? whyOursOnly(p, logged) : whyPeerOnly(p, logged),
    });
  }
  const byReason = {};
  for (const d of differences) {
    const reason = `${d.allowedBy} only: ${d.why.replace(/: from .*$/, "").replace(/ \(.*?\)/g, "")}`;
    byReason[reason] = (byReason[reason] ?? 0) + 1;
  }
  return { probes: probes.length, logged: logged.length, kinds, allowed, gaps, beyond, differences, byReason };
}
