// "Your permissions (API server)": when the RBAC objects cannot all be listed, what the connection's own
// user may do per namespace, as SelfSubjectRulesReview answers. `incomplete` means an authorizer could
// not enumerate its rules (a webhook such as Azure RBAC on AKS): the server may allow more than listed.
import * as vscode from "vscode";
import type { SelfRules } from "../../cluster";
import type { PolicyRule } from "../../core/model";
import { item, PermNode, warningIcon } from "./node";

const INCOMPLETE =
  "Incomplete: another authorizer (a webhook such as Azure RBAC on AKS) cannot list its rules, so the API server may allow more than this. Ask “Can I…?” for a definite answer.";

/** "get, list, watch roles, rolebindings (rbac.authorization.k8s.io)", "get /healthz, /version". */
export function describeSelfRule(r: PolicyRule): string {
  if (r.nonResourceURLs.length > 0) return `${r.verbs.join(", ")} ${r.nonResourceURLs.join(", ")}`;
  const groups = r.apiGroups.map((g) => (g === "" ? "core" : g)).join(", ");
  const names = r.resourceNames.length ? ` named ${r.resourceNames.join(", ")}` : "";
  return `${r.verbs.join(", ")} ${r.resources.join(", ")}${names} (${groups})`;
}

export class OwnRulesNode implements PermNode {
  readonly id = "own";
  readonly parent = undefined;

  constructor(private readonly reviews: readonly SelfRules[]) {}

  treeItem(): vscode.TreeItem {
    const t = item(this, "Your permissions (API server)", true, true);
    const incomplete = this.reviews.some((r) => r.incomplete);
    t.description = `${this.reviews.length} namespace${this.reviews.length === 1 ? "" : "s"}${incomplete ? ", incomplete" : ""}`;
    t.tooltip =
      "You may not list every RBAC object here: these are your own permissions as the API server reports them (SelfSubjectRulesReview)." +
      (incomplete ? `\n${INCOMPLETE}` : "");
    t.iconPath = new vscode.ThemeIcon("account");
    t.contextValue = "own";
    return t;
  }

  children(): PermNode[] {
    return this.reviews.map((r) => new OwnNamespaceNode(this, r));
  }
}

class OwnNamespaceNode implements PermNode {
  readonly id: string;
  constructor(
    readonly parent: PermNode,
    private readonly review: SelfRules,
  ) {
    this.id = `own/ns:${review.namespace}`;
  }

  treeItem(): vscode.TreeItem {
    const t = item(this, `namespace ${this.review.namespace}`, true);
    const n = this.review.rules.length;
    t.description = `${n} rule${n === 1 ? "" : "s"}${this.review.incomplete ? " — incomplete" : ""}`;
    t.tooltip = this.review.incomplete
      ? INCOMPLETE
      : "Every rule the API server reports for you in this namespace (cluster-wide rules included).";
    t.iconPath = this.review.incomplete ? warningIcon() : new vscode.ThemeIcon("symbol-namespace");
    t.contextValue = "own-namespace";
    return t;
  }

  children(): PermNode[] {
    const lines = this.review.rules.map((r, i) => new OwnRuleNode(this, i, describeSelfRule(r)));
    if (this.review.evaluationError) lines.push(new OwnRuleNode(this, lines.length, `evaluation error: ${this.review.evaluationError}`));
    return lines;
  }
}

class OwnRuleNode implements PermNode {
  readonly id: string;
  constructor(
    readonly parent: PermNode,
    index: number,
    private readonly text: string,
  ) {
    this.id = `${parent.id}/rule:${index}`;
  }

  treeItem(): vscode.TreeItem {
    const t = item(this, this.text, false);
    t.contextValue = "own-rule";
    return t;
  }

  children(): PermNode[] {
    return [];
  }
}
