// The result view: one read-only webview panel that shows the latest report (who can, can I, permissions,
// what-if, can I apply). Links open the binding, the role or the rule; Export writes Markdown or JSON to
// a file the user chooses. Nothing is left behind as an unsaved document.
import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import type { Provenance } from "../../core/effective";
import { reportHtml } from "./html";
import { Report, ReportLink, reportMarkdown } from "./report";

export type OpenLink = (p: Provenance, which: ReportLink["which"]) => Promise<string | undefined>;

export class ResultView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private current: Report | undefined;
  private links: ReportLink[] = [];
  private html = "";

  constructor(private readonly openLink: OpenLink) {}

  get report(): Report | undefined {
    return this.current;
  }

  /** What the panel shows now (for tests and screenshots). */
  get shown(): { html: string; links: string[] } | undefined {
    return this.current ? { html: this.html, links: this.links.map((l) => `${l.which}:${l.label}`) } : undefined;
  }

  show(report: Report): void {
    this.current = report;
    this.links = report.sections.flatMap((s) => s.lines.flatMap((l) => l.links ?? []));
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel("kubeRbac.result", report.title, vscode.ViewColumn.Active, {
        enableScripts: true,
        enableFindWidget: true,
        localResourceRoots: [],
      });
      this.panel.onDidDispose(() => {
        this.panel = undefined;
        void vscode.commands.executeCommand("setContext", "kubeRbac.hasResult", false);
      });
      this.panel.webview.onDidReceiveMessage((m: { type?: string; link?: number }) => {
        if (m?.type === "open" && typeof m.link === "number") void this.open(m.link);
        else if (m?.type === "export") void this.export();
      });
    }
    this.panel.title = report.title;
    this.html = reportHtml(report, randomBytes(16).toString("base64"), this.panel.webview.cspSource);
    this.panel.webview.html = this.html;
    this.panel.reveal(undefined, false);
    void vscode.commands.executeCommand("setContext", "kubeRbac.hasResult", true);
  }

  /** Opens link `i` of the shown report; returns the opened document's URI. */
  async open(i: number): Promise<string | undefined> {
    const l = this.links[i];
    return l ? this.openLink(l.provenance, l.which) : undefined;
  }

  /** Writes the shown report to a file (asked for when not given); returns the file's URI. */
  async export(target?: vscode.Uri, format?: "markdown" | "json"): Promise<string | undefined> {
    const r = this.current;
    if (!r) {
      void vscode.window.showInformationMessage("kube-rbac: there is no result to export yet.");
      return undefined;
    }
    const uri =
      target ??
      (await vscode.window.showSaveDialog({
        title: `Export "${r.title}"`,
        saveLabel: "Export",
        filters: { Markdown: ["md"], JSON: ["json"] },
        defaultUri: vscode.workspace.workspaceFolders?.[0]
          ? vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, `${r.kind}.md`)
          : undefined,
      }));
    if (!uri) return undefined;
    const json = format ? format === "json" : uri.path.endsWith(".json");
    await vscode.workspace.fs.writeFile(uri, Buffer.from(json ? `${r.json}\n` : reportMarkdown(r), "utf8"));
    void vscode.window.showInformationMessage(`kube-rbac: exported to ${vscode.workspace.asRelativePath(uri)}.`);
    return uri.toString();
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
