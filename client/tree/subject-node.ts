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
import { hasSubjectBadge, identityOf, SubjectPermissions, subjectBadge, subjectPermissions } from "./permissions";
import { ScopeNode } from "./scope-node";
import { describeSubject, inheritors, isImplicitGroup, SubjectLists, SubjectRef } from "./subjects";
import { requestsOf, UsageEntry, verbUsed } from "./usage";

const ICON = { User: "person", Group: "organization", ServiceAccount: "robot" } as const;

/**
 * The subjects at the head of a page whose risk badge is computed with the row. The badges of the rows
 * after them follow in the background (background.ts), so a page of 500 subjects shows at once.
 */
export const EAGER_BADGES = 20;

export class SubjectNode implements PermNode {
  readonly id: string;
  private perms: SubjectPermissions | undefined;
  private queued = false;
  constructor(
    private readonly ctx: TreeContext,
    private readonly lists: SubjectLists,
    readonly parent: PermNode,
    readonly subject: SubjectRef,
    /** Compute the risk badge with the row (else in the background, unless already known). */
    private readonly eager = true,
  ) {
    this.id = `subject:${subject.kind}:${subject.namespace}:${subject.name}`;
  }

  /** With an audit log: whether a logged request of this subject used a verb on an entry in a scope; else undefined. */
  private usedIn(): ((scope: string, entry: UsageEntry, verb: string) => boolean) | undefined {
    const requests = this.ctx.usage ? requestsOf(this.ctx.usage, this.subject) : undefined;
    return requests ? (scope, entry, verb) => verbUsed(requests, scope, entry, verb) : undefined;
  }

  permissions(): SubjectPermissions {
    return (this.perms ??= subjectPermissions(this.ctx.state.index, this.subject));
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
    const badge = implicit || !this.badgeNow() ? undefined : subjectBadge(this.ctx.state.index, this.subject);
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

  /** Whether the badge can be shown now; if not, it is computed in the background and the row repainted. */
  private badgeNow(): boolean {
    const index = this.ctx.state.index;
    if (this.eager || hasSubjectBadge(index, this.subject)) return true;
    if (!this.queued) {
      this.queued = true;
      this.ctx.later(this, () => void subjectBadge(index, this.subject));
    }
    return false;
  }

  children(): PermNode[] {
    const out: PermNode[] = [];
    if (this.subject.kind === "Group") {
      const heirs = inheritors(this.subject.name, this.lists);
      if (heirs) out.push(new InheritorsNode(this, heirs, (parent) => pageSubjects(this.ctx, this.lists, parent, heirs)));
    }
    const state = this.ctx.state;
    // What the subject can become: one search, for this subject only, when it is expanded.
    try {
      const path = escalationOf(state.index, state.snapshot.others, this.subject);
      if (path) out.push(new EscalationNode(this, state.index, path));
    } catch (e) {
      const why = `Escalation paths not computed: ${e instanceof Error ? e.message : String(e)}`;
      out.push(new MessageNode(`${this.id}/can-become-error`, this, why, "error"));
    }
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
  const nodes = list.slice(0, ctx.pageSize).map((s, i) => new SubjectNode(ctx, lists, parent, s, i < EAGER_BADGES));
  return page(ctx, parent, nodes, "subjects", list.length);
}
