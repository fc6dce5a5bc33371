// A minimal LSP client over a child process' stdio, for timing real language servers as an editor
// drives them: initialize, open, incremental edits, completion, hover, and the diagnostics they publish.

import { spawn } from "node:child_process";
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from "vscode-languageserver-protocol/node.js";
import { now, processMemory } from "./stats.mjs";

export class LspProcess {
  /** Last publishDiagnostics per uri, and the callbacks waiting for the next one. */
  published = new Map();
  /** window/logMessage texts. */
  logs = [];
  waiters = [];

  constructor(child, connection) {
    this.child = child;
    this.connection = connection;
    connection.onNotification("textDocument/publishDiagnostics", (p) => {
      const entry = { ...p, at: now(), seq: (this.published.get(p.uri)?.seq ?? 0) + 1 };
      this.published.set(p.uri, entry);
      const ws = this.waiters;
      this.waiters = [];
      for (const w of ws) w();
    });
    connection.onNotification("window/logMessage", (p) => this.logs.push(p.message));
    connection.onNotification(() => {});
    connection.onRequest("workspace/configuration", (p) => p.items.map((i) => this.configuration(i.section)));
    connection.onRequest("client/registerCapability", () => null);
    connection.onRequest("window/workDoneProgress/create", () => null);
  }

  /** Settings the server pulls (yaml-language-server does). */
  settings = {};
  configuration(section) {
    return section ? (this.settings[section] ?? null) : this.settings;
  }

  /**
   * Spawns `node <args>` and performs the initialize handshake.
   * `capabilities.workspace.configuration` is true only when `settings` are given (the server pulls them).
   */
  static async start(args, { initializationOptions, settings } = {}) {
    const child = spawn(process.execPath, args, { stdio: ["pipe", "pipe", "pipe"] });
    child.stderr.on("data", () => {});
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const lsp = new LspProcess(child, connection);
    if (settings) lsp.settings = settings;
    connection.listen();
    await connection.sendRequest("initialize", {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: null,
      capabilities: {
        textDocument: {
          publishDiagnostics: { versionSupport: true },
          synchronization: { didSave: false, dynamicRegistration: false },
          completion: { completionItem: { snippetSupport: true } },
          hover: { contentFormat: ["markdown", "plaintext"] },
        },
        workspace: { configuration: settings !== undefined, didChangeConfiguration: { dynamicRegistration: false } },
      },
      initializationOptions,
    });
    await connection.sendNotification("initialized", {});
    if (settings) await connection.sendNotification("workspace/didChangeConfiguration", { settings });
    return lsp;
  }

  /** Resolves with the first diagnostics for `uri` published after `seq` (and, when the server sends versions, for `version`). */
  async nextDiagnostics(uri, seq, version) {
    for (;;) {
      const p = this.published.get(uri);
      if (p && p.seq > seq && (version === undefined || p.version === undefined || p.version === version)) return p;
      await new Promise((r) => this.waiters.push(r));
    }
  }

  seq(uri) {
    return this.published.get(uri)?.seq ?? 0;
  }

  /** Opens a document; resolves with { ms, count } once its diagnostics are published. */
  async open(uri, text, version = 1) {
    const seq = this.seq(uri);
    const t0 = now();
    await this.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version, text } });
    const p = await this.nextDiagnostics(uri, seq, version);
    return { ms: p.at - t0, count: p.diagnostics.length };
  }

  /** One incremental edit; resolves with { ms, count } once the diagnostics of `version` are published. */
  async edit(uri, version, range, newText) {
    const seq = this.seq(uri);
    const t0 = now();
    await this.connection.sendNotification("textDocument/didChange", {
      textDocument: { uri, version },
      contentChanges: [{ range, text: newText }],
    });
    const p = await this.nextDiagnostics(uri, seq, version);
    return { ms: p.at - t0, count: p.diagnostics.length };
  }

  async request(method, params) {
    const t0 = now();
    const result = await this.connection.sendRequest(method, params);
    return { ms: now() - t0, result };
  }

  memory() {
    return processMemory(this.child.pid);
  }

  async stop() {
    try {
      await Promise.race([this.connection.sendRequest("shutdown"), new Promise((r) => setTimeout(r, 5000))]);
      await this.connection.sendNotification("exit");
    } catch {
      // already gone
    }
    this.connection.dispose();
    const exited = new Promise((r) => this.child.once("exit", r));
    const t = setTimeout(() => this.child.kill("SIGKILL"), 3000);
    await exited;
    clearTimeout(t);
  }
}
