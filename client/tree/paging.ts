// Long lists of children are cut at the page size, with a last node that says how many more there are
// and offers the filter.
import { MessageNode } from "./message-node";
import { PermNode, TreeContext } from "./node";

export function page(ctx: TreeContext, parent: PermNode, nodes: PermNode[], what: string, total = nodes.length): PermNode[] {
  const shown = nodes.slice(0, ctx.pageSize);
  if (total > shown.length) {
    shown.push(
      new MessageNode(`${parent.id}/more`, parent, `${total - shown.length} more ${what}: filter to narrow the list`, "filter", undefined, {
        command: "kubeRbac.filter",
        title: "Filter",
      }),
    );
  }
  return shown;
}
