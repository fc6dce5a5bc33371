// The same object (kind, namespace, name) twice in one file: the second silently replaces the first on apply.

import type { Check } from "./context";
import { describeObject, RbacObject } from "../model";

/** What makes two objects the same one for the API server; undefined for objects the check ignores. */
export function duplicateObjectKey(object: RbacObject): string | undefined {
  if (object.metadata.name === "" || !object.source) return undefined;
  return `${object.kind}\u0000${object.metadata.namespace}\u0000${object.metadata.name}`;
}

export function duplicateObjectMessage(object: RbacObject, firstDocIndex: number): string {
  return `${describeObject(object)} is already defined in document ${firstDocIndex + 1} of this file: applying the file keeps only the last one.`;
}

// The language server keeps the same findings chunk by chunk (core/service/file-level.ts), with these two functions.
export const duplicateObject: Check = {
  code: "duplicate-object",
  defaultSeverity: "warning",
  title: "Same object defined twice in one file",
  file({ documents }, report) {
    const seen = new Map<string, number>();
    for (const d of documents) {
      for (const { object } of d.objects) {
        const key = duplicateObjectKey(object);
        if (key === undefined) continue;
        const first = seen.get(key);
        if (first === undefined) {
          seen.set(key, d.index);
          continue;
        }
        const span = object.source!.valueSpan(["metadata", "name"]);
        if (span) report(span, duplicateObjectMessage(object, first));
      }
    }
  },
};
