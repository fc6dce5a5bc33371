// Shortest escalation paths (breadth-first, fewest steps): from each subject of the bindings, or from one
// identity, to cluster-admin or to one request. Certain paths are preferred; a path through a potential
// step is only given when no certain one exists. The steps a principal can take and whether it holds the
// target are computed once per principal and shared by every search, which keeps all subjects of a large
// cluster within one pass.

import { GROUP_AUTHENTICATED, GROUP_UNAUTHENTICATED, identityForSubject } from "../identity";
import { Identity, NamedObject, Request } from "../model";
import { IndexedSubject, RbacIndex } from "../rbac-index";
import { EscalationGraph } from "./graph";
import { PermissionUse, Principal } from "./principal";
import { Edge, EscalationStep } from "./step";
import { csrSteps, impersonationSteps, podSteps, tokenSteps } from "./steps-identity";
import { execSteps, nodeProxySteps, secretSteps } from "./steps-potential";
import { bindSteps, escalateSteps } from "./steps-rbac";
import { CLUSTER_ADMIN } from "./targets";
import { EscalationWorld } from "./world";

export interface EscalationOptions {
  /** Default: cluster-admin. */
  readonly target?: Request;
  /** ServiceAccounts and Namespaces seen besides the RBAC objects. */
  readonly others?: readonly NamedObject[];
  /** Longest path reported (default 8). */
  readonly maxSteps?: number;
}

export interface EscalationPath {
  /** Empty when the identity holds the target itself. */
  readonly steps: readonly EscalationStep[];
  /** The grant that allows the target at the end of the path. */
  readonly holds: PermissionUse;
  /** Some step is potential. */
  readonly potential: boolean;
}

export interface SubjectPath extends EscalationPath {
  readonly subject: IndexedSubject;
}

const IDENTITY_STEPS = [podSteps, tokenSteps, impersonationSteps, csrSteps];
const GRANT_STEPS = [bindSteps, escalateSteps];
const POTENTIAL = [execSteps, nodeProxySteps, secretSteps];

/** What RBAC sees for a subject: a user or ServiceAccount as such; a group as an unnamed member of it. */
export function subjectIdentity(s: IndexedSubject): Identity | undefined {
  if (s.kind === "Group") {
    const groups = s.name === GROUP_UNAUTHENTICATED || s.name === GROUP_AUTHENTICATED ? [s.name] : [s.name, GROUP_AUTHENTICATED];
    return { user: `member of group ${s.name}`, groups };
  }
  return identityForSubject({ kind: s.kind, apiGroup: "", name: s.name, namespace: s.namespace }, s.namespace);
}

export class EscalationAnalyzer {
  readonly target: Request;
  private readonly world: EscalationWorld;
  private readonly maxSteps: number;
  /** Only certain steps; and certain plus potential steps. */
  private readonly certain: EscalationGraph;
  private readonly possible: EscalationGraph;

  constructor(
    readonly index: RbacIndex,
    options: EscalationOptions = {},
  ) {
    this.target = options.target ?? CLUSTER_ADMIN;
    this.world = new EscalationWorld(index, options.others ?? [], this.target);
    this.maxSteps = options.maxSteps ?? 8;
    // Both graphs share the certain steps of a principal (computed once).
    const certainCache = new Map<string, Edge[]>();
    const certainEdges = (p: Principal) => {
      let edges = certainCache.get(p.key);
      if (!edges) {
        // One gained grant per path: a second bind or rewrite is only ever needed when the first one grants
        // the right to it, and allowing chains of them makes the graph grow with every pair of roles.
        const kinds = p.added.length === 0 ? [...IDENTITY_STEPS, ...GRANT_STEPS] : IDENTITY_STEPS;
        certainCache.set(p.key, (edges = kinds.flatMap((f) => f(this.world, p))));
      }
      return edges;
    };
    this.certain = new EscalationGraph(index, this.target, certainEdges);
    this.possible = new EscalationGraph(index, this.target, (p) => [...certainEdges(p), ...POTENTIAL.flatMap((f) => f(this.world, p))]);
  }

  /** The shortest path of one identity, or undefined when none is found within maxSteps. */
  pathFor(identity: Identity): EscalationPath | undefined {
    const start = new Principal(identity);
    for (const graph of [this.certain, this.possible]) {
      if (graph.distance(start) > this.maxSteps) continue;
      const found = graph.path(start)!;
      return { steps: found.steps, holds: found.holds, potential: found.steps.some((s) => s.potential) };
    }
    return undefined;
  }

  /** Every subject of the bindings that can reach the target, in the index's subject order. */
  all(): SubjectPath[] {
    const out: SubjectPath[] = [];
    for (const subject of this.index.subjects()) {
      const identity = subjectIdentity(subject);
      if (!identity) continue;
      const path = this.pathFor(identity);
      if (path) out.push({ subject, ...path });
    }
    return out;
  }
}
