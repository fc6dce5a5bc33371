// Wires the language server: its state, documents, workspace scan, cluster state, and one registration
// per feature. Knows nothing about RBAC itself; the core's language service does the work.
import { fileURLToPath } from "node:url";
import {
  Connection,
  Disposable,
  InitializeParams,
  InitializeResult,
  ServerCapabilities,
  TextDocumentSyncKind,
  WorkspaceFolder,
} from "vscode-languageserver";
import { CheckService } from "../core/service/check-service";
import { TemplateReader } from "../core/service/template-reader";
import { AuditLogs } from "./audit-logs";
import { registerReportedCluster } from "./reported-cluster";
import { codeActionsCapability, registerCodeActions } from "./features/code-actions";
import { completionCapability, registerCompletion } from "./features/completion";
import { ServerContext } from "./context";
import { definitionCapability, registerDefinition } from "./features/definition";
import { diagnosticsCapability, registerDiagnostics, Validator } from "./features/diagnostics";
import { Documents } from "./documents";
import { hoverCapability, registerHover } from "./features/hover";
import { IdleCollector, youngCollector } from "./idle-gc";
import { Logger } from "./logger";
import { referencesCapability, registerReferences } from "./features/references";
import { guard } from "./run-safe";
import { configDiagnostics, RepoConfigs } from "./repo-config";
import { ServerState } from "./server-state";
import { Settings } from "./settings";
import { registerSymbols, symbolsCapability } from "./features/symbols";
import { RunningServer, ServerOptions } from "./running-server";
import { findExtensionRoot } from "./extension-root";
import { ConfigChartOptions } from "../render/config-chart-options";
import { RenderScheduler } from "./render-scheduler";
import { registerRenders } from "./renders";
import { startWarmUp, WARM_UP_DOCUMENTS } from "./warm-up/warm-up";
import { registerWorkspaceFiles } from "./workspace-files";

const CAPABILITIES: ServerCapabilities = {
  // Saves are heard: a chart is rendered again when one of its files is saved (render-scheduler.ts).
  textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
  ...diagnosticsCapability,
  ...completionCapability,
  ...hoverCapability,
  ...codeActionsCapability,
  ...definitionCapability,
  ...referencesCapability,
  ...symbolsCapability,
};

/** What the client said at initialization. */
interface Session {
  folders: WorkspaceFolder[];
  configurationPull: boolean;
  dynamicWatch: boolean;
  /** Off only for embedders and tests that measure a cold server (initializationOptions.warmUp: false), and in the background. */
  warmUp: boolean;
}

export type { RunningServer, ServerOptions } from "./running-server";

export function startServer(connection: Connection, options: ServerOptions = {}): RunningServer {
  const logger = new Logger(connection);
  const repoConfigs = new RepoConfigs((uri, problems, text) => {
    for (const p of problems) logger.warn(`kube-rbac: ${uri}:${p.line}:${p.column}: ${p.message}`);
    // While the file is open, its diagnostics come from the editor's text (features/diagnostics.ts).
    if (!documents.isOpen(uri)) void connection.sendDiagnostics({ uri, diagnostics: configDiagnostics(text, problems) });
  });
  const state = new ServerState(undefined, undefined, repoConfigs);
  // Helm templates are read through their masked text (core/service/template-reader.ts); other files as they are.
  const templates = new TemplateReader();
  const checks = new CheckService(() => templates);
  const documents = new Documents(state, checks);
  const session: Session = { folders: [], configurationPull: false, dynamicWatch: false, warmUp: options.background === undefined };
  let validator: Validator | undefined;
  const audit = new AuditLogs(logger, () => ctx.revalidate());
  const renders = new RenderScheduler({
    settings: () => state.settings.render,
    chartOptions: new ConfigChartOptions(),
    log: (m) => logger.debug(m),
  });
  const ctx: ServerContext = {
    renders,
    connection,
    state,
    documents,
    checks,
    logger,
    // The warm-up's server links no pages: the same encoder, less JSON to write and read.
    extensionRoot: options.background ? undefined : findExtensionRoot(__dirname),
    audit,
    revalidate(uri?: string) {
      // A background server's diagnostics are seen by no one: nothing is re-checked because a file closed
      // or a setting changed (its checks after a new file's roles still run: features/diagnostics.ts).
      if (!validator || options.background) return;
      if (uri) validator.schedule(uri, 0, true);
      else for (const u of documents.open.keys()) validator.schedule(u, 0, true);
    },
  };
  // Young garbage is collected once every open document has been checked and the server is quiet, and
  // once the warm-up is over.
  const collector = options.background ? undefined : new IdleCollector(() => validator?.busy === true);
  const v = (validator = new Validator(ctx, options.background?.yieldTo, () => collector?.quiet()));
  const disposables: Disposable[] = [
    ...(collector ? [collector] : []),
    audit,
    ...registerFeatures(ctx, v, options.background !== undefined),
    registerRenders(ctx, renders, (uri) => v.schedule(uri, 0)),
  ];
  registerLifecycle(ctx, session, v, collector, disposables);
  documents.open.listen(connection);
  connection.listen();
  return {
    get busy() {
      return v.busy;
    },
    idle: () => v.idle(),
    dispose() {
      for (const d of disposables.splice(0)) d.dispose();
    },
  };
}

function registerFeatures(ctx: ServerContext, validator: Validator, background: boolean): Disposable[] {
  return [
    registerDiagnostics(ctx, validator, background),
    registerCompletion(ctx),
    registerHover(ctx),
    registerCodeActions(ctx, validator),
    registerDefinition(ctx),
    registerReferences(ctx),
    registerSymbols(ctx),
    registerReportedCluster(ctx),
  ];
}

/** Initialization, settings, the workspace scan and the warm-up, and shutdown. */
function registerLifecycle(
  ctx: ServerContext,
  session: Session,
  validator: Validator,
  collector: IdleCollector | undefined,
  disposables: Disposable[],
): void {
  const { connection, logger, state } = ctx;
  const applySettings = (raw: unknown) => {
    state.setSettings(Settings.from(raw));
    logger.level = state.settings.logLevel;
    ctx.renders?.settingsChanged();
    ctx.revalidate();
  };
  const pullSettings = async () => {
    if (!session.configurationPull) return;
    const [raw] = (await connection.workspace.getConfiguration([{ section: "kubeRbac" }])) as unknown[];
    applySettings(raw);
  };

  connection.onInitialize((params): InitializeResult => {
    initialize(params, session, applySettings);
    if (ctx.audit) ctx.audit.folders = session.folders.flatMap((f) => (f.uri.startsWith("file:") ? [fileURLToPath(f.uri)] : []));
    ctx.renders?.setFolders(session.folders.flatMap((f) => fsPathOf(f.uri)));
    ctx.renders?.setTrusted((params.initializationOptions as { trusted?: unknown } | undefined)?.trusted === true);
    return { capabilities: CAPABILITIES, serverInfo: { name: "kube-rbac" } };
  });

  connection.onInitialized(() =>
    guard(logger, "initialization", async () => {
      disposables.push(registerWorkspaceFiles(ctx, session.folders, session.dynamicWatch));
      if (session.warmUp) {
        const warmedUp = (ms: number) => {
          // The second server's objects have just become garbage and nothing waits: collected now, not in
          // the middle of the first file opened (the time counts as the warm-up's).
          const collecting = Date.now();
          if (!validator.busy) youngCollector()?.();
          const total = ms + Date.now() - collecting;
          logger.debug(`kube-rbac: warmed up on ${WARM_UP_DOCUMENTS} generated documents in ${total} ms`);
          collector?.quiet();
        };
        disposables.push(startWarmUp(validator, startServer, warmedUp, (e) => logger.error("kube-rbac: warm-up failed", e)));
      }
      await pullSettings();
    }),
  );

  connection.onDidChangeConfiguration((params) =>
    guard(logger, "settings", async () => {
      if (session.configurationPull) await pullSettings();
      else applySettings((params.settings as { kubeRbac?: unknown } | undefined)?.kubeRbac);
    }),
  );

  connection.onShutdown(() => {
    for (const d of disposables.splice(0)) d.dispose();
  });
}

function initialize(params: InitializeParams, session: Session, applySettings: (raw: unknown) => void): void {
  session.folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: "root" }] : []);
  session.configurationPull = params.capabilities.workspace?.configuration === true;
  session.dynamicWatch = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  const init = params.initializationOptions as { settings?: unknown; warmUp?: boolean } | undefined;
  if (init?.settings !== undefined) applySettings(init.settings);
  session.warmUp &&= init?.warmUp !== false;
}

function fsPathOf(uri: string): string[] {
  try {
    return uri.startsWith("file:") ? [fileURLToPath(uri)] : [];
  } catch {
    return [];
  }
}
