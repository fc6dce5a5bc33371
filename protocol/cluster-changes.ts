// The client's side of kubeRbac/clusterChanges: what changed since the last message sent. The cluster
// snapshot keeps an unchanged object's identity from one state to the next (cluster/snapshot.ts), so a
// change is found by identity per object key; a new origin (context or snapshot file) starts over with a
// whole state. A large message (a whole state of tens of thousands of objects) goes in pages: each one
// is encoded, written and released before the next is built, so the extension host never holds the
// whole state as one JSON text.
import type { RbacObject } from "../core/model";
import type { ClusterChangesParams, ClusterObjectKey, ClusterServiceAccount, DiscoveredGroup } from "./index";

/** One ready state, as the client has it. */
export interface ClusterStateParts {
  /** Changes only apply within one origin (source and context). */
  readonly origin: string;
  readonly context: string;
  readonly objects: readonly RbacObject[];
  readonly serviceAccounts: readonly ClusterServiceAccount[];
  readonly namespaces: readonly string[];
  /** The discovery catalog, built only when `discoveryIdentity` changed. */
  readonly discovery: () => readonly DiscoveredGroup[] | undefined;
  readonly discoveryIdentity: unknown;
}

function keyOf(o: RbacObject): ClusterObjectKey {
  return { kind: o.kind, namespace: o.kind === "Role" || o.kind === "RoleBinding" ? o.metadata.namespace : "", name: o.metadata.name };
}

function keyString(o: RbacObject): string {
  const ns = o.kind === "Role" || o.kind === "RoleBinding" ? o.metadata.namespace : "";
  return `${o.kind}/${ns}/${o.metadata.name}`;
}

function sameList<T>(a: readonly T[] | undefined, b: readonly T[], same: (x: T, y: T) => boolean): boolean {
  if (a === b) return true;
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
  return true;
}

export class ClusterChangeTracker {
  /** The objects of the last state sent, by identity. */
  private sent = new Set<RbacObject>();
  private origin: string | undefined;
  private seq = 0;
  private serviceAccounts: readonly ClusterServiceAccount[] | undefined;
  private namespaces: readonly string[] | undefined;
  private discoveryIdentity: unknown;

  /** The next state is sent whole (after a null state, or to a restarted server). */
  reset(): void {
    this.origin = undefined;
  }

  /** The message that brings the server from the last state sent to `state`; undefined when nothing changed. */
  next(state: ClusterStateParts): ClusterChangesParams | undefined {
    const full = state.origin !== this.origin;
    // By identity first (cheap for tens of thousands of objects); keys only for what differs.
    const current = new Set(state.objects);
    const upserts = full ? [...current] : state.objects.filter((o) => !this.sent.has(o));
    const deletes: ClusterObjectKey[] = [];
    if (!full) {
      const replaced = new Set(upserts.map(keyString));
      for (const o of this.sent) if (!current.has(o) && !replaced.has(keyString(o))) deletes.push(keyOf(o));
    }
    const sa = full || !sameList(this.serviceAccounts, state.serviceAccounts, (x, y) => x.namespace === y.namespace && x.name === y.name);
    const ns = full || !sameList(this.namespaces, state.namespaces, (x, y) => x === y);
    const discovery = full || state.discoveryIdentity !== this.discoveryIdentity;
    if (!full && !upserts.length && !deletes.length && !sa && !ns && !discovery) return undefined;
    const message: ClusterChangesParams = {
      seq: full ? 1 : this.seq + 1,
      full,
      context: state.context,
      upserts,
      deletes,
      ...(sa ? { serviceAccounts: state.serviceAccounts } : {}),
      ...(ns ? { namespaces: state.namespaces } : {}),
      ...(discovery ? { discovery: state.discovery() ?? null } : {}),
    };
    this.sent = current;
    this.origin = state.origin;
    this.seq = message.seq;
    this.serviceAccounts = state.serviceAccounts;
    this.namespaces = state.namespaces;
    this.discoveryIdentity = state.discoveryIdentity;
    return message;
  }

  /**
   * `next`, in messages of at most `pageSize` upserts: the first carries the deletes, the last the lists
   * and the catalog, and every one but the last says `more`. Empty when nothing changed.
   */
  nextPages(state: ClusterStateParts, pageSize: number): ClusterChangesParams[] {
    const message = this.next(state);
    if (!message) return [];
    const pages = inPages(message, pageSize);
    this.seq = pages[pages.length - 1].seq;
    return pages;
  }
}

/** One message as consecutive messages of at most `pageSize` upserts each (at least one message). */
export function inPages(message: ClusterChangesParams, pageSize: number): ClusterChangesParams[] {
  const size = Math.max(1, Math.floor(pageSize));
  const count = Math.max(1, Math.ceil(message.upserts.length / size));
  if (count === 1) return [message];
  const { serviceAccounts, namespaces, discovery, ...head } = message;
  const last = {
    ...(serviceAccounts !== undefined ? { serviceAccounts } : {}),
    ...(namespaces !== undefined ? { namespaces } : {}),
    ...(discovery !== undefined ? { discovery } : {}),
  };
  return Array.from({ length: count }, (_, i) => ({
    ...head,
    seq: message.seq + i,
    full: message.full && i === 0,
    upserts: message.upserts.slice(i * size, (i + 1) * size),
    deletes: i === 0 ? message.deletes : [],
    ...(i < count - 1 ? { more: true } : last),
  }));
}
