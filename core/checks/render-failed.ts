// A chart that helm cannot render, or a kustomization that kustomize cannot build: one finding with the
// tool's message, on the failing template's line when the message names one, else on Chart.yaml or the
// kustomization file. A warning, not an error: the RBAC may be right (many charts need a value set before
// they render); it could only not be checked as rendered. Emitted where charts are rendered
// (render/findings.ts, for the command line and the editor); this entry gives the code its severity, title and docs.

import type { Check } from "./context";

export const renderFailed: Check = {
  code: "render-failed",
  defaultSeverity: "warning",
  title: "Chart or kustomization that cannot be rendered",
};
