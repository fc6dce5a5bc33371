// Wires the language server: documents, workspace scan, cluster state, and one registration per
// feature. Knows nothing about RBAC itself; the core's language service does the work.
import * as fs from "node:fs";
import * as path from "node:path";
import { CheckService } from "../core/service/check-service";
import { TemplateReader } from "../core/service/template-reader";
import { Connection, Disposable, InitializeResult, ServerCapabilities, TextDocumentSyncKind, WorkspaceFolder } from "vscode-languageserver";
import { registerClusterState } from "./cluster-state";
import { codeActionsCapability, registerCodeActions } from "./code-actions";
import { completionCapability, registerCompletion } from "./completion";
import { ServerContext } from "./context";
import { definitionCapability, registerDefinition } from "./definition";
import { diagnosticsCapability, registerDiagnostics, Validator } from "./diagnostics";
import { Documents } from "./documents";
import { hoverCapability, registerHover } from "./hover";
import { IdleCollector } from "./idle-gc";
import { Logger } from "./logger";
import { referencesCapability, registerReferences } from "./references";
import { guard } from "./run-safe";
import { ServerState } from "./server-state";
import { Settings } from "./settings";
import { registerSymbols, symbolsCapability } from "./symbols";
import { startWarmUp, WARM_UP_DOCUMENTS } from "./warm-up";
import { registerWorkspaceFiles } from "./workspace-files";

/** The folder holding the extension's package.json (and docs/), searched upwards from this file. */
export function findExtensionRoot(start: string): string | undefined {
  let dir = start;
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { name?: unknown };
      if (pkg.name === "kube-rbac") return dir;
    } catch {
      /* not here */
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

export function startServer(connection: Connection): void {
  const logger = new Logger(connection);
  const state = new ServerState();
  // Helm templates are read through their masked text (core/service/template-reader.ts); other files as they are.
  const templates = new TemplateReader();
  const checks = new CheckService(() => templates);
  const documents = new Documents(state, checks);
  const disposables: Disposable[] = [];
  let validator: Validator | undefined;
  // Young garbage is collected once every open document has been checked and the server is quiet, and
  // once the warm-up is over.
  const collector = new IdleCollector(() => validator?.busy === true);
  let folders: WorkspaceFolder[] = [];
  let configurationPull = false;
  let dynamicWatch = false;
  /** Off only for embedders and tests that measure a cold server (initializationOptions.warmUp: false). */
  let warmUp = true;

  const ctx: ServerContext = {
    connection,
    state,
    documents,
    checks,
    logger,
    extensionRoot: findExtensionRoot(__dirname),
    revalidate(uri?: string) {
      if (!validator) return;
      if (uri) validator.schedule(uri, 0, true);
      else for (const u of documents.open.keys()) validator.schedule(u, 0, true);
    },
  };

  const applySettings = (raw: unknown) => {
    state.setSettings(Settings.from(raw));
    logger.level = state.settings.logLevel;
    ctx.revalidate();
  };

  const pullSettings = async () => {
    if (!configurationPull) return;
    const [raw] = (await connection.workspace.getConfiguration([{ section: "kubeRbac" }])) as unknown[];
    applySettings(raw);
  };

  connection.onInitialize((params): InitializeResult => {
    folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: "root" }] : []);
    configurationPull = params.capabilities.workspace?.configuration === true;
    dynamicWatch = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    const init = params.initializationOptions as { settings?: unknown; warmUp?: boolean } | undefined;
    if (init?.settings !== undefined) applySettings(init.settings);
    warmUp = init?.warmUp !== false;
    const capabilities: ServerCapabilities = {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      ...diagnosticsCapability,
      ...completionCapability,
      ...hoverCapability,
      ...codeActionsCapability,
      ...definitionCapability,
      ...referencesCapability,
      ...symbolsCapability,
    };
    return { capabilities, serverInfo: { name: "kube-rbac" } };
  });

  connection.onInitialized(() =>
    guard(logger, "initialization", async () => {
      disposables.push(registerWorkspaceFiles(ctx, folders, dynamicWatch));
      if (warmUp && validator) {
        const v = validator;
        const warmedUp = (ms: number) => {
          logger.debug(`kube-rbac: warmed up on ${WARM_UP_DOCUMENTS} generated documents in ${ms} ms`);
          collector.quiet();
        };
        disposables.push(
          startWarmUp(
            () => v.busy,
            warmedUp,
            (e) => logger.error("kube-rbac: warm-up failed", e),
          ),
        );
      }
      await pullSettings();
    }),
  );

  connection.onDidChangeConfiguration((params) =>
    guard(logger, "settings", async () => {
      if (configurationPull) await pullSettings();
      else applySettings((params.settings as { kubeRbac?: unknown } | undefined)?.kubeRbac);
    }),
  );

  validator = new Validator(ctx, undefined, () => collector.quiet());
  disposables.push(
    collector,
    registerDiagnostics(ctx, validator),
    registerCompletion(ctx),
    registerHover(ctx),
    registerCodeActions(ctx, validator),
    registerDefinition(ctx),
    registerReferences(ctx),
    registerSymbols(ctx),
    registerClusterState(ctx),
  );

  connection.onShutdown(() => {
    for (const d of disposables.splice(0)) d.dispose();
  });

  documents.open.listen(connection);
  connection.listen();
}
