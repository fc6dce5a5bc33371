// Helm / Jinja / Go templates are not YAML until rendered: one notice for the whole file instead of an
// error flood. Documents that parse cleanly and hold no template expression are still checked.
// Emitted by the runner (support/run.ts); this entry gives the code its severity, title and docs.

import type { Check } from "./context";

export const templatedFile: Check = {
  code: "templated-file",
  defaultSeverity: "information",
  title: "Templated file: only plain documents are checked",
};
