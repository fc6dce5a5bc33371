// Namespace on a ClusterRole / ClusterRoleBinding: the API server clears it silently.

import type { Check } from "./context";
import { node, valueSpan } from "./support/target";
import { isScalar } from "yaml";

export const clusterScopedNamespace: Check = {
  code: "cluster-scoped-namespace",
  defaultSeverity: "warning",
  title: "namespace on a cluster-scoped object",
  object(t, report) {
    if (t.object.kind !== "ClusterRole" && t.object.kind !== "ClusterRoleBinding") return;
    const n = node(t, ["metadata", "namespace"]);
    if (!isScalar(n) || n.value === null || n.value === "") return;
    const span = valueSpan(t, ["metadata", "namespace"]);
    if (span) report(span, `A ${t.object.kind} is cluster-scoped: the API server drops this namespace${t.object.kind === "ClusterRoleBinding" ? ", and the binding applies in every namespace" : ""}.`);
  },
};
