// The Effective Permissions tree: a thin provider over the model's state. It never shows UI: problems
// are message nodes, and states without data leave the tree empty so a welcome view explains them.
import * as vscode from "vscode";
import type { LoggedUsage } from "../../core/audit/grant-usage";
import { ClusterModel } from "../cluster/model";
import { describeHealth } from "../../cluster";
import type { ModelState, ReadyState } from "../cluster/model-state";
import { BackgroundQueue } from "./background";
import { carriesOver, carryBadges, changedObjects } from "./badge-carry-over";
import { CategoryNode } from "./category-node";
import { MessageNode } from "./message-node";
import { OwnRulesNode } from "./own-rules-node";
import { PermNode, TreeContext } from "./node";
import { subjectLists } from "./subjects";

export class PermissionsTreeProvider implements vscode.TreeDataProvider<PermNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<PermNode | PermNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private timer: NodeJS.Timeout | undefined;
  private filterText = "";
  private roots: PermNode[] | undefined;
  private lastReady: ReadyState | undefined;
  private readonly subs: vscode.Disposable[];
  /** Fires after the tree has been told to refresh (tests wait for it). */
  private readonly refreshed = new vscode.EventEmitter<void>();
  readonly onDidRefresh = this.refreshed.event;
  /** Risk badges below the first screenful of each list, repainted as they are computed. */
  private readonly background = new BackgroundQueue((nodes) => this.changed.fire(nodes));

  constructor(
    private readonly model: ClusterModel,
    private readonly pageSize: () => number,
    private readonly groupNames: () => ReadonlyMap<string, string> = () => new Map(),
    /** What the configured audit logs show used (client/audit-log.ts). */
    private readonly usage: () => LoggedUsage | undefined = () => undefined,
  ) {
    // The model publishes at most once per refreshDebounceMs already: repaint at once.
    this.subs = [
      model.onDidChange((state) => {
        this.carryBadgesOver(state);
        this.refresh(0);
      }),
    ];
  }

  /** The badges judged on the last live index that still hold on the new one (badge-carry-over.ts). */
  private carryBadgesOver(state: ModelState): void {
    const prev = this.lastReady;
    this.lastReady = state.kind === "ready" ? state : undefined;
    if (prev && state.kind === "ready" && carriesOver(prev, state))
      carryBadges(prev.index, state.index, changedObjects(prev.snapshot.objects, state.snapshot.objects));
  }

  get filter(): string {
    return this.filterText;
  }

  setFilter(text: string): void {
    this.filterText = text.trim().toLowerCase();
    this.refresh(0);
  }

  /** Debounced: a burst of changes repaints once. */
  refresh(delayMs = 30): void {
    clearTimeout(this.timer);
    this.roots = undefined; // getChildren sees the new state at once; the view repaints once per burst
    this.background.clear();
    this.timer = setTimeout(() => {
      this.changed.fire(undefined);
      this.refreshed.fire();
    }, delayMs);
  }

  rootNodes(): PermNode[] {
    if (this.roots) return this.roots;
    const s = this.model.state;
    // No data: an empty tree lets the matching welcome view explain why (unless the server told us our own permissions).
    const own = s.kind === "ready" && !s.snapshot.complete ? (s.snapshot.ownRulesByNamespace ?? []) : [];
    if (s.kind !== "ready" || (!s.snapshot.complete && s.snapshot.objects.length === 0 && own.length === 0)) return (this.roots = []);
    const ctx: TreeContext = {
      state: s,
      filter: this.filterText,
      pageSize: this.pageSize(),
      groupNames: this.groupNames(),
      later: (node, work) => this.background.add(node, work),
      usage: this.usage(),
    };
    const lists = subjectLists(s.index, s.snapshot.others);
    const out: PermNode[] = [];
    const stale = s.health ? describeHealth(s.health, Date.now()) : undefined;
    if (s.health && stale)
      out.push(
        new MessageNode(
          "health",
          undefined,
          stale[0].toUpperCase() + stale.slice(1),
          "warning",
          `The cluster's watches are failing: showing the data as of ${new Date(s.health.since).toLocaleTimeString()}. kube-rbac retries with backoff and returns to live data by itself.`,
        ),
      );
    s.notes.forEach((n, i) => out.push(new MessageNode(`note:${i}`, undefined, n, "info")));
    if (s.whatIf)
      out.push(
        new MessageNode(
          "whatif",
          undefined,
          `What-if: ${s.whatIf.objects} workspace objects overlaid`,
          "warning",
          `From ${s.whatIf.files} files${s.whatIf.projects > 0 ? ` and ${s.whatIf.projects} rendered charts or kustomizations` : ""}. Permissions as they would be after applying the workspace's RBAC manifests.`,
          { command: "kubeRbac.toggleWhatIf", title: "Turn off what-if" },
        ),
      );
    s.whatIf?.failures.forEach((f, i) =>
      out.push(new MessageNode(`whatif:left-out:${i}`, undefined, `What-if leaves out ${f}`, "warning")),
    );
    for (const g of s.snapshot.gaps.slice(0, 5))
      out.push(new MessageNode(`gap:${g.resource}:${g.namespace}`, undefined, `Incomplete: ${g.message}`, "warning"));
    if (s.snapshot.gaps.length > 5)
      out.push(new MessageNode("gap:more", undefined, `Incomplete: ${s.snapshot.gaps.length - 5} more gaps (see the log)`, "warning"));
    if (this.filterText)
      out.push(
        new MessageNode("filter", undefined, `Filter: "${this.filterText}"`, "filter", "Click to clear the filter", {
          command: "kubeRbac.clearFilter",
          title: "Clear filter",
        }),
      );
    if (own.length > 0) out.push(new OwnRulesNode(own));
    if (s.snapshot.objects.length > 0 || s.snapshot.complete)
      out.push(new CategoryNode(ctx, lists, "User"), new CategoryNode(ctx, lists, "Group"), new CategoryNode(ctx, lists, "ServiceAccount"));
    return (this.roots = out);
  }

  getTreeItem(node: PermNode): vscode.TreeItem {
    return node.treeItem();
  }

  getChildren(node?: PermNode): PermNode[] {
    return node ? node.children() : this.rootNodes();
  }

  getParent(node: PermNode): PermNode | undefined {
    return node.parent;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.background.clear();
    for (const d of this.subs) d.dispose();
    this.changed.dispose();
    this.refreshed.dispose();
  }
}
