// What every feature file gets: the connection, the server's state (settings, catalog), the documents and
// workspace, the check pipeline, the logger, and a way to ask for re-validation.
import { Connection } from "vscode-languageserver";
import { CheckService } from "../core/service/check-service";
import { Documents } from "./documents";
import type { AuditLogs } from "./audit-logs";
import { Logger } from "./logger";
import type { RenderScheduler } from "./render-scheduler";
import { ServerState } from "./server-state";

export interface ServerContext {
  readonly connection: Connection;
  readonly state: ServerState;
  readonly documents: Documents;
  readonly checks: CheckService;
  readonly logger: Logger;
  /** Root folder of the extension (where `docs/` lives), found from the server's own location. */
  readonly extensionRoot: string | undefined;
  /** Renders the workspace's charts and kustomizations (absent in the start-up warm-up's private context). */
  readonly renders?: RenderScheduler;
  /** The audit logs the workspace names (the unused-grant hints); absent where nothing reads them. */
  readonly audit?: AuditLogs;
  /** Re-check open documents (all of them when `uri` is omitted). */
  revalidate(uri?: string): void;
}
