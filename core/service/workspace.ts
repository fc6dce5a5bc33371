// An in-memory model of every RBAC object the language service knows: all YAML files of the
// workspace (open or not) plus what the client reports of the live cluster. It answers the lookups
// completion, hover, navigation and the checks need (it implements the checks' WorkspaceView).
// A file's index is kept per chunk: an edit removes the changed chunks' objects and adds the new ones.

import { BindingObject, describeObject, NamedObject, RbacObject, RoleObject } from "../model";
import { count, Located, Origin, PartIndex, Piece, roleKey, WorkspacePiece } from "./workspace-part";

export { roleKey } from "./workspace-part";
export type { Located, Origin, WorkspacePiece } from "./workspace-part";

/** What the client reports of the current cluster context (already converted to the model). */
export interface ClusterSnapshot {
  readonly context: string;
  readonly objects: readonly RbacObject[];
  readonly serviceAccounts: readonly { namespace: string; name: string }[];
  readonly namespaces: readonly string[];
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
  private changes = 0;

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
    this.changes++;
  }

  /** Changes with every change of a file or of the cluster snapshot: a key for what is computed from all objects. */
  get generation(): number {
    return this.changes;
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
