// Warm-up: right after start, while nothing else is being checked, the server sends generated RBAC
// documents (server/warm-up-fixtures.ts) through a private copy of its own path (never shown, never
// added to the workspace). A fresh process runs the parser and the checks several times slower than one
// that has run them a while (V8 has not compiled them yet); the extension starts the server when a
// workspace with YAML files opens, usually well before the user opens one, so the first file opened is
// checked by code V8 has mostly compiled (docs/benchmarks.md: the first 50 KB files after the warm-up
// against those of a cold server). The warm-up steps aside whenever a document waits for its check,
// until the server is idle again, and stops after WARM_UP_DOCUMENTS documents.
//
// Why a private copy rather than a second server started with startServer on in-memory streams: that was
// tried, and made the warm-up longer and the files opened after it slower (bench/notes.md); the copy
// shares every part of the path but the transport.
import {
  Connection,
  DidChangeTextDocumentParams,
  DidCloseTextDocumentParams,
  DidOpenTextDocumentParams,
  Disposable,
  NotificationMessage,
  PublishDiagnosticsParams,
} from "vscode-languageserver";
import { CheckService } from "../core/service/check-service";
import { ServerContext } from "./context";
import { Documents } from "./documents";
import { registerDiagnostics, Validator } from "./features/diagnostics";
import { Logger } from "./logger";
import { RunningServer } from "./running-server";
import { ServerState } from "./server-state";
import { Settings } from "./settings";
import { sampleFile } from "./warm-up-fixtures";
import { encodeMessage } from "./wire";

export { sampleFile } from "./warm-up-fixtures";

export const WARM_UP_DOCUMENTS = 3000;

/** What the private copy of the server's path needs of a connection: documents come in, diagnostics go out as JSON, nothing is shown. */
class SilentConnection {
  private readonly handlers = new Map<string, (params: never) => void>();
  private readonly waiters = new Map<string, () => void>();
  /** Once the warm-up is over, nothing waits for diagnostics any more. */
  private released = false;

  constructor(private readonly failed: (e: unknown) => void) {}

  readonly console = {
    error: (message: string) => this.failed(new Error(message)),
    warn: () => undefined,
    info: () => undefined,
    log: () => undefined,
  };
  readonly window = {
    createWorkDoneProgress: () => Promise.resolve({ begin: () => undefined, report: () => undefined, done: () => undefined }),
  };

  /** The editor's side of text synchronisation: TextDocuments registers here, the warm-up calls `send`. */
  private on(method: string) {
    return (handler: (params: never) => void) => {
      this.handlers.set(method, handler);
      return Disposable.create(() => this.handlers.delete(method));
    };
  }
  onDidOpenTextDocument = this.on("didOpen");
  onDidChangeTextDocument = this.on("didChange");
  onDidCloseTextDocument = this.on("didClose");
  onWillSaveTextDocument = this.on("willSave");
  onWillSaveTextDocumentWaitUntil = this.on("willSaveWaitUntil");
  onDidSaveTextDocument = this.on("didSave");

  send(method: "didOpen", params: DidOpenTextDocumentParams): void;
  send(method: "didChange", params: DidChangeTextDocumentParams): void;
  send(method: "didClose", params: DidCloseTextDocumentParams): void;
  send(method: string, params: unknown): void {
    this.handlers.get(method)?.(params as never);
  }

  /** Resolves when diagnostics for `uri` are published, or once `release` is called. */
  published(uri: string): Promise<void> {
    if (this.released) return Promise.resolve();
    return new Promise((resolve) => this.waiters.set(uri, resolve));
  }

  release(): void {
    this.released = true;
    for (const resolve of this.waiters.values()) resolve();
    this.waiters.clear();
  }

  sendDiagnostics(params: PublishDiagnosticsParams): Promise<void> {
    // The diagnostics' JSON, as the server's writer makes it.
    encodeMessage({ jsonrpc: "2.0", method: "textDocument/publishDiagnostics", params } as NotificationMessage);
    const resolve = this.waiters.get(params.uri);
    this.waiters.delete(params.uri);
    resolve?.();
    return Promise.resolve();
  }

  sendNotification(): Promise<void> {
    return Promise.resolve();
  }
}

/** A private copy of the path a document takes in the server, from the editor's messages to the diagnostics' JSON. */
class Pipeline implements Disposable {
  private readonly connection: SilentConnection;
  private readonly subs: Disposable[];
  /** The file opened last (still open: the next file's bindings may name its roles). */
  private previous: string | undefined;

  constructor(yieldTo: () => Promise<void> | undefined, fail: (e: unknown) => void) {
    this.connection = new SilentConnection(fail);
    // The part of a connection the documents, the validator and the logger use.
    const connection = this.connection as unknown as Connection;
    const state = new ServerState({ ...Settings.defaults, debounceMs: 0 });
    const checks = new CheckService();
    const documents = new Documents(state, checks);
    const ctx: ServerContext = {
      connection,
      state,
      documents,
      checks,
      logger: new Logger(connection),
      extensionRoot: undefined,
      revalidate: () => undefined,
    };
    // Every check in the background: small slices, yielding to the server's own.
    this.subs = [documents.open.listen(connection), registerDiagnostics(ctx, new Validator(ctx, yieldTo), true)];
  }

  /** Opens `text`, edits one line in its middle, and closes the file opened before; each step once its diagnostics are out. */
  async file(uri: string, text: string): Promise<void> {
    await this.checked(uri, () => this.connection.send("didOpen", { textDocument: { uri, languageId: "yaml", version: 1, text } }));
    const at = text.indexOf("name: ", text.length >> 1) + "name: ".length;
    const lines = text.slice(0, at).split("\n");
    const position = { line: lines.length - 1, character: lines[lines.length - 1].length };
    await this.checked(uri, () =>
      this.connection.send("didChange", {
        textDocument: { uri, version: 2 },
        contentChanges: [{ range: { start: position, end: position }, text: "x" }],
      }),
    );
    const previous = this.previous;
    this.previous = uri;
    if (previous) await this.checked(previous, () => this.connection.send("didClose", { textDocument: { uri: previous } }));
  }

  private async checked(uri: string, send: () => void): Promise<void> {
    const published = this.connection.published(uri);
    send();
    await published;
  }

  dispose(): void {
    // (Disposing the diagnostics' registration disposes the validator.)
    for (const s of this.subs) s.dispose();
    this.connection.release();
  }
}

/**
 * Sends WARM_UP_DOCUMENTS generated documents, as files of 100, through a private copy of the path a
 * document takes in the server: text synchronisation (TextDocuments and Documents), the chunked parse,
 * a workspace of its own (so role lookups run), the validator with its findings cache and file-level
 * checks, the diagnostics and their JSON. Each file is opened, edited on one line (the incremental
 * path) and closed after the next one is open. Nothing reaches the client or the server's own state.
 *
 * The private checks run in small slices and wait whenever `server` is busy (the server's own validator
 * has work), until it is idle again; the warm-up stops when disposed.
 */
export function startWarmUp(
  server: Pick<RunningServer, "busy" | "idle">,
  done: (ms: number) => void,
  failed: (e: unknown) => void,
): Disposable {
  let stopped = false;
  const started = Date.now();
  // A check that fails in the warm-up would fail for a user's document too: reported, and the warm-up ends.
  const fail = (e: unknown) => {
    if (stopped) return;
    stop();
    failed(e);
  };
  const whileBusy = (): Promise<void> | undefined => (server.busy && !stopped ? server.idle().then(() => whileBusy()) : undefined);
  // Let go when stopped: the server keeps the warm-up's disposable for as long as it runs.
  let pipeline: Pipeline | undefined = new Pipeline(whileBusy, fail);
  const run = async () => {
    const perFile = 100;
    await new Promise<void>((resolve) => setImmediate(resolve));
    for (let n = 0; n < WARM_UP_DOCUMENTS && pipeline; n += perFile) {
      await whileBusy();
      await pipeline?.file(`kube-rbac-warm-up:/sample-${n}.yaml`, sampleFile(n, perFile));
    }
    if (stopped) return;
    // Let go of the private copy first: what it held is garbage by the time `done` is told.
    stop();
    done(Date.now() - started);
  };
  function stop() {
    stopped = true;
    pipeline?.dispose();
    pipeline = undefined;
  }
  run().then(stop, fail);
  return Disposable.create(stop);
}
