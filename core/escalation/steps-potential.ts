// Steps that are possible but not certain, because RBAC objects do not say which pods run where or which
// legacy token Secrets exist: exec/attach into pods of N (their ServiceAccounts), the kubelet API through
// nodes/proxy (the ServiceAccounts of every pod on the node), and reading the Secrets of N (legacy
// ServiceAccount token Secrets).

import { serviceAccountIdentity } from "../identity";
import { PermissionUse, Principal, resourceRequest } from "./principal";
import { ANY_NAME, describeIdentity, Edge, EscalationStep } from "./step";
import { EscalationWorld } from "./world";

function potentialEdges(world: EscalationWorld, kind: EscalationStep["kind"], ns: string, use: PermissionUse, verb: string): Edge[] {
  return world.serviceAccounts(ns).map((sa) => {
    const next = serviceAccountIdentity(ns, sa);
    return {
      step: { kind, action: `${verb} ServiceAccount ${ns}/${sa}`, uses: [use], becomes: describeIdentity(next), potential: true },
      next: new Principal(next),
    };
  });
}

function namespacesFor(world: EscalationWorld, p: Principal, triples: readonly (readonly [string, string, string])[]): readonly string[] {
  const s = world.scopes(p, triples);
  return s.all ? world.namespaces : s.namespaces.filter((n) => world.namespaces.includes(n));
}

/** pods/exec, pods/attach (create, or get for the websocket upgrade) in N → ServiceAccounts of running pods of N. */
export function execSteps(world: EscalationWorld, p: Principal): Edge[] {
  const out: Edge[] = [];
  const subs = ["exec", "attach"];
  const triples = subs.flatMap((s) => [["create", "", `pods/${s}`] as const, ["get", "", `pods/${s}`] as const]);
  for (const ns of namespacesFor(world, p, triples)) {
    const use = p.allowsAny(
      world.index,
      subs.flatMap((s) => [resourceRequest("create", "", "pods", ns, ANY_NAME, s), resourceRequest("get", "", "pods", ns, ANY_NAME, s)]),
    );
    if (use) out.push(...potentialEdges(world, "exec", ns, use, "exec into a running pod of"));
  }
  return out;
}

/** nodes/proxy (the kubelet API: exec in any pod of the node) → ServiceAccounts of pods on the nodes. */
export function nodeProxySteps(world: EscalationWorld, p: Principal): Edge[] {
  if (
    !world.scopes(p, [
      ["get", "", "nodes/proxy"],
      ["create", "", "nodes/proxy"],
    ]).all
  )
    return [];
  const use = p.allowsAny(world.index, [
    resourceRequest("create", "", "nodes", "", ANY_NAME, "proxy"),
    resourceRequest("get", "", "nodes", "", ANY_NAME, "proxy"),
  ]);
  if (!use) return [];
  return world.namespaces.flatMap((ns) => potentialEdges(world, "node-proxy", ns, use, "use the kubelet API of the node of a pod of"));
}

/** list/watch of secrets in N → legacy ServiceAccount token Secrets of N (their names are random: get alone finds none). */
export function secretSteps(world: EscalationWorld, p: Principal): Edge[] {
  const out: Edge[] = [];
  const verbs = ["list", "watch"];
  for (const ns of namespacesFor(
    world,
    p,
    verbs.map((v) => [v, "", "secrets"] as const),
  )) {
    const use = p.allowsAny(
      world.index,
      verbs.map((v) => resourceRequest(v, "", "secrets", ns)),
    );
    if (use) out.push(...potentialEdges(world, "read-secrets", ns, use, "read a legacy token Secret of"));
  }
  return out;
}
