// The index of one part of the workspace model (one file, or the cluster), kept piece by piece.

import { BindingObject, isBinding, isRole, NamedObject, RbacObject, RoleObject } from "../model";
import { sameEnds } from "./chunked-parse";

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

export function roleKey(kind: string, namespace: string, name: string): string {
  return `${kind}\u0000${kind === "Role" ? namespace : ""}\u0000${name}`;
}

/** The cluster's piece also carries its service accounts and namespaces. */
export interface Piece extends WorkspacePiece {
  readonly serviceAccounts?: readonly { namespace: string; name: string }[];
  readonly namespaces?: readonly string[];
}

/**
 * The index of one part of the workspace: one file, or the cluster. A part is made of pieces (a file's
 * chunks); replacing the pieces removes the objects of the pieces that left and adds those of the pieces
 * that came, so a one-line edit in a file of thousands of documents touches one chunk's objects.
 */
export class PartIndex {
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
export function count(m: Map<string, number>, k: string, d: number): boolean {
  const n = (m.get(k) ?? 0) + d;
  if (n <= 0) {
    m.delete(k);
    return true;
  }
  m.set(k, n);
  return n === 1 && d > 0;
}
