// An in-memory model of every RBAC object the language service knows: all YAML files of the
// workspace (open or not) plus what the client reports of the live cluster. It answers the lookups
// completion, hover, navigation and the checks need (it implements the checks' WorkspaceView).
// A file's index is kept per chunk: an edit removes the changed chunks' objects and adds the new ones.

import { BindingObject, describeObject, isBinding, isRole, NamedObject, RbacObject, RoleObject } from "../model";
import { sameEnds } from "./chunked-parse";

/** What the client reports of the current cluster context (already converted to the model). */
export interface ClusterSnapshot {
  readonly context: string;
  readonly objects: readonly RbacObject[];
  readonly serviceAccounts: readonly { namespace: string; name: string }[];
  readonly namespaces: readonly string[];
}

/** Where a known object comes from: a workspace file, or the cluster. */
export type Origin = { readonly kind: "file"; readonly file: string } | { readonly kind: "cluster"; readonly context: string };

export interface Located<T> {
  readonly object: T;
  readonly origin: Origin;
}

/** Objects that enter and leave a part together: one chunk of a file (see ChunkedFile.pieces), or a whole snapshot. */
export interface WorkspacePiece {
  readonly objects: readonly RbacObject[];
  readonly others: readonly NamedObject[];
}

/** The cluster's piece also carries its service accounts and namespaces. */
interface Piece extends WorkspacePiece {
  readonly serviceAccounts?: readonly { namespace: string; name: string }[];
  readonly namespaces?: readonly string[];
}

export function roleKey(kind: string, namespace: string, name: string): string {
  return `${kind}\u0000${kind === "Role" ? namespace : ""}\u0000${name}`;
}

/**
 * The index of one part of the workspace: one file, or the cluster. A part is made of pieces (a file's
 * chunks); replacing the pieces removes the objects of the pieces that left and adds those of the pieces
 * that came, so a one-line edit in a file of thousands of documents touches one chunk's objects.
 */
class PartIndex {
  private pieces: readonly Piece[] = [];
  /** Where each role entry comes from (to keep lists in file order, and to remove a piece's entries). */
  private readonly pieceOf = new WeakMap<Located<RoleObject>, Piece>();
  readonly roles = new Map<string, Located<RoleObject>[]>();
  readonly rolesByName = new Map<string, Located<RoleObject>[]>();
  /** "namespace/name" → how many pieces' entries name it. */
  private readonly sas = new Map<string, number>();
  private readonly namespaceCounts = new Map<string, number>();
  private _objects: RbacObject[] | undefined;
  private _bindings: Located<BindingObject>[] | undefined;
  private _roles: Located<RoleObject>[] | undefined;

  constructor(readonly origin: Origin) {}

  /**
   * Replaces the pieces; returns the role and service-account keys ("r…", "s…") that appeared in this part
   * and those that left it.
   */
  setPieces(pieces: readonly Piece[]): { appeared: string[]; gone: string[] } {
    // Keys that appeared or disappeared on the way, with whether they were there before.
    const touched = new Map<string, boolean>();
    const old = this.pieces;
    // The pieces an edit left in place stay; the others leave and come (a piece that moved does both).
    const { head, tail } = sameEnds(old, pieces);
    for (let k = head; k < old.length - tail; k++) this.remove(old[k], touched);
    this.pieces = pieces;
    for (let k = head; k < pieces.length - tail; k++) this.add(pieces[k], old.length > 0, touched);
    const appeared: string[] = [];
    const gone: string[] = [];
    for (const [k, before] of touched) {
      const now = k.startsWith("r") ? this.roles.has(k.slice(1)) : this.sas.has(k.slice(1));
      if (now && !before) appeared.push(k);
      else if (before && !now) gone.push(k);
    }
    this._objects = undefined;
    this._bindings = undefined;
    this._roles = undefined;
    return { appeared, gone };
  }

  /** Every role entry, grouped by key, keys in the order they first appear. */
  get allRoles(): readonly Located<RoleObject>[] {
    if (!this._roles) {
      const out: Located<RoleObject>[] = [];
      const done = new Set<string>();
      for (const p of this.pieces) {
        for (const o of p.objects) {
          if (!isRole(o)) continue;
          const k = roleKey(o.kind, o.metadata.namespace, o.metadata.name);
          if (done.has(k)) continue;
          done.add(k);
          for (const l of this.roles.get(k) ?? []) out.push(l);
        }
      }
      this._roles = out;
    }
    return this._roles;
  }

  get objects(): readonly RbacObject[] {
    if (!this._objects) {
      const out: RbacObject[] = [];
      for (const p of this.pieces) for (const o of p.objects) out.push(o);
      this._objects = out;
    }
    return this._objects;
  }

  get bindings(): readonly Located<BindingObject>[] {
    if (!this._bindings) {
      const out: Located<BindingObject>[] = [];
      for (const p of this.pieces) for (const o of p.objects) if (isBinding(o)) out.push({ object: o, origin: this.origin });
      this._bindings = out;
    }
    return this._bindings;
  }

  hasServiceAccount(key: string): boolean {
    return this.sas.has(key);
  }

  /** The part's role and service-account keys, as setPieces names them. */
  *keys(): Generator<string> {
    for (const k of this.roles.keys()) yield `r${k}`;
    for (const k of this.sas.keys()) yield `s${k}`;
  }

  serviceAccountKeys(): Iterable<string> {
    return this.sas.keys();
  }

  namespaces(): Iterable<string> {
    return this.namespaceCounts.keys();
  }

  /** The service-account keys and namespaces a piece contributes (with repeats). */
  private *contributions(p: Piece): Generator<{ sa?: string; ns?: string }> {
    for (const o of p.objects) {
      if (o.metadata.namespace) yield { ns: o.metadata.namespace };
      if (isBinding(o)) for (const s of o.subjects) if (s.kind === "ServiceAccount" && s.namespace) yield { ns: s.namespace };
    }
    for (const n of p.others) {
      if (n.kind === "Namespace") yield { ns: n.metadata.name };
      else {
        yield { sa: `${n.metadata.namespace}/${n.metadata.name}` };
        if (n.metadata.namespace) yield { ns: n.metadata.namespace };
      }
    }
    for (const sa of p.serviceAccounts ?? []) yield { sa: `${sa.namespace}/${sa.name}` };
    for (const ns of p.namespaces ?? []) yield { ns };
  }

  private add(p: Piece, inOrder: boolean, touched: Map<string, boolean>): void {
    for (const o of p.objects) {
      if (!isRole(o)) continue;
      const l: Located<RoleObject> = { object: o, origin: this.origin };
      this.pieceOf.set(l, p);
      const k = roleKey(o.kind, o.metadata.namespace, o.metadata.name);
      if (this.insert(this.roles, k, l, inOrder)) note(touched, `r${k}`, false);
      this.insert(this.rolesByName, o.metadata.name, l, inOrder);
    }
    for (const c of this.contributions(p)) {
      if (c.sa !== undefined && count(this.sas, c.sa, 1)) note(touched, `s${c.sa}`, false);
      if (c.ns) count(this.namespaceCounts, c.ns, 1);
    }
  }

  private remove(p: Piece, touched: Map<string, boolean>): void {
    for (const o of p.objects) {
      if (!isRole(o)) continue;
      const k = roleKey(o.kind, o.metadata.namespace, o.metadata.name);
      if (this.drop(this.roles, k, p)) note(touched, `r${k}`, true);
      this.drop(this.rolesByName, o.metadata.name, p);
    }
    for (const c of this.contributions(p)) {
      if (c.sa !== undefined && count(this.sas, c.sa, -1)) note(touched, `s${c.sa}`, true);
      if (c.ns) count(this.namespaceCounts, c.ns, -1);
    }
  }

  /** Adds an entry, keeping the list in piece order; true when the key is new. */
  private insert(m: Map<string, Located<RoleObject>[]>, k: string, l: Located<RoleObject>, inOrder: boolean): boolean {
    const list = m.get(k);
    if (!list) {
      m.set(k, [l]);
      return true;
    }
    list.push(l);
    if (inOrder) {
      // The same key defined twice (rare): order by piece, then as the piece lists them.
      const at = new Map(this.pieces.map((p, i) => [p, i] as const));
      const pos = (x: Located<RoleObject>) => at.get(this.pieceOf.get(x)!) ?? -1;
      const indexed = list.map((x, i) => ({ x, i, p: pos(x) }));
      indexed.sort((a, b) => a.p - b.p || a.i - b.i);
      indexed.forEach((e, i) => (list[i] = e.x));
    }
    return false;
  }

  /** Removes the piece's entries under the key; true when the key is gone. */
  private drop(m: Map<string, Located<RoleObject>[]>, k: string, p: Piece): boolean {
    const list = m.get(k);
    if (!list) return false;
    const rest = list.filter((x) => this.pieceOf.get(x) !== p);
    if (rest.length > 0) {
      m.set(k, rest);
      return false;
    }
    m.delete(k);
    return true;
  }
}

function note(touched: Map<string, boolean>, k: string, before: boolean): void {
  if (!touched.has(k)) touched.set(k, before);
}

/** Adds `d` to the count of `k`; true when `k` appeared or disappeared. */
function count(m: Map<string, number>, k: string, d: number): boolean {
  const n = (m.get(k) ?? 0) + d;
  if (n <= 0) {
    m.delete(k);
    return true;
  }
  m.set(k, n);
  return n === 1 && d > 0;
}

const CLUSTER_PART = "\u0000cluster";

export class WorkspaceModel {
  /** Files in the order they were first seen, then the cluster. */
  private readonly parts = new Map<string, PartIndex>();
  private cluster: ClusterSnapshot | undefined;
  private shapeCounter = 0;
  /** Role and service-account keys ("r…", "s…"): how many parts define each. */
  private readonly keyParts = new Map<string, number>();
  private allBindings: Located<BindingObject>[] | undefined;

  /** Counts keys in and out of the parts; the shape changes when a key appears in or leaves the whole workspace. */
  private countKeys(appeared: Iterable<string>, gone: Iterable<string>): void {
    for (const k of gone) if (count(this.keyParts, k, -1)) this.shapeCounter++;
    for (const k of appeared) if (count(this.keyParts, k, 1)) this.shapeCounter++;
  }

  /** Sets (or removes, with undefined) the pieces of a part. */
  private setPart(key: string, origin: Origin, pieces: readonly Piece[] | undefined): void {
    const old = this.parts.get(key);
    if (!pieces) {
      if (!old) return;
      this.parts.delete(key);
      this.countKeys([], old.keys());
    } else if (old && sameOrigin(old.origin, origin)) {
      const { appeared, gone } = old.setPieces(pieces);
      this.countKeys(appeared, gone);
    } else {
      if (old) this.countKeys([], old.keys());
      const part = new PartIndex(origin);
      this.countKeys(part.setPieces(pieces).appeared, []);
      if (key !== CLUSTER_PART && this.parts.has(CLUSTER_PART) && !old) {
        // Keep the cluster last: workspace definitions come first in every answer.
        const cluster = this.parts.get(CLUSTER_PART)!;
        this.parts.delete(CLUSTER_PART);
        this.parts.set(key, part);
        this.parts.set(CLUSTER_PART, cluster);
      } else this.parts.set(key, part);
    }
    this.allBindings = undefined;
  }

  /** Replace what a file holds. */
  setFile(file: string, objects: readonly RbacObject[], others: readonly NamedObject[]): void {
    this.setFilePieces(file, [{ objects, others }]);
  }

  /**
   * Replace what a file holds, piece by piece (a chunked file's chunks): pieces already known (the same
   * object) are kept, so an edit costs the pieces that changed.
   */
  setFilePieces(file: string, pieces: readonly WorkspacePiece[]): void {
    this.setPart(file, { kind: "file", file }, pieces);
  }

  removeFile(file: string): void {
    if (this.parts.has(file)) this.setPart(file, { kind: "file", file }, undefined);
  }

  hasFile(file: string): boolean {
    return file !== CLUSTER_PART && this.parts.has(file);
  }

  fileNames(): string[] {
    return [...this.parts.keys()].filter((k) => k !== CLUSTER_PART);
  }

  setCluster(snapshot: ClusterSnapshot | undefined): void {
    // Whether a cluster is known changes what "not found" means.
    if ((snapshot === undefined) !== (this.cluster === undefined)) this.shapeCounter++;
    this.cluster = snapshot;
    const origin: Origin = { kind: "cluster", context: snapshot?.context ?? "" };
    this.setPart(
      CLUSTER_PART,
      origin,
      snapshot
        ? [{ objects: snapshot.objects, others: [], serviceAccounts: snapshot.serviceAccounts, namespaces: snapshot.namespaces }]
        : undefined,
    );
  }

  get clusterSnapshot(): ClusterSnapshot | undefined {
    return this.cluster;
  }

  /** True when the client reported a cluster: "not found" then means "not in the workspace nor the cluster". */
  get clusterKnown(): boolean {
    return this.cluster !== undefined;
  }

  /** True when any Role or ClusterRole is known (otherwise "role not found" would be noise). */
  get knowsRoles(): boolean {
    for (const p of this.parts.values()) if (p.roles.size > 0) return true;
    return false;
  }

  /**
   * A number that changes whenever a role or service account appears in the workspace or leaves it (not when
   * another file defines one already known), and when a cluster becomes known or unknown.
   */
  get shape(): number {
    return this.shapeCounter;
  }

  /** The role a roleRef names. `namespace` is the binding's namespace (ignored for ClusterRoles). */
  findRole(kind: string, namespace: string, name: string): RoleObject | undefined {
    const key = roleKey(kind, namespace, name);
    for (const p of this.parts.values()) {
      const l = p.roles.get(key);
      if (l) return l[0].object;
    }
    return undefined;
  }

  /** Every definition of that role, workspace files first, then the cluster. */
  locateRole(kind: string, namespace: string, name: string): Located<RoleObject>[] {
    const key = roleKey(kind, namespace, name);
    const out: Located<RoleObject>[] = [];
    for (const p of this.parts.values()) out.push(...(p.roles.get(key) ?? []));
    return out;
  }

  /** Roles and ClusterRoles of that name in any namespace (for "did you mean the ClusterRole?"). */
  rolesNamed(name: string): RoleObject[] {
    const out: RoleObject[] = [];
    for (const p of this.parts.values()) for (const l of p.rolesByName.get(name) ?? []) out.push(l.object);
    return out;
  }

  /** true when known; false when the cluster is known and lacks it; undefined when we cannot tell. */
  hasServiceAccount(namespace: string, name: string): boolean | undefined {
    const key = `${namespace}/${name}`;
    for (const p of this.parts.values()) if (p.hasServiceAccount(key)) return true;
    return this.cluster ? false : undefined;
  }

  /** All roles, workspace first. */
  roles(): Located<RoleObject>[] {
    const out: Located<RoleObject>[] = [];
    for (const p of this.parts.values()) for (const l of p.allRoles) out.push(l);
    return out;
  }

  bindings(): readonly Located<BindingObject>[] {
    if (!this.allBindings) {
      const out: Located<BindingObject>[] = [];
      for (const p of this.parts.values()) out.push(...p.bindings);
      this.allBindings = out;
    }
    return this.allBindings;
  }

  /** Bindings whose roleRef points at this role. */
  bindingsOf(role: RoleObject): Located<BindingObject>[] {
    return this.bindings().filter(({ object: b }) => {
      if (b.roleRef.kind !== role.kind || b.roleRef.name !== role.metadata.name) return false;
      if (role.kind === "Role") return b.kind === "RoleBinding" && b.metadata.namespace === role.metadata.namespace;
      return true;
    });
  }

  /** Every object of workspace and cluster, for the authorization engine. */
  allObjects(): RbacObject[] {
    const out: RbacObject[] = [];
    for (const p of this.parts.values()) out.push(...p.objects);
    return out;
  }

  namespaces(): string[] {
    const all = new Set<string>();
    for (const p of this.parts.values()) for (const n of p.namespaces()) all.add(n);
    return [...all].sort();
  }

  /** Every known service account, sorted by "namespace/name". */
  serviceAccounts(): { namespace: string; name: string }[] {
    const all = new Set<string>();
    for (const p of this.parts.values()) for (const k of p.serviceAccountKeys()) all.add(k);
    return [...all].sort().map((k) => {
      const i = k.indexOf("/");
      return { namespace: k.slice(0, i), name: k.slice(i + 1) };
    });
  }

  /** Where an object comes from, for messages. */
  static describe(l: Located<RbacObject>): string {
    return l.origin.kind === "file" ? describeObject(l.object) : `${describeObject(l.object)} (cluster ${l.origin.context})`;
  }
}

function sameOrigin(a: Origin, b: Origin): boolean {
  return a.kind === "file" ? b.kind === "file" && a.file === b.file : b.kind === "cluster" && a.context === b.context;
}
