// The escalation graph, solved incrementally: nodes are principals, edges are steps. A query explores
// forward from its start only as far as nodes whose distance to the target is not yet known, then assigns
// exact distances to everything it explored with a unit-weight reverse search seeded by the nodes that hold
// the target and by the already solved frontier. The explored set is closed under its edges, so every
// distance it assigns is final and later queries stop at it: all subjects of a large cluster cost one pass
// over the graph instead of one search each.

import { RbacIndex } from "../rbac-index";
import { Request } from "../model";
import { PermissionUse, Principal } from "./principal";
import { Edge } from "./step";

export type EdgeSource = (p: Principal) => Edge[];

interface Node {
  readonly p: Principal;
  edges?: Edge[];
  holds?: PermissionUse | null;
}

export class EscalationGraph {
  private readonly nodes = new Map<string, Node>();
  private readonly dist = new Map<string, number>();

  constructor(
    private readonly index: RbacIndex,
    private readonly target: Request,
    private readonly edgesOf: EdgeSource,
  ) {}

  private node(p: Principal): Node {
    let n = this.nodes.get(p.key);
    if (!n) this.nodes.set(p.key, (n = { p }));
    return n;
  }

  holds(n: Node): PermissionUse | undefined {
    if (n.holds === undefined) n.holds = n.p.allows(this.index, this.target) ?? null;
    return n.holds ?? undefined;
  }

  private edges(n: Node): Edge[] {
    return (n.edges ??= this.holds(n) ? [] : this.edgesOf(n.p));
  }

  /** Steps from `p` to the target (Infinity when unreachable). */
  distance(p: Principal): number {
    const known = this.dist.get(p.key);
    if (known !== undefined) return known;
    this.solve(this.node(p));
    return this.dist.get(p.key)!;
  }

  /** The path from `p`: at each node the first edge that leads one step closer. */
  path(p: Principal): { edges: Edge[]; holds: PermissionUse } | undefined {
    let d = this.distance(p);
    if (!Number.isFinite(d)) return undefined;
    const edges: Edge[] = [];
    let n = this.node(p);
    while (d > 0) {
      const e = this.edges(n).find((x) => this.distance(x.next) === d - 1)!;
      edges.push(e);
      n = this.node(e.next);
      d--;
    }
    return { edges, holds: this.holds(n)! };
  }

  private solve(start: Node): void {
    // Forward: every unsolved node reachable from the start, with reverse adjacency among them.
    const seen = new Set<string>([start.p.key]);
    const order: Node[] = [start];
    const preds = new Map<string, string[]>();
    for (let i = 0; i < order.length; i++) {
      const n = order[i]!;
      for (const e of this.edges(n)) {
        const k = e.next.key;
        const list = preds.get(k);
        if (list) list.push(n.p.key);
        else preds.set(k, [n.p.key]);
        if (seen.has(k) || this.dist.has(k)) continue;
        seen.add(k);
        order.push(this.node(e.next));
      }
    }
    // Backward: buckets by distance, seeded by holders (0) and by solved nodes on the frontier.
    const buckets: string[][] = [];
    const put = (k: string, d: number) => (buckets[d] ??= []).push(k);
    for (const n of order) if (this.holds(n)) (this.dist.set(n.p.key, 0), put(n.p.key, 0));
    for (const k of preds.keys()) {
      const d = this.dist.get(k);
      if (d !== undefined && !seen.has(k) && Number.isFinite(d)) put(k, d);
    }
    for (let d = 0; d < buckets.length; d++) {
      for (const k of buckets[d] ?? []) {
        if (this.dist.get(k)! < d) continue;
        for (const q of preds.get(k) ?? []) {
          if (!seen.has(q)) continue;
          const cur = this.dist.get(q);
          if (cur === undefined || cur > d + 1) (this.dist.set(q, d + 1), put(q, d + 1));
        }
      }
    }
    for (const n of order) if (!this.dist.has(n.p.key)) this.dist.set(n.p.key, Infinity);
  }
}
