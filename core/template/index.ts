// Helm templates read in place (no helm needed): see check.ts.
export { checkTemplate, isGoTemplate, TemplateResult } from "./check";
export { maskTemplate, MaskedVariant, Placeholder, UNKNOWN } from "./mask";
