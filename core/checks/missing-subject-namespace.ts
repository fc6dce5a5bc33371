// E020: a ServiceAccount subject of a ClusterRoleBinding needs a namespace (a RoleBinding defaults it).

import type { Check, Fix } from "./context";
import { anchorSpan, subjectsOf, valueSpan } from "./support/target";
import { insertMapEntry, pairOf, yamlString } from "./support/yaml";

export const missingSubjectNamespace: Check = {
  code: "missing-subject-namespace",
  defaultSeverity: "error",
  title: "ServiceAccount subject without namespace in a ClusterRoleBinding",
  object(t, report) {
    if (t.object.kind !== "ClusterRoleBinding") return;
    for (const s of subjectsOf(t)) {
      if (s.subject.kind !== "ServiceAccount" || s.subject.namespace !== "") continue;
      const fixes: Fix[] = [];
      const ns = t.object.metadata.namespace || "default";
      if (s.node && !pairOf(t.yaml, s.node, "namespace")) {
        const edit = insertMapEntry(t.file.text, s.node, "namespace", yamlString(ns));
        if (edit) fixes.push({ title: `Add namespace: ${ns}`, edits: [edit] });
      }
      const span = valueSpan(t, [...s.path, "name"]) ?? anchorSpan(t, [...s.path, "namespace"]);
      report(
        span,
        `ServiceAccount subject "${s.subject.name}" has no namespace: a ClusterRoleBinding cannot default it, so the API server rejects the binding ("subjects[${s.index}].namespace: Required value").`,
        { fixes },
      );
    }
  },
};
