// Under a subject: "Can become cluster-admin" and the shortest path there (core/escalation), one child per
// step and a last one for the grant that allows everything at the end of it. Shown only when there is a path.
import * as vscode from "vscode";
import type { EscalationPath } from "../../core/escalation/paths";
import type { RbacIndex } from "../../core/rbac-index";
import { escalationSummary, useView } from "./escalation";
import { EscalationStepNode, StepView } from "./escalation-step-node";
import { item, PermNode, warningIcon } from "./node";

export class EscalationNode implements PermNode {
  readonly id: string;
  constructor(
    readonly parent: PermNode,
    private readonly index: RbacIndex,
    private readonly path: EscalationPath,
  ) {
    this.id = `${parent.id}/can-become`;
  }

  treeItem(): vscode.TreeItem {
    const t = item(this, this.path.steps.length === 0 ? "Is cluster-admin" : "Can become cluster-admin", true);
    t.description = escalationSummary(this.path);
    t.iconPath = warningIcon();
    t.tooltip =
      this.path.steps.length === 0
        ? "Allowed every verb on every resource cluster-wide."
        : `The shortest escalation path to cluster-admin: every verb on every resource cluster-wide.${this.path.potential ? " Some step is possible, not certain." : ""}`;
    t.contextValue = "escalation";
    return t;
  }

  children(): PermNode[] {
    const steps = this.path.steps;
    const views: StepView[] = steps.map((s, i) => ({
      label: `${i + 1}. ${s.action}`,
      becomes: s.becomes,
      potential: s.potential,
      uses: s.uses.map((u) => useView(this.index, u, steps)),
      bySubject: i === 0,
    }));
    const holds = useView(this.index, this.path.holds, steps);
    views.push({
      label: steps.length === 0 ? "Allowed everything" : "Then allowed everything",
      description: holds.source,
      becomes: "",
      potential: false,
      uses: [holds],
      bySubject: steps.length === 0,
    });
    return views.map((v, i) => new EscalationStepNode(this, v, i));
  }
}
