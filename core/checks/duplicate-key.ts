// Duplicate map keys come from the parser (core/parse.ts): kubectl rejects them, and tools that accept
// them keep only one of the values. This entry gives the code its title and docs.

import type { Check } from "./context";

export const duplicateKey: Check = {
  code: "duplicate-key",
  defaultSeverity: "error",
  title: "Duplicate key in a YAML map",
};
