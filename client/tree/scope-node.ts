// "Cluster-wide" (ClusterRoleBindings: cluster scope and every namespace) or one namespace (RoleBindings).
import * as vscode from "vscode";
import type { ApiCatalog } from "../../core/catalog";
import { CompactPermissions } from "../../core/effective";
import { unservedReason } from "../../core/rule-intent";
import { item, PermNode, warningIcon } from "./node";
import { entryRisks } from "./permissions";
import { ResourceNode } from "./resource-node";
import type { UsageEntry } from "./usage";

export class ScopeNode implements PermNode {
  readonly id: string;
  private nodes: ResourceNode[] | undefined;
  constructor(
    readonly parent: PermNode,
    readonly scope: string,
    private readonly perms: CompactPermissions,
    private readonly catalog: ApiCatalog,
    /** With an audit log: whether its requests used a verb on an entry in a scope. */
    private readonly used?: (scope: string, entry: UsageEntry, verb: string) => boolean,
  ) {
    this.id = `${parent.id}/scope:${scope}`;
  }

  private build(): ResourceNode[] {
    if (this.nodes) return this.nodes;
    const res = this.perms.resources
      .filter((e) => e.scope === this.scope)
      .map((e) => {
        const unserved = unservedReason(this.catalog, e.apiGroup, e.resource);
        return new ResourceNode(this, { kind: "resource", entry: e, risks: unserved ? [] : entryRisks(e), unserved }, this.usedHere(e));
      })
      // What matches no served resource goes last: it is not a permission anyone can use.
      .sort(
        (a, b) =>
          Number(a.ref.kind === "resource" && a.ref.unserved !== undefined) -
          Number(b.ref.kind === "resource" && b.ref.unserved !== undefined),
      );
    const urls =
      this.scope === ""
        ? this.perms.nonResourceURLs.map(
            (e) => new ResourceNode(this, { kind: "url", entry: e, risks: [] }, this.usedHere({ kind: "url", url: e.url })),
          )
        : [];
    return (this.nodes = [...res, ...urls]);
  }

  private usedHere(
    e: UsageEntry | { apiGroup: string; resource: string; resourceNames: readonly string[] },
  ): ((verb: string) => boolean) | undefined {
    const used = this.used;
    if (!used) return undefined;
    const entry: UsageEntry =
      "kind" in e ? e : { kind: "resource", apiGroup: e.apiGroup, resource: e.resource, resourceNames: e.resourceNames };
    return (verb) => used(this.scope, entry, verb);
  }

  treeItem(): vscode.TreeItem {
    const nodes = this.build();
    const t = item(this, this.scope === "" ? "Cluster-wide" : `namespace ${this.scope}`, true);
    const risky = nodes.filter((n) => n.risky).length;
    t.description = `${nodes.length} resource${nodes.length === 1 ? "" : "s"}${risky ? `, ${risky} risky` : ""}`;
    t.iconPath = risky ? warningIcon() : new vscode.ThemeIcon(this.scope === "" ? "globe" : "symbol-namespace");
    t.tooltip =
      this.scope === ""
        ? "From ClusterRoleBindings: valid at cluster scope and in every namespace."
        : `From RoleBindings in namespace ${this.scope}: valid only there.`;
    t.contextValue = "scope";
    return t;
  }

  children(): PermNode[] {
    return this.build();
  }
}
