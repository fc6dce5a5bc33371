// Rendered charts and built kustomizations: their findings put back on source lines, and patch files.
export { checkRendered, helmSources, RenderedInput, RenderedResult } from "./rendered";
export { documentsOf, placeFinding, Placed, SourceText } from "./place";
export { absentInPatch, asPatch } from "./patch";
