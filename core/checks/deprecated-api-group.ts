// W080: the extensions group no longer serves workloads, ingresses or network policies (removed v1.16–v1.22).

import type { Check } from "./context";
import { rulesOf, valueSpan } from "./support/target";

export const deprecatedApiGroup: Check = {
  code: "deprecated-api-group",
  defaultSeverity: "information",
  title: "Legacy extensions API group",
  object(t, report) {
    for (const r of rulesOf(t)) {
      r.rule.apiGroups.forEach((g, i) => {
        if (g !== "extensions") return;
        const span = valueSpan(t, [...r.path, "apiGroups", i]);
        if (span)
          report(
            span,
            `The "extensions" group no longer serves deployments, daemonsets, replicasets, ingresses or networkpolicies (removed in Kubernetes 1.16–1.22): use apps / networking.k8s.io. Harmless, but grants nothing on a current cluster.`,
          );
      });
    }
  },
};
