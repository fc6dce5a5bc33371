// What a template leaves unchecked until rendered. Helm (Go) templates are read in place
// (core/template), which notes per document what it could not check; Jinja-style files get one notice
// for the whole file from the runner (support/run.ts). This entry gives the code its severity, title and docs.

import type { Check } from "./context";

export const templatedFile: Check = {
  code: "templated-file",
  defaultSeverity: "information",
  title: "Templated file: what is not checked until rendered",
};
