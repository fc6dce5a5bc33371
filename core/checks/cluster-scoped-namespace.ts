// Namespace on a ClusterRole / ClusterRoleBinding: the API server clears it silently.

import type { Check } from "./context";
import { plainAt, valueSpan } from "./support/target";

export const clusterScopedNamespace: Check = {
  code: "cluster-scoped-namespace",
  defaultSeverity: "warning",
  title: "namespace on a cluster-scoped object",
  object(t, report) {
    if (t.object.kind !== "ClusterRole" && t.object.kind !== "ClusterRoleBinding") return;
    // Read from the plain value: the YAML AST is only built when there is something to report.
    const { value } = plainAt(t, ["metadata", "namespace"]);
    if (value === null || value === undefined || value === "" || typeof value === "object") return;
    const span = valueSpan(t, ["metadata", "namespace"]);
    if (span)
      report(
        span,
        `A ${t.object.kind} is cluster-scoped: the API server drops this namespace${t.object.kind === "ClusterRoleBinding" ? ", and the binding applies in every namespace" : ""}.`,
      );
  },
};
