// A language server as its embedder sees it (server/start-server.ts starts one).
import { Disposable } from "vscode-languageserver";

export interface RunningServer extends Disposable {
  /** True while a document waits for its check or is being checked. */
  readonly busy: boolean;
  /** Resolves once every open document has been checked (at once when none waits). */
  idle(): Promise<void>;
}
