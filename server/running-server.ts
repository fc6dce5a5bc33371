// A language server as its embedder sees it (server/start-server.ts starts one).
import { Disposable } from "vscode-languageserver";

export interface ServerOptions {
  /**
   * A server in the background of another (the start-up warm-up's): every check runs as a background
   * re-check does, in small slices, waiting between slices on `yieldTo`; no idle collection, no warm-up,
   * no re-checks of the open documents when one closes or a setting changes (`revalidate`).
   */
  readonly background?: { readonly yieldTo: () => Promise<void> | undefined };
}

export interface RunningServer extends Disposable {
  /** True while a document waits for its check or is being checked. */
  readonly busy: boolean;
  /** Resolves once every open document has been checked (at once when none waits). */
  idle(): Promise<void>;
}
