// Which checks run on a chunk of a file: the parser's findings plus the core checks, with the
// workspace view and the settings. One place to wire the core checks into the server.
import { checkFile, CheckContext } from "../core/checks/index";
import { Finding } from "../core/model";
import { ParsedFile } from "../core/parse";
import { ChunkChecker } from "../core/service/findings-cache";
import { Documents } from "./documents";

export function checkContext(documents: Documents): CheckContext {
  return { catalog: documents.catalog, workspace: documents.workspace, settings: { severity: documents.settings.severity } };
}

export function chunkChecker(documents: Documents): ChunkChecker {
  const ctx = checkContext(documents);
  // Each chunk (normally one YAML document) is checked as a file of its own: document checks and the
  // runner's suppression comments and severity settings apply as for a whole file.
  return (parsed: ParsedFile): readonly Finding[] => checkFile(parsed, ctx);
}
