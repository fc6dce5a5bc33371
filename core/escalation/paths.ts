// Shortest escalation paths (breadth-first, fewest steps): from each subject of the bindings, or from one
// identity, to cluster-admin or to one request. Certain paths are preferred; a path through a potential
// step is only given when no certain one exists. The steps a principal can take and whether it holds the
// target are computed once per principal and shared by every search, which keeps all subjects of a large
// cluster within one pass.

import { GROUP_AUTHENTICATED, GROUP_UNAUTHENTICATED, identityForSubject } from "../identity";
import { Identity, NamedObject, Request } from "../model";
import { IndexedSubject, RbacIndex } from "../rbac-index";
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
  /** Longest path searched (default 5). */
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
  private readonly edgeCache = new Map<string, { certain: Edge[]; potential?: Edge[] }>();
  private readonly holdCache = new Map<string, PermissionUse | null>();

  constructor(
    readonly index: RbacIndex,
    options: EscalationOptions = {},
  ) {
    this.target = options.target ?? CLUSTER_ADMIN;
    this.world = new EscalationWorld(index, options.others ?? [], this.target);
    this.maxSteps = options.maxSteps ?? 5;
  }

  /** The shortest path of one identity, or undefined when none is found within maxSteps. */
  pathFor(identity: Identity): EscalationPath | undefined {
    const start = new Principal(identity);
    return this.search(start, false) ?? this.search(start, true);
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

  private holds(p: Principal): PermissionUse | undefined {
    let h = this.holdCache.get(p.key);
    if (h === undefined) {
      h = p.allows(this.index, this.target) ?? null;
      if (p.added.length === 0) this.holdCache.set(p.key, h);
    }
    return h ?? undefined;
  }

  private edges(p: Principal, potential: boolean): Edge[] {
    let e = this.edgeCache.get(p.key);
    if (!e) {
      // One gained grant per path: a second bind or rewrite is only ever needed when the first one grants
      // the right to it, and allowing chains of them makes the search grow with every pair of roles.
      const kinds = p.added.length === 0 ? [...IDENTITY_STEPS, ...GRANT_STEPS] : IDENTITY_STEPS;
      e = { certain: kinds.flatMap((f) => f(this.world, p)) };
      if (p.added.length === 0) this.edgeCache.set(p.key, e);
    }
    if (!potential) return e.certain;
    e.potential ??= POTENTIAL.flatMap((f) => f(this.world, p));
    return [...e.certain, ...e.potential];
  }

  private search(start: Principal, potential: boolean): EscalationPath | undefined {
    const direct = this.holds(start);
    if (direct) return { steps: [], holds: direct, potential: false };
    const parent = new Map<string, { from: string; edge: Edge } | null>([[start.key, null]]);
    let level = [start];
    for (let depth = 1; depth <= this.maxSteps && level.length > 0; depth++) {
      const next: Principal[] = [];
      for (const p of level) {
        for (const edge of this.edges(p, potential)) {
          const k = edge.next.key;
          if (parent.has(k)) continue;
          parent.set(k, { from: p.key, edge });
          const holds = this.holds(edge.next);
          if (holds) {
            const steps = unwind(parent, k);
            return { steps, holds, potential: steps.some((s) => s.potential) };
          }
          next.push(edge.next);
        }
      }
      level = next;
    }
    return undefined;
  }
}

function unwind(parent: Map<string, { from: string; edge: Edge } | null>, key: string): EscalationStep[] {
  const steps: EscalationStep[] = [];
  for (let link = parent.get(key); link; link = parent.get(link.from)) steps.push(link.edge.step);
  return steps.reverse();
}
