// YAML syntax errors come from the parser (core/parse.ts); this entry gives the code its title and docs.

import type { Check } from "./context";

export const yamlSyntax: Check = {
  code: "yaml-syntax",
  defaultSeverity: "error",
  title: "YAML syntax error",
};
