// A typed LSP test client: the real server (startServer) over two in-memory streams, with a real
// initialize handshake. Documents opened through it expose diagnostics(), completions(), hover(), …
// Caret markers `|` in fixtures give positions (fixtures therefore avoid YAML block scalars).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  CodeAction,
  CompletionItem,
  CompletionList,
  Diagnostic,
  DocumentSymbol,
  Hover,
  Location,
  Position,
  ProtocolConnection,
  PublishDiagnosticsParams,
  Range,
  SymbolInformation,
  TextEdit,
} from "vscode-languageserver-protocol";
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from "vscode-languageserver-protocol/node";
import { createConnection } from "vscode-languageserver/node";
import {
  CheckStatusNotification,
  ClusterChangesNotification,
  ClusterChangesParams,
  ClusterState,
  ClusterStateNotification,
  ReadClusterObjectRequest,
  WorkspaceScannedNotification,
  WorkspaceScannedParams,
} from "../../protocol/index";
import { startServer } from "../../server/start-server";
import { serverMessageWriter } from "../../server/wire";

/** Removes the `|` caret markers; returns the text and the marker offsets. */
export function carets(marked: string): { text: string; offsets: number[] } {
  const offsets: number[] = [];
  let text = "";
  for (const ch of marked) {
    if (ch === "|") offsets.push(text.length);
    else text += ch;
  }
  return { text, offsets };
}

export function positionOf(text: string, offset: number): Position {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length - 1, character: before[before.length - 1].length };
}

export function offsetOf(text: string, pos: Position): number {
  const lines = text.split("\n");
  let off = 0;
  for (let i = 0; i < pos.line; i++) off += lines[i].length + 1;
  return off + pos.character;
}

/** Applies LSP edits (non-overlapping) to a text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => offsetOf(text, b.range.start) - offsetOf(text, a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offsetOf(out, e.range.start)) + e.newText + out.slice(offsetOf(out, e.range.end));
  return out;
}

export interface StartOptions {
  /** Files of the workspace folder, by relative path. */
  readonly files?: Readonly<Record<string, string>>;
  /** Symbolic links in the workspace folder: relative path → target. */
  readonly links?: Readonly<Record<string, string>>;
  readonly settings?: unknown;
  /** Let the server warm up after start (off by default in tests). */
  readonly warmUp?: boolean;
  /** The workspace trust the client reports (untrusted unless said: the server then renders no chart). */
  readonly trusted?: boolean;
}

export class TestDocument {
  version = 1;
  constructor(
    readonly client: TestClient,
    readonly uri: string,
    public text: string,
    readonly carets: number[],
  ) {}

  position(caret = 0): Position {
    return positionOf(this.text, this.carets[caret]);
  }

  /** The diagnostics published for the current version. */
  diagnostics(): Promise<Diagnostic[]> {
    return this.client.diagnosticsFor(this.uri, this.version);
  }

  async completions(caret = 0): Promise<CompletionItem[]> {
    const r = await this.client.connection.sendRequest<CompletionList | CompletionItem[] | null>("textDocument/completion", {
      textDocument: { uri: this.uri },
      position: this.position(caret),
    });
    return r === null ? [] : Array.isArray(r) ? r : r.items;
  }

  async labels(caret = 0): Promise<string[]> {
    return (await this.completions(caret)).map((i) => i.label);
  }

  hover(caret = 0): Promise<Hover | null> {
    return this.client.connection.sendRequest<Hover | null>("textDocument/hover", {
      textDocument: { uri: this.uri },
      position: this.position(caret),
    });
  }

  definition(caret = 0): Promise<Location[] | null> {
    return this.client.connection.sendRequest<Location[] | null>("textDocument/definition", {
      textDocument: { uri: this.uri },
      position: this.position(caret),
    });
  }

  references(caret = 0, includeDeclaration = false): Promise<Location[] | null> {
    return this.client.connection.sendRequest<Location[] | null>("textDocument/references", {
      textDocument: { uri: this.uri },
      position: this.position(caret),
      context: { includeDeclaration },
    });
  }

  symbols(): Promise<DocumentSymbol[]> {
    return this.client.connection.sendRequest<DocumentSymbol[]>("textDocument/documentSymbol", { textDocument: { uri: this.uri } });
  }

  codeActions(range: Range, diagnostics: Diagnostic[]): Promise<CodeAction[]> {
    return this.client.connection.sendRequest<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri: this.uri },
      range,
      context: { diagnostics },
    });
  }

  /** Replace the whole text (a full-document change). */
  async setText(text: string): Promise<void> {
    this.text = text;
    this.version++;
    await this.client.connection.sendNotification("textDocument/didChange", {
      textDocument: { uri: this.uri, version: this.version },
      contentChanges: [{ text }],
    });
  }

  /** Writes the text to the file and tells the server it was saved. */
  async save(): Promise<void> {
    fs.writeFileSync(fileURLToPath(this.uri), this.text);
    await this.client.connection.sendNotification("textDocument/didSave", { textDocument: { uri: this.uri } });
  }

  async applyEdits(edits: readonly TextEdit[]): Promise<void> {
    await this.setText(applyEdits(this.text, edits));
  }
}

export class TestClient {
  readonly published = new Map<string, PublishDiagnosticsParams>();
  private waiters: (() => void)[] = [];
  readonly scanned: Promise<WorkspaceScannedParams>;
  readonly logs: string[] = [];
  private readonly logWaiters: (() => void)[] = [];
  /** The server's last kubeRbac/checkStatus. */
  busy = false;

  private constructor(
    readonly connection: ProtocolConnection,
    readonly folder: string,
  ) {
    let resolveScan!: (p: WorkspaceScannedParams) => void;
    this.scanned = new Promise((r) => (resolveScan = r));
    connection.onNotification(WorkspaceScannedNotification, (p) => resolveScan(p));
    connection.onNotification("textDocument/publishDiagnostics", (p: PublishDiagnosticsParams) => {
      this.published.set(p.uri, p);
      const ws = this.waiters;
      this.waiters = [];
      ws.forEach((w) => w());
    });
    connection.onNotification(CheckStatusNotification, (p) => {
      this.busy = p.busy;
      const ws = this.waiters;
      this.waiters = [];
      ws.forEach((w) => w());
    });
    connection.onNotification("window/logMessage", (p: { message: string }) => {
      this.logs.push(p.message);
      for (const w of this.logWaiters.splice(0)) w();
    });
  }

  static async start(options: StartOptions = {}): Promise<TestClient> {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "kube-rbac-lsp-"));
    for (const [rel, text] of Object.entries(options.files ?? {})) {
      const full = path.join(folder, rel);
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, text);
    }
    for (const [rel, target] of Object.entries(options.links ?? {})) {
      const full = path.join(folder, rel);
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.symlinkSync(target, full);
    }
    const up = new PassThrough();
    const down = new PassThrough();
    // The server writes as it does over stdio (server/wire.ts), so every test goes through its encoder.
    startServer(createConnection(new StreamMessageReader(up), serverMessageWriter(down)));
    const connection = createProtocolConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
    const client = new TestClient(connection, folder);
    connection.listen();
    await connection.sendRequest("initialize", {
      processId: null,
      rootUri: null,
      capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } }, workspace: { configuration: false } },
      workspaceFolders: [{ uri: pathToFileURL(folder).toString(), name: "ws" }],
      // The start-up warm-up (server/warm-up/warm-up.ts) would add a second of CPU to every test server: on only where a test asks.
      initializationOptions: {
        settings: { diagnostics: { debounceMs: 0 }, ...((options.settings as object | undefined) ?? {}) },
        warmUp: options.warmUp === true,
        trusted: options.trusted === true,
      },
    });
    await connection.sendNotification("initialized", {});
    return client;
  }

  /** Resolves with the index of the first log message that matches, once the server has logged it. */
  async logged(pattern: RegExp): Promise<number> {
    for (;;) {
      const i = this.logs.findIndex((l) => pattern.test(l));
      if (i >= 0) return i;
      await new Promise<void>((r) => this.logWaiters.push(r));
    }
  }

  uri(rel: string): string {
    return pathToFileURL(path.join(this.folder, rel)).toString();
  }

  /** Opens a document (path relative to the workspace folder); `|` marks carets unless `asIs`. */
  async open(rel: string, marked: string, asIs = false): Promise<TestDocument> {
    const { text, offsets } = asIs ? { text: marked, offsets: [] } : carets(marked);
    const doc = new TestDocument(this, this.uri(rel), text, offsets);
    await this.connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri: doc.uri, languageId: "yaml", version: 1, text },
    });
    return doc;
  }

  async diagnosticsFor(uri: string, version: number): Promise<Diagnostic[]> {
    for (;;) {
      const p = this.published.get(uri);
      if (p && p.version === version) return p.diagnostics;
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  /** Waits for the next diagnostics of `uri` (any version) after now. */
  async nextDiagnostics(uri: string): Promise<Diagnostic[]> {
    const before = this.published.get(uri);
    for (;;) {
      await new Promise<void>((r) => this.waiters.push(r));
      const p = this.published.get(uri);
      if (p && p !== before) return p.diagnostics;
    }
  }

  /** Waits until the server has checked every open document (after all it was sent so far). */
  async settled(): Promise<void> {
    // A round trip: every notification sent before it has been handled, and its status sent, by the time it returns.
    await this.workspaceSymbols("\u0000");
    while (this.busy) await new Promise<void>((r) => this.waiters.push(r));
  }

  workspaceSymbols(query: string): Promise<SymbolInformation[]> {
    return this.connection.sendRequest<SymbolInformation[]>("workspace/symbol", { query });
  }

  async clusterState(state: ClusterState | null): Promise<void> {
    await this.connection.sendNotification(ClusterStateNotification, { state });
  }

  async clusterChanges(change: ClusterChangesParams): Promise<void> {
    await this.connection.sendNotification(ClusterChangesNotification, change);
  }

  readClusterObject(uri: string): Promise<{ text: string | null }> {
    return this.connection.sendRequest(ReadClusterObjectRequest, { uri });
  }

  async stop(): Promise<void> {
    await this.connection.sendRequest("shutdown");
    this.connection.dispose();
    fs.rmSync(this.folder, { recursive: true, force: true });
  }
}

/**
 * Registers the suite's hooks: before it, a server started with `options`, scanned, handed to `started`
 * after `setup`; after it, the server stops.
 */
export function withServer(
  options: StartOptions,
  started: (client: TestClient) => void,
  setup: (client: TestClient) => Promise<void> = async () => undefined,
): void {
  let client: TestClient | undefined;
  before(async () => {
    client = await TestClient.start(options);
    await client.scanned;
    await setup(client);
    started(client);
  });
  after(() => client?.stop());
}

/**
 * One server at a time for the tests of a suite: a test starts it with `start`; it stops at `stop`, or
 * after the test.
 */
export function serverPerTest(): { start: (options?: StartOptions) => Promise<TestClient>; stop: () => Promise<void> } {
  let client: TestClient | undefined;
  const stop = async () => {
    const running = client;
    client = undefined;
    await running?.stop();
  };
  afterEach(stop);
  return { start: async (options = {}) => (client = await TestClient.start(options)), stop };
}

/** A cluster state of context "prod" with nothing in it but what `parts` gives. */
export function prodCluster(parts: Partial<ClusterState>): ClusterState {
  return {
    context: "prod",
    roles: [],
    clusterRoles: [],
    roleBindings: [],
    clusterRoleBindings: [],
    serviceAccounts: [],
    namespaces: [],
    ...parts,
  };
}
