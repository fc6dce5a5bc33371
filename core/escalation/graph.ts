// The escalation graph, solved incrementally: nodes are principals and hubs (free choices among many
// principals), edges are steps (one each) and choices (free). A query explores forward from its start only
// as far as nodes whose distance to the target is not yet known, then assigns exact distances to everything
// it explored with a reverse search by distance buckets, seeded by the nodes that hold the target and by the
// already solved frontier. The explored set is closed under its edges, so every distance it assigns is final
// and later queries stop at it: all subjects of a large cluster cost one pass over the graph.

import { RbacIndex } from "../rbac-index";
import { Request } from "../model";
import { PermissionUse, Principal } from "./principal";
import { Edge, EscalationStep, fillStep, Hub } from "./step";

export type EdgeSource = (p: Principal) => Edge[];

interface Node {
  readonly at: Principal | Hub;
  edges?: Edge[];
  holds?: PermissionUse | null;
}

const weight = (e: Edge) => (e.step ? 1 : 0);

export class EscalationGraph {
  private readonly nodes = new Map<string, Node>();
  private readonly dist = new Map<string, number>();

  constructor(
    private readonly index: RbacIndex,
    private readonly target: Request,
    private readonly edgesOf: EdgeSource,
  ) {}

  private node(at: Principal | Hub): Node {
    let n = this.nodes.get(at.key);
    if (!n) this.nodes.set(at.key, (n = { at }));
    return n;
  }

  private holds(n: Node): PermissionUse | undefined {
    if (n.holds === undefined) n.holds = n.at instanceof Principal ? (n.at.allows(this.index, this.target) ?? null) : null;
    return n.holds ?? undefined;
  }

  private edges(n: Node): Edge[] {
    if (!n.edges) n.edges = this.holds(n) ? [] : n.at instanceof Hub ? n.at.edges() : this.edgesOf(n.at);
    return n.edges;
  }

  /** Steps from `p` to the target (Infinity when unreachable). */
  distance(p: Principal | Hub): number {
    const known = this.dist.get(p.key);
    if (known !== undefined) return known;
    this.solve(this.node(p));
    return this.dist.get(p.key)!;
  }

  /** The path from `p`: at each node the first edge that keeps to a shortest path; choices fill the step before them. */
  path(p: Principal): { steps: EscalationStep[]; holds: PermissionUse } | undefined {
    let d = this.distance(p);
    if (!Number.isFinite(d)) return undefined;
    const steps: EscalationStep[] = [];
    let pending: { step: EscalationStep; vars: Record<string, string> } | undefined;
    let n = this.node(p);
    for (;;) {
      if (d === 0 && this.holds(n)) break;
      const e = this.edges(n).find((x) => this.distance(x.next) + weight(x) === d)!;
      if (e.step) {
        if (pending) steps.push(fillStep(pending.step, pending.vars, n.at as Principal));
        pending = { step: e.step, vars: { ...e.vars } };
      } else if (pending && e.vars) Object.assign(pending.vars, e.vars);
      n = this.node(e.next);
      d -= weight(e);
    }
    if (pending) steps.push(fillStep(pending.step, pending.vars, n.at as Principal));
    return { steps, holds: this.holds(n)! };
  }

  /**
   * The shortest path from `p` found by a forward search that stops at the first holder (layers by distance,
   * free choices within a layer): cheap for one identity with a short path, without solving the whole graph.
   */
  search(p: Principal, maxSteps: number): { steps: EscalationStep[]; holds: PermissionUse } | undefined {
    const start = this.node(p);
    const parent = new Map<string, { from: Node; edge: Edge } | null>([[p.key, null]]);
    if (this.holds(start)) return this.unwind(parent, start);
    let layer = [start];
    for (let d = 0; d <= maxSteps && layer.length > 0; d++) {
      const next: Node[] = [];
      for (let i = 0; i < layer.length; i++) {
        const n = layer[i];
        for (const e of this.edges(n)) {
          if (parent.has(e.next.key)) continue;
          parent.set(e.next.key, { from: n, edge: e });
          const m = this.node(e.next);
          // Every node found before this one, in this layer or the next, holds nothing: the first holder
          // found is the first one a layer-by-layer walk would reach, so the walk stops here.
          if ((!e.step || d < maxSteps) && this.holds(m)) return this.unwind(parent, m);
          (e.step ? next : layer).push(m);
        }
      }
      layer = next;
    }
    return undefined;
  }

  private unwind(parent: Map<string, { from: Node; edge: Edge } | null>, end: Node): { steps: EscalationStep[]; holds: PermissionUse } {
    const links: { from: Node; edge: Edge }[] = [];
    for (let link = parent.get(end.at.key); link; link = parent.get(link.from.at.key)) links.push(link);
    links.reverse();
    const steps: EscalationStep[] = [];
    let pending: { step: EscalationStep; vars: Record<string, string> } | undefined;
    for (const { from, edge } of links) {
      if (edge.step) {
        // The choices after the previous step ended at `from`: what it became.
        if (pending) steps.push(fillStep(pending.step, pending.vars, from.at as Principal));
        pending = { step: edge.step, vars: { ...edge.vars } };
      } else if (pending && edge.vars) Object.assign(pending.vars, edge.vars);
    }
    if (pending) steps.push(fillStep(pending.step, pending.vars, end.at as Principal));
    return { steps, holds: this.holds(end)! };
  }

  private solve(start: Node): void {
    // Forward: every unsolved node reachable from the start, with weighted reverse adjacency among them.
    const seen = new Set<string>([start.at.key]);
    const order: Node[] = [start];
    const preds = new Map<string, { from: string; w: number }[]>();
    for (let i = 0; i < order.length; i++) {
      const n = order[i];
      for (const e of this.edges(n)) {
        const k = e.next.key;
        const list = preds.get(k);
        const link = { from: n.at.key, w: weight(e) };
        if (list) list.push(link);
        else preds.set(k, [link]);
        if (seen.has(k) || this.dist.has(k)) continue;
        seen.add(k);
        order.push(this.node(e.next));
      }
    }
    // Backward: buckets by distance (a choice keeps the distance, a step adds one), seeded by holders and
    // by solved nodes on the frontier. A bucket grows while it is read: its free choices land in it.
    const buckets: string[][] = [];
    const put = (k: string, d: number) => (buckets[d] ??= []).push(k);
    for (const n of order)
      if (this.holds(n)) {
        this.dist.set(n.at.key, 0);
        put(n.at.key, 0);
      }
    for (const k of preds.keys()) {
      const d = this.dist.get(k);
      if (d !== undefined && !seen.has(k) && Number.isFinite(d)) put(k, d);
    }
    for (let d = 0; d < buckets.length; d++) {
      const bucket = buckets[d] ?? [];
      for (let i = 0; i < bucket.length; i++) {
        const k = bucket[i];
        if (this.dist.get(k)! < d) continue;
        for (const { from, w } of preds.get(k) ?? []) {
          if (!seen.has(from)) continue;
          const cur = this.dist.get(from);
          if (cur === undefined || cur > d + w) {
            this.dist.set(from, d + w);
            put(from, d + w);
          }
        }
      }
    }
    for (const n of order) if (!this.dist.has(n.at.key)) this.dist.set(n.at.key, Infinity);
  }
}
