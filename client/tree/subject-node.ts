// One user, group or service account. Its effective permissions are computed only when it is expanded.
import * as vscode from "vscode";
import { isEntraObjectId } from "../../cluster/aks";
import { describeGroup } from "../../core/identity";
import { escalationOf } from "./escalation";
import { EscalationNode } from "./escalation-node";
import { InheritorsNode } from "./inheritors-node";
import { MessageNode } from "./message-node";
import { item, PermNode, TreeContext } from "./node";
import { page } from "./paging";
import { catalogOf } from "../cluster/catalog";
import { identityOf, permissionsOf, riskBadge, SubjectPermissions } from "./permissions";
import { ScopeNode } from "./scope-node";
import { describeSubject, inheritors, isImplicitGroup, SubjectLists, SubjectRef } from "./subjects";
import { requestsOf, UsageEntry, verbUsed } from "./usage";

const ICON = { User: "person", Group: "organization", ServiceAccount: "robot" } as const;

export class SubjectNode implements PermNode {
  readonly id: string;
  private perms: SubjectPermissions | undefined;
  constructor(
    private readonly ctx: TreeContext,
    private readonly lists: SubjectLists,
    readonly parent: PermNode,
    readonly subject: SubjectRef,
  ) {
    this.id = `subject:${subject.kind}:${subject.namespace}:${subject.name}`;
  }

  /** With an audit log: whether a logged request of this subject used a verb on an entry in a scope; else undefined. */
  private usedIn(): ((scope: string, entry: UsageEntry, verb: string) => boolean) | undefined {
    const requests = this.ctx.usage ? requestsOf(this.ctx.usage, this.subject) : undefined;
    return requests ? (scope, entry, verb) => verbUsed(requests, scope, entry, verb) : undefined;
  }

  permissions(): SubjectPermissions {
    return (this.perms ??= permissionsOf(this.ctx.state.index, identityOf(this.subject)));
  }

  treeItem(): vscode.TreeItem {
    const s = this.subject;
    const t = item(this, s.name, true);
    t.iconPath = new vscode.ThemeIcon(ICON[s.kind]);
    t.contextValue = `subject.${s.kind}`;
    const implicit = s.kind === "Group" && isImplicitGroup(s.name);
    if (implicit) t.description = "implicit group";
    const displayName = s.kind === "Group" ? this.ctx.groupNames.get(s.name) : undefined;
    if (displayName) t.description = displayName;
    else if (s.kind === "Group" && isEntraObjectId(s.name)) t.description = "Entra ID group (object id)";
    const me = this.ctx.state.me;
    if (me && (s.kind === "User" ? me.user === s.name : s.kind === "Group" ? me.groups.includes(s.name) : false))
      t.description = `${t.description ?? ""} (you)`.trim();
    // The badge needs the subject's permissions; implicit groups stand for everyone and are left unjudged here.
    const badge = implicit ? undefined : riskBadge(this.permissions());
    if (badge) {
      t.description = t.description ? `${String(t.description)} · ${badge}` : badge;
      t.iconPath = new vscode.ThemeIcon(ICON[s.kind], new vscode.ThemeColor("list.warningForeground"));
    }
    if (this.ctx.usage && !requestsOf(this.ctx.usage, s)) t.description = `${t.description ?? ""} · not in audit log`.replace(/^ · /, "");
    const md = new vscode.MarkdownString(`**${describeSubject(s)}**${displayName ? ` (${displayName})` : ""}`);
    if (s.kind === "Group") md.appendMarkdown(`\n\n${describeGroup(s.name)}`);
    else
      md.appendMarkdown(
        `\n\nIdentity: \`${identityOf(s).user}\`, groups ${identityOf(s)
          .groups.map((g) => `\`${g}\``)
          .join(", ")}`,
      );
    t.tooltip = md;
    return t;
  }

  children(): PermNode[] {
    const out: PermNode[] = [];
    if (this.subject.kind === "Group") {
      const heirs = inheritors(this.subject.name, this.lists);
      if (heirs) out.push(new InheritorsNode(this, heirs, (parent) => pageSubjects(this.ctx, this.lists, parent, heirs)));
    }
    const state = this.ctx.state;
    // What the subject can become: one search, for this subject only, when it is expanded.
    const path = escalationOf(state.index, state.snapshot.others, this.subject);
    if (path) out.push(new EscalationNode(this, state.index, path));
    const p = this.permissions();
    for (const e of p.errors) out.push(new MessageNode(`${this.id}/err:${e}`, this, e, "error"));
    const used = this.usedIn();
    for (const scope of p.scopes) out.push(new ScopeNode(this, scope, p.compact, catalogOf(this.ctx.state), used));
    if (p.scopes.length === 0) out.push(new MessageNode(`${this.id}/none`, this, "No RBAC permissions", "info"));
    return out;
  }
}

/** A page of subject nodes under `parent`. */
export function pageSubjects(ctx: TreeContext, lists: SubjectLists, parent: PermNode, list: readonly SubjectRef[]): PermNode[] {
  const nodes = list.slice(0, ctx.pageSize).map((s) => new SubjectNode(ctx, lists, parent, s));
  return page(ctx, parent, nodes, "subjects", list.length);
}
