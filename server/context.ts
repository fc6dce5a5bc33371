// What every feature file gets: the connection, the documents/workspace state, the logger, and a way
// to ask for re-validation.
import { Connection } from "vscode-languageserver";
import { Documents } from "./documents";
import { Logger } from "./logger";

export interface ServerContext {
  readonly connection: Connection;
  readonly documents: Documents;
  readonly logger: Logger;
  /** Root folder of the extension (where `docs/` lives), found from the server's own location. */
  readonly extensionRoot: string | undefined;
  /** Re-check open documents (all of them when `uri` is omitted). */
  revalidate(uri?: string): void;
}
