// Plain-English explanations of bindings: who the subjects are as the API server sees them
// (rbac-semantics.md §2.1, §2.4) and what the binding grants where. Pure; never throws.

import { listOrEmpty } from "./lists";
import { BindingObject, describeObject, Subject } from "./model";

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const ENTRA = "a Microsoft Entra ID object id (AKS)";

export function joinAnd(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function describeUser(name: string): string {
  const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(name);
  if (sa) return `user ${name}, i.e. ServiceAccount ${sa[1]}/${sa[2]}`;
  if (name === "system:anonymous") return "user system:anonymous (unauthenticated requests)";
  const node = /^system:node:(.+)$/.exec(name);
  if (node) return `user ${name} (the kubelet of node ${node[1]})`;
  if (GUID.test(name)) return `user ${name} (${ENTRA}: a service principal, managed identity or guest user)`;
  return `user ${name}`;
}

function describeGroupName(name: string): string {
  switch (name) {
    case "system:authenticated":
      return "group system:authenticated (every authenticated identity, including every service account)";
    case "system:unauthenticated":
      return "group system:unauthenticated (anonymous, unauthenticated requests)";
    case "system:serviceaccounts":
      return "group system:serviceaccounts (every service account in every namespace)";
    case "system:masters":
      return "group system:masters (superusers, who bypass RBAC anyway)";
    case "system:nodes":
      return "group system:nodes (every kubelet)";
  }
  const saNs = /^system:serviceaccounts:([^:]+)$/.exec(name);
  if (saNs) return `group ${name} (every service account in namespace ${saNs[1]})`;
  const singular = /^system:serviceaccount:([^:]+)$/.exec(name);
  if (singular) return `group ${name}, which matches nobody (no such group is issued; did you mean system:serviceaccounts:${singular[1]}?)`;
  if (GUID.test(name)) return `group ${name} (${ENTRA})`;
  return `group ${name}`;
}

/** One subject as RBAC matches it, given the binding it appears in. */
export function explainSubject(subject: Subject, binding: Pick<BindingObject, "kind" | "metadata">): string {
  const name = subject?.name ?? "";
  switch (subject?.kind) {
    case "ServiceAccount": {
      const bindingNs = binding.kind === "RoleBinding" ? binding.metadata.namespace : "";
      const ns = subject.namespace || bindingNs;
      if (ns === "") {
        return binding.kind === "ClusterRoleBinding"
          ? `ServiceAccount ${name} without a namespace, which matches nobody (a ClusterRoleBinding must name the namespace)`
          : `ServiceAccount ${name} of the binding's namespace`;
      }
      const defaulted = subject.namespace === "" ? "namespace defaulted from the RoleBinding; " : "";
      return `ServiceAccount ${ns}/${name} (${defaulted}user system:serviceaccount:${ns}:${name}, in groups system:serviceaccounts, system:serviceaccounts:${ns} and system:authenticated)`;
    }
    case "User":
      return describeUser(name) + (subject.namespace ? " (its namespace field is ignored)" : "");
    case "Group":
      return describeGroupName(name) + (subject.namespace ? " (its namespace field is ignored)" : "");
    default:
      return `${subject?.kind || "(no kind)"} ${name}, which matches nobody (not a subject kind)`;
  }
}

function describeGrant(binding: BindingObject): string {
  const ref = binding.roleRef ?? { apiGroup: "", kind: "", name: "" };
  const ns = binding.metadata.namespace;
  const where = ns ? `in namespace ${ns}` : "in the namespace it is created in";
  if (binding.kind === "ClusterRoleBinding") {
    if (ref.kind === "ClusterRole") return `grants ClusterRole ${ref.name} cluster-wide`;
    return `references ${ref.kind || "(no kind)"} ${ref.name}, which a ClusterRoleBinding cannot grant (the API server rejects it)`;
  }
  if (ref.kind === "ClusterRole") return `grants ClusterRole ${ref.name} ${where}`;
  if (ref.kind === "Role") return ns ? `grants Role ${ns}/${ref.name} ${where}` : `grants Role ${ref.name} ${where}`;
  return `references ${ref.kind || "(no kind)"} ${ref.name}, which a RoleBinding cannot grant (the API server rejects it)`;
}

/**
 * "RoleBinding dev/b grants ClusterRole view in namespace dev to: ServiceAccount dev/app (…); group …."
 */
export function explainBinding(binding: BindingObject): string {
  const head = `${describeObject(binding)} ${describeGrant(binding)}`;
  const subjects = listOrEmpty(binding.subjects);
  if (subjects.length === 0) return `${head} to nobody (it has no subjects).`;
  return `${head} to: ${subjects.map((s) => explainSubject(s, binding)).join("; ")}.`;
}
