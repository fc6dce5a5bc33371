// Warm-up: right after start, while nothing else is being checked, the server sends sample RBAC
// documents (samples.ts, from the fixtures in samples.yaml) through a second instance of itself, started
// with startServer on in-memory streams and driven as an editor drives it (never shown, nothing added to
// the server's own workspace). A fresh process runs the parser and the checks several times slower than
// one that has run them a while (V8 has not compiled them yet); the extension starts the server when a
// workspace with YAML files opens, usually well before the user opens one, so the first file opened is
// checked by code V8 has mostly compiled (docs/benchmarks.md: the first 50 KB files after the warm-up
// against those of a cold server). The warm-up steps aside whenever a document waits for its check,
// until the server is idle again, and stops after WARM_UP_DOCUMENTS documents.
import { PassThrough } from "node:stream";
import { Connection, Disposable, PublishDiagnosticsParams } from "vscode-languageserver";
import {
  ContentTypeDecoder,
  Message,
  createConnection,
  createProtocolConnection,
  ProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-languageserver/node";
import { RunningServer, ServerOptions } from "../running-server";
import { sampleFile } from "./samples";
import { serverMessageWriter } from "../wire";

export { sampleFile } from "./samples";

/**
 * The sample files, each opened, edited on one line and closed: the paths a file takes once whatever its
 * size (the open, the incremental edit, the re-check of the file left open, the file-level checks, the
 * diagnostics' assembly and JSON) run this many times, and need as many to be compiled before the first
 * real file; fewer files leaves that compiling to the first files (bench/notes.md).
 */
export const WARM_UP_FILES = 30;
/**
 * Documents per sample file: every sample kind (samples.ts) comes 4 times in each. The paths a document
 * takes run once per document, so most are compiled within the first files; more documents would also
 * compile the few checks left to the first real files, at a cost to the warm-up's time (bench/notes.md).
 */
export const DOCUMENTS_PER_FILE = 64;
export const WARM_UP_DOCUMENTS = WARM_UP_FILES * DOCUMENTS_PER_FILE;

/** The second server's settings: edits checked without a pause. */
const SETTINGS = { diagnostics: { debounceMs: 0 } };
/**
 * Before which file the second server's settings change (WarmUpServer.settingsChanged): the second, so
 * that the checks take that path before V8 compiles them, and their first compiled code has it (a later
 * change throws that code out, and it is compiled again).
 */
const SETTINGS_AT = 1;

const PUBLISH = Buffer.from('{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":');
const DIAGNOSTICS = Buffer.from(',"diagnostics":[');

/**
 * The warm-up's side reads the messages the second server writes. Of a publishDiagnostics it needs the
 * uri alone, so it parses the message's head up to its diagnostics (written by server/wire.ts: the uri
 * first, then the diagnostics); parsing every diagnostic is work an editor does, not the server.
 */
export const publishedUriDecoder: ContentTypeDecoder = {
  name: "application/json",
  decode(buffer) {
    return new Promise((resolve) => {
      const bytes = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
      const head = bytes.subarray(0, PUBLISH.length).equals(PUBLISH) ? bytes.indexOf(DIAGNOSTICS, PUBLISH.length) : -1;
      resolve(JSON.parse(head < 0 ? bytes.toString("utf8") : `${bytes.toString("latin1", 0, head)},"diagnostics":[]}}`) as Message);
    });
  },
};

/** Starts a server on a connection (startServer: passed in by the server that starts the warm-up). */
export type StartServer = (connection: Connection, options: ServerOptions) => RunningServer;

/**
 * The server's own code, started again on in-memory streams and driven as an editor drives it: text
 * synchronisation (TextDocuments and Documents), the chunked parse, a workspace of its own (so role
 * lookups run), the validator with its findings cache and file-level checks, the diagnostics and their
 * JSON. Nothing of it reaches the client or the server's own state.
 */
class WarmUpServer implements Disposable {
  private readonly server: RunningServer;
  private readonly client: ProtocolConnection;
  private readonly waiters = new Map<string, () => void>();
  /** The file opened last (still open: the next file's bindings may name its roles). */
  private previous: string | undefined;

  constructor(start: StartServer, yieldTo: () => Promise<void> | undefined, fail: (e: unknown) => void) {
    const up = new PassThrough();
    const down = new PassThrough();
    // The server writes as it does over stdio (server/wire.ts): the diagnostics' JSON is part of the path.
    this.server = start(createConnection(new StreamMessageReader(up), serverMessageWriter(down)), { background: { yieldTo } });
    this.client = createProtocolConnection(
      new StreamMessageReader(down, { charset: "utf-8", contentTypeDecoder: publishedUriDecoder }),
      new StreamMessageWriter(up),
    );
    this.client.onNotification("textDocument/publishDiagnostics", (p: PublishDiagnosticsParams) => {
      const resolve = this.waiters.get(p.uri);
      this.waiters.delete(p.uri);
      resolve?.();
    });
    // A check that fails in the warm-up would fail for a user's document too.
    this.client.onNotification("window/logMessage", (p: { type: number; message: string }) => {
      if (p.type === 1) fail(new Error(p.message));
    });
    this.client.listen();
  }

  async initialize(): Promise<void> {
    await this.client.sendRequest("initialize", {
      processId: null,
      rootUri: null,
      capabilities: {},
      initializationOptions: { settings: SETTINGS, warmUp: false },
    });
    await this.client.sendNotification("initialized", {});
  }

  /**
   * The same settings again, as a new object: the next checks run under settings they have not seen
   * (core/checks/support/run.ts keeps the checks that are on per settings object), as the server's own
   * first file does, since its settings are not the second server's. Without it, that path is one the
   * compiled checks have never taken, and the first file would drop them back to the interpreter.
   */
  async settingsChanged(): Promise<void> {
    await this.client.sendNotification("workspace/didChangeConfiguration", { settings: { kubeRbac: SETTINGS } });
  }

  /** Opens `text`, edits one line in its middle, and closes the file opened before; each step once its diagnostics are out. */
  async file(uri: string, text: string): Promise<void> {
    await this.checked(uri, () =>
      this.client.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version: 1, text } }),
    );
    const at = text.indexOf("name: ", text.length >> 1) + "name: ".length;
    const lines = text.slice(0, at).split("\n");
    const position = { line: lines.length - 1, character: lines[lines.length - 1].length };
    await this.checked(uri, () =>
      this.client.sendNotification("textDocument/didChange", {
        textDocument: { uri, version: 2 },
        contentChanges: [{ range: { start: position, end: position }, text: "x" }],
      }),
    );
    const previous = this.previous;
    this.previous = uri;
    if (previous)
      await this.checked(previous, () => this.client.sendNotification("textDocument/didClose", { textDocument: { uri: previous } }));
  }

  private async checked(uri: string, send: () => Promise<void>): Promise<void> {
    const published = new Promise<void>((resolve) => this.waiters.set(uri, resolve));
    await send();
    await published;
  }

  dispose(): void {
    this.server.dispose();
    // The streams stay open: a check of the second server may still be writing its last messages, and a
    // write after the end would fail in the server's own connection. Nothing reads them any more; they
    // go with the server.
    this.client.dispose();
    // Once the warm-up is over, nothing waits for diagnostics any more.
    for (const resolve of this.waiters.values()) resolve();
    this.waiters.clear();
  }
}

/**
 * Sends WARM_UP_FILES sample files of DOCUMENTS_PER_FILE documents through a server of its own (WarmUpServer).
 * Each file is opened, edited on one line (the incremental path) and closed after the next one is open.
 *
 * The second server's checks run in small slices and wait whenever `server` is busy (the server's own
 * validator has work), until it is idle again; the warm-up stops when disposed.
 */
export function startWarmUp(
  server: Pick<RunningServer, "busy" | "idle">,
  start: StartServer,
  done: (ms: number) => void,
  failed: (e: unknown) => void,
): Disposable {
  let stopped = false;
  const started = Date.now();
  const fail = (e: unknown) => {
    if (stopped) return;
    stop();
    failed(e);
  };
  const whileBusy = (): Promise<void> | undefined => (server.busy && !stopped ? server.idle().then(() => whileBusy()) : undefined);
  // Let go when stopped: the server keeps the warm-up's disposable for as long as it runs.
  let warmUp: WarmUpServer | undefined = new WarmUpServer(start, whileBusy, fail);
  const run = async () => {
    await warmUp?.initialize();
    for (let f = 0; f < WARM_UP_FILES && warmUp; f++) {
      await whileBusy();
      const n = f * DOCUMENTS_PER_FILE;
      if (f === SETTINGS_AT) await warmUp?.settingsChanged();
      // Every other file begins without a `---`, as files often do: its first document has no marker.
      const text = sampleFile(n, DOCUMENTS_PER_FILE);
      await warmUp?.file(`kube-rbac-warm-up:/sample-${n}.yaml`, f % 2 === 1 ? text.slice("---\n".length) : text);
    }
    if (stopped) return;
    // Let go of the second server first: what it held is garbage by the time `done` is told.
    stop();
    done(Date.now() - started);
  };
  function stop() {
    stopped = true;
    warmUp?.dispose();
    warmUp = undefined;
  }
  run().then(stop, fail);
  return Disposable.create(stop);
}
