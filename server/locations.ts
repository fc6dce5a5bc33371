// Language-service targets → LSP locations (workspace files, or read-only cluster documents).
import { Location, Range } from "vscode-languageserver";
import { Target } from "../core/service/navigation";
import { clusterObjectUri } from "../protocol/index";
import { Documents } from "./documents";
import { toRange } from "./ranges";

export function toLocation(documents: Documents, t: Target, selection = false): Location | undefined {
  if (t.kind === "cluster") return { uri: clusterObjectUri(t.objectKind, t.namespace, t.name), range: Range.create(1, 0, 1, 0) };
  const doc = documents.get(t.file);
  if (!doc) return undefined;
  return { uri: t.file, range: toRange(doc, selection ? t.selection : t.span) };
}
