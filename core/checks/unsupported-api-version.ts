// E001: RBAC kinds are only served as rbac.authorization.k8s.io/v1 (v1beta1 / v1alpha1 were removed in v1.22).

import { RBAC_API_VERSION, RBAC_GROUP } from "../model";
import { RBAC_KINDS } from "../defaulting";
import type { Check } from "./context";
import { nodeAt, pairOf, spanOf } from "./support/yaml";

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export const unsupportedApiVersion: Check = {
  code: "unsupported-api-version",
  defaultSeverity: "error",
  title: "RBAC object with an API version the API server does not serve",
  document({ file, doc }, report) {
    const v = doc.value;
    if (!isMap(v)) return;
    // `kind: List`, `RoleList`, and a bare `items:` document (no apiVersion/kind) all carry objects in items.
    const listy = Array.isArray(v.items) && (typeof v.kind !== "string" || v.kind.endsWith("List"));
    const entries: { value: unknown; prefix: (string | number)[] }[] = listy
      ? (v.items as unknown[]).map((value, i) => ({ value, prefix: ["items", i] }))
      : [{ value: v, prefix: [] }];
    let missing = 0;
    for (const { value, prefix } of entries) {
      if (!isMap(value) || typeof value.kind !== "string" || !RBAC_KINDS.has(value.kind)) continue;
      const av = value.apiVersion;
      if (av === RBAC_API_VERSION) continue;
      if (typeof av === "string" && av !== "v1" && !av.startsWith(RBAC_GROUP + "/")) continue; // another API's kind of that name (e.g. OpenShift's)
      const objNode = nodeAt(doc.yaml, doc.yaml.contents, prefix);
      const avPair = pairOf(doc.yaml, objNode, "apiVersion");
      const kindPair = pairOf(doc.yaml, objNode, "kind");
      const span = spanOf(file.text, avPair?.value ?? kindPair?.value ?? objNode);
      if (!span) continue;
      if (typeof av !== "string" || av === "") {
        // One finding per document: a catalogue of 40 objects without apiVersion is one mistake, not 40.
        if (missing++ > 0) continue;
        const others =
          entries.filter(
            (e) =>
              isMap(e.value) &&
              typeof e.value.kind === "string" &&
              RBAC_KINDS.has(e.value.kind) &&
              (typeof e.value.apiVersion !== "string" || e.value.apiVersion === ""),
          ).length - 1;
        report(
          span,
          `${value.kind} has no apiVersion${others > 0 ? ` (nor do ${others} more objects in this document)` : ""}: the API server cannot decode it. Use \`apiVersion: ${RBAC_API_VERSION}\`.`,
        );
        continue;
      }
      const why = av.startsWith(RBAC_GROUP + "/")
        ? `${av} is no longer served (removed in Kubernetes 1.22)`
        : `\`${av}\` does not serve ${value.kind}`;
      report(span, `${why}: the API server rejects this ${value.kind} with "no matches for kind". Use ${RBAC_API_VERSION}.`, {
        fixes: avPair?.value ? [{ title: `Use ${RBAC_API_VERSION}`, edits: [{ span, newText: RBAC_API_VERSION }] }] : undefined,
      });
    }
  },
};
