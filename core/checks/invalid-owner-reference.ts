// E031: metadata.ownerReferences as ValidateOwnerReferences checks them: apiVersion with a version,
// kind, name and uid all set, no core/v1 Event as owner, and at most one controller.

import type { Check } from "./context";
import { anchorSpan, itemSpan, keySpan, plainAt } from "./support/target";

const REQUIRED = ["kind", "name", "uid"] as const;

/** The version of an apiVersion as schema.ParseGroupVersion reads it ("" when it has none or is malformed). */
function versionOf(apiVersion: string): string {
  const parts = apiVersion.split("/");
  if (parts.length > 2) return "";
  return parts.length === 2 ? parts[1]! : parts[0]!;
}

export const invalidOwnerReference: Check = {
  code: "invalid-owner-reference",
  defaultSeverity: "error",
  title: "Owner reference the API server rejects",
  object(t, report) {
    const { value } = plainAt(t, ["metadata", "ownerReferences"]);
    if (!Array.isArray(value)) return;
    const rejected = `the API server rejects the ${t.object.kind}`;
    const controllers: string[] = [];
    value.forEach((ref, i) => {
      if (typeof ref !== "object" || ref === null || Array.isArray(ref)) return;
      const r = ref as Record<string, unknown>;
      const at = (field: string) => {
        const p = ["metadata", "ownerReferences", i, field];
        return plainAt(t, p).found ? keySpan(t, p)! : itemSpan(t, ["metadata"], "ownerReferences", i);
      };
      const apiVersion = typeof r.apiVersion === "string" ? r.apiVersion : "";
      if (versionOf(apiVersion) === "")
        report(at("apiVersion"), `Owner reference ${i + 1}: apiVersion "${apiVersion}" has no version; ${rejected}.`);
      for (const f of REQUIRED)
        if (typeof r[f] !== "string" || r[f] === "") report(at(f), `Owner reference ${i + 1}: ${f} must not be empty; ${rejected}.`);
      if (apiVersion === "v1" && r.kind === "Event")
        report(at("kind"), `Owner reference ${i + 1}: an Event cannot own other objects; ${rejected}.`);
      if (r.controller === true) controllers.push(`${String(r.kind)}/${String(r.name)}`);
    });
    if (controllers.length > 1)
      report(
        keySpan(t, ["metadata", "ownerReferences"]) ?? anchorSpan(t, ["metadata"]),
        `Only one owner reference may have controller: true (${controllers.join(", ")}); ${rejected}.`,
      );
  },
};
