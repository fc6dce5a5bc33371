// E003: a Role or RoleBinding namespace must be a DNS-1123 label. A missing namespace is fine (taken
// from the request / kubectl context).

import type { Check } from "./context";
import { isDns1123Label, valueSpan } from "./support/target";

export const invalidNamespace: Check = {
  code: "invalid-namespace",
  defaultSeverity: "error",
  title: "Namespace that is not a valid DNS-1123 label",
  object(t, report) {
    if (t.object.kind !== "Role" && t.object.kind !== "RoleBinding") return;
    const ns = t.object.metadata.namespace;
    if (ns === "" || isDns1123Label(ns)) return;
    const span = valueSpan(t, ["metadata", "namespace"]);
    if (span)
      report(
        span,
        `"${ns}" is not a valid namespace (lower-case letters, digits and "-", at most 63 characters, starting and ending with a letter or digit): the API server rejects the ${t.object.kind}.`,
      );
  },
};
