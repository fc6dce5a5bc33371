// Read-only documents: `kube-rbac-cluster:` shows a cluster object as YAML (asked from the language
// server, which holds the raw objects; rendered from the client's snapshot when the server does not know
// it, e.g. for offline snapshots).
import * as vscode from "vscode";
import { stringify } from "yaml";
import { snapshotToList } from "../cluster";
import { CLUSTER_OBJECT_SCHEME, parseClusterObjectUri, ReadClusterObjectRequest } from "../protocol/index";
import { ClusterModel } from "./cluster/model";
import { RbacLanguageClient } from "./language-client";

export class ClusterObjectDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly reg: vscode.Disposable;

  constructor(
    private readonly model: ClusterModel,
    private readonly lsp: RbacLanguageClient,
  ) {
    this.reg = vscode.workspace.registerTextDocumentContentProvider(CLUSTER_OBJECT_SCHEME, this);
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const text = uri.toString(true);
    const fromServer = this.lsp.client.isRunning()
      ? await this.lsp.client.sendRequest(ReadClusterObjectRequest, { uri: text }).catch(() => ({ text: null }))
      : { text: null };
    if (fromServer.text !== null) return fromServer.text;
    return this.render(text) ?? `# ${text}: not in the current snapshot\n`;
  }

  private render(uri: string): string | undefined {
    const ref = parseClusterObjectUri(uri);
    const s = this.model.state;
    if (!ref || s.kind !== "ready") return undefined;
    const obj = s.snapshot.objects.find(
      (o) => o.kind === ref.kind && o.metadata.name === ref.name && o.metadata.namespace === ref.namespace,
    );
    if (!obj) return undefined;
    const [item] = snapshotToList({ ...s.snapshot, objects: [obj], others: [] }).items as unknown[];
    return `# Read-only: ${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ""}${ref.name} from ${s.label}\n${stringify(item)}`;
  }

  dispose(): void {
    this.reg.dispose();
    this.changed.dispose();
  }
}
