// What a set of audit events says was used: a compact set of distinct (user, request attributes) entries,
// built as the events are read, so a log of any length takes memory in proportion to the distinct
// requests, not to the events.
//
// A request is logged once per stage (RequestReceived, ResponseStarted for watches, ResponseComplete or
// Panic) under one auditID: it is counted once, when its first stage is seen. Only requests whose final
// stage is still to come are remembered by auditID (at most `maxOpen`; the oldest are forgotten first, which
// can only count a very long-running request twice, never lose one). The decision
// (`authorization.k8s.io/decision`) is counted once per request, from the first stage that carries it.
// Events answered 401 (the request was never authenticated, so RBAC never saw it) are left out.

import { Identity, Request } from "../model";
import { AuditRequest, isFinalStage } from "./event";

export interface UsageEntry {
  /** The user name RBAC judged. */
  readonly user: string;
  readonly request: Request;
  /** Distinct requests (auditIDs) with these attributes. */
  readonly count: number;
  /** Of those, the ones the server allowed / forbade (requests logged without a decision are in neither). */
  readonly allowed: number;
  readonly denied: number;
}

export interface UsageStats {
  /** Events given to `add`. */
  readonly events: number;
  /** Distinct requests counted. */
  readonly requests: number;
  /** Events that were a later stage of a request already counted. */
  readonly repeatedStages: number;
  /** Events answered 401 Unauthorized, left out. */
  readonly unauthenticated: number;
  /** Requests the server allowed / forbade (requests logged without a decision are in neither). */
  readonly allowed: number;
  readonly denied: number;
}

interface MutableEntry {
  readonly user: string;
  readonly request: Request;
  count: number;
  allowed: number;
  denied: number;
}

interface OpenRequest {
  readonly keys: readonly string[];
  decided: boolean;
}

export const DEFAULT_MAX_OPEN = 100_000;

export class AuditUsage {
  private readonly byKey = new Map<string, MutableEntry>();
  private readonly groups = new Map<string, Set<string>>();
  private readonly open = new Map<string, OpenRequest>();
  private readonly counts = { events: 0, requests: 0, repeatedStages: 0, unauthenticated: 0, allowed: 0, denied: 0 };

  constructor(private readonly maxOpen = DEFAULT_MAX_OPEN) {}

  add(event: AuditRequest): void {
    this.counts.events++;
    if (event.code === 401) {
      this.counts.unauthenticated++;
      return;
    }
    let state = this.open.get(event.auditID);
    if (state) this.counts.repeatedStages++;
    else {
      state = { keys: event.requests.map((r) => this.count(event.identity, r)), decided: false };
      this.counts.requests++;
    }
    if (!state.decided && (event.decision === "allow" || event.decision === "forbid")) {
      state.decided = true;
      if (event.decision === "allow") this.counts.allowed++;
      else this.counts.denied++;
      for (const key of state.keys) {
        const entry = this.byKey.get(key)!;
        if (event.decision === "allow") entry.allowed++;
        else entry.denied++;
      }
    }
    if (isFinalStage(event.stage)) this.open.delete(event.auditID);
    else this.remember(event.auditID, state);
  }

  /** Every entry, in a stable order (by user, then request attributes). */
  entries(): UsageEntry[] {
    return [...this.byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => ({ ...e }));
  }

  /** The entries of one user name. */
  entriesOf(user: string): UsageEntry[] {
    return this.entries().filter((e) => e.user === user);
  }

  /** Every group a user name was seen with, sorted. */
  groupsOf(user: string): string[] {
    return [...(this.groups.get(user) ?? [])].sort();
  }

  /** The user names seen, sorted. */
  users(): string[] {
    return [...this.groups.keys()].sort();
  }

  get stats(): UsageStats {
    return { ...this.counts };
  }

  /** Number of requests still waiting for their final stage (bounded by maxOpen). */
  get openRequests(): number {
    return this.open.size;
  }

  private count(identity: Identity, request: Request): string {
    let groups = this.groups.get(identity.user);
    if (!groups) this.groups.set(identity.user, (groups = new Set()));
    for (const g of identity.groups) groups.add(g);
    const key = usageKey(identity.user, request);
    const entry = this.byKey.get(key);
    if (entry) entry.count++;
    else this.byKey.set(key, { user: identity.user, request, count: 1, allowed: 0, denied: 0 });
    return key;
  }

  private remember(auditID: string, state: OpenRequest): void {
    this.open.delete(auditID);
    this.open.set(auditID, state);
    if (this.open.size > this.maxOpen) this.open.delete(this.open.keys().next().value!);
  }
}

/** The identity of an entry: user and every request attribute, in a string that sorts users together. */
export function usageKey(user: string, r: Request): string {
  const parts =
    r.kind === "resource" ? [user, "r", r.namespace, r.apiGroup, r.resource, r.subresource, r.verb, r.name] : [user, "n", r.path, r.verb];
  return parts.join("\u0000");
}
