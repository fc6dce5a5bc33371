// The language client: starts the bundled server (dist/server.js) over stdio for YAML documents, keeps the
// `kubeRbac` settings in sync, and forwards the cluster state whenever the model changes.
import * as path from "node:path";
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions, State, TransportKind } from "vscode-languageclient/node";
import {
  ClusterChangesNotification,
  ClusterStateNotification,
  RenderedObjectsRequest,
  RenderedObjectsResult,
  WorkspaceTrustNotification,
  WorkspaceScannedNotification,
  WorkspaceScannedParams,
} from "../protocol/index";
import { SERVER_EXEC_ARGV, SERVER_INSPECT_PORT } from "../protocol/launch";
import { ClusterModel } from "./cluster/model";
import { ClusterChangeTracker } from "../protocol/cluster-changes";
import { clusterStateParts } from "./cluster/to-protocol";

/** Objects per kubeRbac/clusterChanges message. */
const CLUSTER_CHANGES_PAGE = 2000;

export class RbacLanguageClient implements vscode.Disposable {
  readonly client: LanguageClient;
  private readonly subs: vscode.Disposable[] = [];
  private readonly scanned = new vscode.EventEmitter<WorkspaceScannedParams>();
  private readonly changes = new ClusterChangeTracker();
  /** The cluster messages go out one state after another: the pages of one state are never interleaved with the next. */
  private sending: Promise<void> = Promise.resolve();
  readonly onDidScanWorkspace = this.scanned.event;
  lastScan: WorkspaceScannedParams | undefined;

  constructor(
    extensionPath: string,
    log: vscode.LogOutputChannel,
    private readonly model: ClusterModel,
  ) {
    const module = path.join(extensionPath, "dist", "server.js");
    // The library picks `debug` when the extension host itself runs under the debugger (F5): the server then
    // waits for no one but accepts an inspector (launch.json: "Attach to Language Server").
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.stdio, options: { execArgv: [...SERVER_EXEC_ARGV] } },
      debug: {
        module,
        transport: TransportKind.stdio,
        options: { execArgv: [...SERVER_EXEC_ARGV, "--nolazy", `--inspect=${SERVER_INSPECT_PORT}`] },
      },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { language: "yaml", scheme: "file" },
        { language: "yaml", scheme: "untitled" },
      ],
      synchronize: { configurationSection: "kubeRbac" },
      // The server runs helm and kustomize only in a trusted workspace: it is told (and told again when trust is granted).
      initializationOptions: { settings: vscode.workspace.getConfiguration().get("kubeRbac"), trusted: vscode.workspace.isTrusted },
      outputChannel: log,
    };
    this.client = new LanguageClient("kubeRbac", "kube-rbac language server", serverOptions, clientOptions);
  }

  async start(): Promise<void> {
    await this.client.start();
    this.subs.push(
      this.client.onNotification(WorkspaceScannedNotification, (p) => {
        this.lastScan = p;
        this.scanned.fire(p);
      }),
      // After the other listeners (the tree asks the window to repaint first): the language server's copy
      // is built while the window's request for the rows is on its way.
      this.model.onDidChange(() => void setTimeout(() => void this.sendClusterState(), 0)),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.sendTrust()),
      // A restarted server knows nothing: it gets the whole state again.
      this.client.onDidChangeState((e) => {
        if (e.newState !== State.Running) return;
        this.changes.reset();
        void this.sendClusterState();
        void this.sendTrust();
      }),
    );
    await this.sendClusterState();
  }

  /**
   * Sends what changed in the ready state (live cluster or snapshot) since the last message, or null
   * when there is none.
   */
  sendClusterState(): Promise<void> {
    const sent = this.sending.then(() => this.sendClusterStateNow());
    this.sending = sent.catch(() => undefined);
    return sent;
  }

  private async sendClusterStateNow(): Promise<void> {
    if (!this.client.isRunning()) return;
    const s = this.model.state;
    if (s.kind === "loading") return;
    if (s.kind !== "ready") {
      this.changes.reset();
      await this.client.sendNotification(ClusterStateNotification, { state: null });
      return;
    }
    // In pages: each message is encoded and written before the next is built (a whole state of a large
    // cluster is tens of MB of JSON as one message).
    for (const message of this.changes.nextPages(clusterStateParts(s), CLUSTER_CHANGES_PAGE))
      await this.client.sendNotification(ClusterChangesNotification, message);
  }

  private async sendTrust(): Promise<void> {
    if (this.client.isRunning()) await this.client.sendNotification(WorkspaceTrustNotification, { trusted: vscode.workspace.isTrusted });
  }

  /** The RBAC objects of the workspace's charts and kustomizations as rendered (of the projects holding `uri` when given). */
  async renderedObjects(uri?: string): Promise<RenderedObjectsResult | undefined> {
    if (!this.client.isRunning()) return undefined;
    return this.client.sendRequest(RenderedObjectsRequest, uri ? { uri } : {});
  }

  dispose(): void {
    for (const d of this.subs) d.dispose();
    this.scanned.dispose();
    void this.client.stop().catch(() => undefined);
  }
}
