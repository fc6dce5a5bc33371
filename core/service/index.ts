// The language service: everything an editor needs about RBAC manifests, as plain data (no LSP
// types). Incremental chunked parsing, the workspace model, the YAML context at a caret, completion,
// hover, navigation and symbols. The server maps these results to LSP.

export * from "./chunked-parse";
export * from "./completion";
export * from "./findings-cache";
export * from "./workspace";
export * from "./yaml-context";
export * from "./hover";
export * from "./navigation";
export * from "./symbols";
