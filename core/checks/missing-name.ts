// E002 (first half): every RBAC object needs metadata.name (unless generateName is set).

import type { Check } from "./context";
import { anchorSpan, has, node } from "./support/target";

export const missingName: Check = {
  code: "missing-name",
  defaultSeverity: "error",
  title: "RBAC object without metadata.name",
  object(t, report) {
    if (t.object.metadata.name !== "") return;
    const gen = node(t, ["metadata", "generateName"]);
    if (gen !== undefined && gen !== null && has(t, ["metadata", "generateName"])) return;
    report(
      anchorSpan(t, has(t, ["metadata", "name"]) ? ["metadata", "name"] : ["metadata"]),
      `${t.object.kind} has no metadata.name: the API server rejects it ("name or generateName is required").`,
    );
  },
};
