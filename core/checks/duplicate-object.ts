// The same object (kind, namespace, name) twice in one file: the second silently replaces the first on apply.

import type { Check } from "./context";
import { describeObject } from "../model";

export const duplicateObject: Check = {
  code: "duplicate-object",
  defaultSeverity: "warning",
  title: "Same object defined twice in one file",
  file({ documents }, report) {
    const seen = new Map<string, number>();
    for (const d of documents) {
      for (const { object } of d.objects) {
        if (object.metadata.name === "" || !object.source) continue;
        const key = `${object.kind}\u0000${object.metadata.namespace}\u0000${object.metadata.name}`;
        const line = seen.get(key);
        if (line === undefined) { seen.set(key, d.index); continue; }
        const span = object.source.valueSpan(["metadata", "name"]);
        if (span) report(span, `${describeObject(object)} is already defined in document ${line + 1} of this file: applying the file keeps only the last one.`);
      }
    }
  },
};
