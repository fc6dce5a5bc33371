// Steps that are possible but not certain, because RBAC objects do not say which pods run where or which
// legacy token Secrets exist: exec/attach into pods of N (their ServiceAccounts), the kubelet API through
// nodes/proxy (the ServiceAccounts of every pod on the node), and reading the Secrets of N (legacy
// ServiceAccount token Secrets).

import { FanOut, serviceAccountEdges } from "./fan-out";
import { Principal, resourceRequest } from "./principal";
import { ANY_NAME, Edge } from "./step";
import { EscalationWorld } from "./world";

const SUBS = ["exec", "attach"];
const NODE_PROXY = [
  ["get", "", "nodes/proxy"],
  ["create", "", "nodes/proxy"],
] as const;

const EXEC_FAN_OUT: FanOut = {
  kind: "exec",
  potential: true,
  triples: SUBS.flatMap((s) => [["create", "", `pods/${s}`] as const, ["get", "", `pods/${s}`] as const]),
  requests: (ns) =>
    SUBS.flatMap((s) => [resourceRequest("create", "", "pods", ns, ANY_NAME, s), resourceRequest("get", "", "pods", ns, ANY_NAME, s)]),
  action: () => "exec into a running pod of ServiceAccount {ns}/{name}",
  perName: false,
};

/** pods/exec, pods/attach (create, or get for the websocket upgrade) in N → ServiceAccounts of running pods of N. */
export function execSteps(world: EscalationWorld, p: Principal): Edge[] {
  return serviceAccountEdges(world, p, EXEC_FAN_OUT);
}

/** nodes/proxy (the kubelet API: exec in any pod of the node) → ServiceAccounts of pods on the nodes. */
export function nodeProxySteps(world: EscalationWorld, p: Principal): Edge[] {
  if (!world.scopes(p, NODE_PROXY).all) return [];
  const use = p.allowsAny(world.index, [
    resourceRequest("create", "", "nodes", "", ANY_NAME, "proxy"),
    resourceRequest("get", "", "nodes", "", ANY_NAME, "proxy"),
  ]);
  if (!use) return [];
  const action = "use the kubelet API of the node of a pod of ServiceAccount {ns}/{name}";
  return [{ step: { kind: "node-proxy", action, uses: [use], becomes: "", potential: true }, next: world.everySaHub() }];
}

const SECRET_FAN_OUT: FanOut = {
  kind: "read-secrets",
  potential: true,
  triples: [
    ["list", "", "secrets"],
    ["watch", "", "secrets"],
  ],
  requests: (ns) => [resourceRequest("list", "", "secrets", ns), resourceRequest("watch", "", "secrets", ns)],
  action: () => "read a legacy token Secret of ServiceAccount {ns}/{name}",
  perName: false,
};

/** list/watch of secrets in N → legacy ServiceAccount token Secrets of N (their names are random: get alone finds none). */
export function secretSteps(world: EscalationWorld, p: Principal): Edge[] {
  return serviceAccountEdges(world, p, SECRET_FAN_OUT);
}
