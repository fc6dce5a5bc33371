// An in-memory model of every RBAC object the language service knows: all YAML files of the
// workspace (open or not) plus what the client reports of the live cluster. It answers the lookups
// completion, hover, navigation and the checks need (it implements the checks' WorkspaceView).
// Indexes are rebuilt lazily after a change, so a burst of edits costs one rebuild.

import { BindingObject, describeObject, isBinding, isRole, NamedObject, RbacObject, RoleObject } from "../model";

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

/** The index of one part of the workspace: one file, or the cluster. Rebuilt only when that part changes. */
interface PartIndex {
  readonly origin: Origin;
  readonly objects: readonly RbacObject[];
  readonly roles: Map<string, Located<RoleObject>[]>;
  readonly rolesByName: Map<string, Located<RoleObject>[]>;
  readonly bindings: Located<BindingObject>[];
  readonly serviceAccounts: Set<string>;
  readonly namespaces: Set<string>;
  /** The role and service-account keys of the part: other files' findings depend on them. */
  readonly signature: string;
}

export function roleKey(kind: string, namespace: string, name: string): string {
  return `${kind}\u0000${kind === "Role" ? namespace : ""}\u0000${name}`;
}

function buildPart(origin: Origin, objects: readonly RbacObject[], others: readonly NamedObject[], serviceAccounts: readonly { namespace: string; name: string }[] = [], namespaceNames: readonly string[] = []): PartIndex {
  const roles = new Map<string, Located<RoleObject>[]>();
  const rolesByName = new Map<string, Located<RoleObject>[]>();
  const bindings: Located<BindingObject>[] = [];
  const sas = new Set<string>();
  const namespaces = new Set<string>(namespaceNames);
  for (const o of objects) {
    if (o.metadata.namespace) namespaces.add(o.metadata.namespace);
    if (isRole(o)) {
      const l = { object: o, origin };
      push(roles, roleKey(o.kind, o.metadata.namespace, o.metadata.name), l);
      push(rolesByName, o.metadata.name, l);
    } else if (isBinding(o)) {
      bindings.push({ object: o, origin });
      for (const s of o.subjects) if (s.kind === "ServiceAccount" && s.namespace) namespaces.add(s.namespace);
    }
  }
  for (const n of others) {
    if (n.kind === "Namespace") namespaces.add(n.metadata.name);
    else {
      sas.add(`${n.metadata.namespace}/${n.metadata.name}`);
      if (n.metadata.namespace) namespaces.add(n.metadata.namespace);
    }
  }
  for (const sa of serviceAccounts) sas.add(`${sa.namespace}/${sa.name}`);
  namespaces.delete("");
  const signature = `${[...roles.keys()].join("\n")}\n\n${[...sas].join("\n")}`;
  return { origin, objects, roles, rolesByName, bindings, serviceAccounts: sas, namespaces, signature };
}

const CLUSTER_PART = "\u0000cluster";

export class WorkspaceModel {
  /** Files in the order they were first seen, then the cluster. */
  private readonly parts = new Map<string, PartIndex>();
  private cluster: ClusterSnapshot | undefined;
  private shapeCounter = 0;
  private allBindings: Located<BindingObject>[] | undefined;

  private setPart(key: string, part: PartIndex | undefined): void {
    const old = this.parts.get(key);
    if (part) {
      if (key !== CLUSTER_PART && this.parts.has(CLUSTER_PART) && !old) {
        // Keep the cluster last: workspace definitions come first in every answer.
        const cluster = this.parts.get(CLUSTER_PART)!;
        this.parts.delete(CLUSTER_PART);
        this.parts.set(key, part);
        this.parts.set(CLUSTER_PART, cluster);
      } else this.parts.set(key, part);
    } else this.parts.delete(key);
    if ((old?.signature ?? "") !== (part?.signature ?? "") || (old === undefined) !== (part === undefined) && key === CLUSTER_PART) this.shapeCounter++;
    this.allBindings = undefined;
  }

  /** Replace what a file holds. */
  setFile(file: string, objects: readonly RbacObject[], others: readonly NamedObject[]): void {
    this.setPart(file, buildPart({ kind: "file", file }, objects, others));
  }

  removeFile(file: string): void {
    if (this.parts.has(file)) this.setPart(file, undefined);
  }

  hasFile(file: string): boolean {
    return file !== CLUSTER_PART && this.parts.has(file);
  }

  fileNames(): string[] {
    return [...this.parts.keys()].filter((k) => k !== CLUSTER_PART);
  }

  setCluster(snapshot: ClusterSnapshot | undefined): void {
    this.cluster = snapshot;
    this.setPart(CLUSTER_PART, snapshot ? buildPart({ kind: "cluster", context: snapshot.context }, snapshot.objects, [], snapshot.serviceAccounts, snapshot.namespaces) : undefined);
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

  /** A number that changes whenever a role or service account appears or disappears anywhere. */
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
    for (const p of this.parts.values()) if (p.serviceAccounts.has(key)) return true;
    return this.cluster ? false : undefined;
  }

  /** All roles, workspace first. */
  roles(): Located<RoleObject>[] {
    const out: Located<RoleObject>[] = [];
    for (const p of this.parts.values()) for (const list of p.roles.values()) out.push(...list);
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
    for (const p of this.parts.values()) for (const n of p.namespaces) all.add(n);
    return [...all].sort();
  }

  /** Every known service account, sorted by "namespace/name". */
  serviceAccounts(): { namespace: string; name: string }[] {
    const all = new Set<string>();
    for (const p of this.parts.values()) for (const k of p.serviceAccounts) all.add(k);
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

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
