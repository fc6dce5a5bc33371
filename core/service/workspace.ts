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

interface FileEntry {
  readonly objects: readonly RbacObject[];
  readonly others: readonly NamedObject[];
}

interface Indexes {
  readonly roles: Map<string, Located<RoleObject>[]>;
  readonly rolesByName: Map<string, Located<RoleObject>[]>;
  readonly bindings: Located<BindingObject>[];
  readonly serviceAccounts: Set<string>;
  readonly namespaces: Set<string>;
  /** A fingerprint of the role and service-account keys: other files' findings depend on it. */
  readonly shape: string;
}

export function roleKey(kind: string, namespace: string, name: string): string {
  return `${kind}\u0000${kind === "Role" ? namespace : ""}\u0000${name}`;
}

export class WorkspaceModel {
  private readonly files = new Map<string, FileEntry>();
  private cluster: ClusterSnapshot | undefined;
  private indexes: Indexes | undefined;

  /** Replace what a file holds. */
  setFile(file: string, objects: readonly RbacObject[], others: readonly NamedObject[]): void {
    this.files.set(file, { objects, others });
    this.indexes = undefined;
  }

  removeFile(file: string): void {
    if (this.files.delete(file)) this.indexes = undefined;
  }

  hasFile(file: string): boolean {
    return this.files.has(file);
  }

  fileNames(): string[] {
    return [...this.files.keys()];
  }

  setCluster(snapshot: ClusterSnapshot | undefined): void {
    this.cluster = snapshot;
    this.indexes = undefined;
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
    return this.index().roles.size > 0;
  }

  /** Changes whenever a role or service account appears or disappears anywhere. */
  get shape(): string {
    return this.index().shape;
  }

  /** The role a roleRef names. `namespace` is the binding's namespace (ignored for ClusterRoles). */
  findRole(kind: string, namespace: string, name: string): RoleObject | undefined {
    return this.locateRole(kind, namespace, name)[0]?.object;
  }

  /** Every definition of that role, workspace files first, then the cluster. */
  locateRole(kind: string, namespace: string, name: string): Located<RoleObject>[] {
    return this.index().roles.get(roleKey(kind, namespace, name)) ?? [];
  }

  /** Roles and ClusterRoles of that name in any namespace (for "did you mean the ClusterRole?"). */
  rolesNamed(name: string): RoleObject[] {
    return (this.index().rolesByName.get(name) ?? []).map((l) => l.object);
  }

  /** true when known; false when the cluster is known and lacks it; undefined when we cannot tell. */
  hasServiceAccount(namespace: string, name: string): boolean | undefined {
    if (this.index().serviceAccounts.has(`${namespace}/${name}`)) return true;
    return this.cluster ? false : undefined;
  }

  /** All roles, workspace first. */
  roles(): Located<RoleObject>[] {
    const out: Located<RoleObject>[] = [];
    for (const list of this.index().roles.values()) out.push(...list);
    return out;
  }

  bindings(): readonly Located<BindingObject>[] {
    return this.index().bindings;
  }

  /** Bindings whose roleRef points at this role. */
  bindingsOf(role: RoleObject): Located<BindingObject>[] {
    return this.index().bindings.filter(({ object: b }) => {
      if (b.roleRef.kind !== role.kind || b.roleRef.name !== role.metadata.name) return false;
      if (role.kind === "Role") return b.kind === "RoleBinding" && b.metadata.namespace === role.metadata.namespace;
      return true;
    });
  }

  /** Every object of workspace and cluster, for the authorization engine. */
  allObjects(): RbacObject[] {
    const out: RbacObject[] = [];
    for (const f of this.files.values()) out.push(...f.objects);
    if (this.cluster) out.push(...this.cluster.objects);
    return out;
  }

  namespaces(): string[] {
    return [...this.index().namespaces].sort();
  }

  /** "ns/name" of every known service account, sorted. */
  serviceAccounts(): { namespace: string; name: string }[] {
    return [...this.index().serviceAccounts].sort().map((k) => {
      const i = k.indexOf("/");
      return { namespace: k.slice(0, i), name: k.slice(i + 1) };
    });
  }

  /** Where an object comes from, for messages. */
  static describe(l: Located<RbacObject>): string {
    return l.origin.kind === "file" ? describeObject(l.object) : `${describeObject(l.object)} (cluster ${l.origin.context})`;
  }

  private index(): Indexes {
    if (this.indexes) return this.indexes;
    const roles = new Map<string, Located<RoleObject>[]>();
    const rolesByName = new Map<string, Located<RoleObject>[]>();
    const bindings: Located<BindingObject>[] = [];
    const serviceAccounts = new Set<string>();
    const namespaces = new Set<string>();
    const add = (o: RbacObject, origin: Origin) => {
      if (o.metadata.namespace) namespaces.add(o.metadata.namespace);
      if (isRole(o)) {
        const l = { object: o, origin };
        push(roles, roleKey(o.kind, o.metadata.namespace, o.metadata.name), l);
        push(rolesByName, o.metadata.name, l);
      } else if (isBinding(o)) {
        bindings.push({ object: o, origin });
        for (const s of o.subjects) {
          if (s.kind === "ServiceAccount" && s.namespace) namespaces.add(s.namespace);
        }
      }
    };
    for (const [file, entry] of this.files) {
      const origin: Origin = { kind: "file", file };
      for (const o of entry.objects) add(o, origin);
      for (const n of entry.others) {
        if (n.kind === "Namespace") namespaces.add(n.metadata.name);
        else {
          serviceAccounts.add(`${n.metadata.namespace}/${n.metadata.name}`);
          if (n.metadata.namespace) namespaces.add(n.metadata.namespace);
        }
      }
    }
    if (this.cluster) {
      const origin: Origin = { kind: "cluster", context: this.cluster.context };
      for (const o of this.cluster.objects) add(o, origin);
      for (const sa of this.cluster.serviceAccounts) serviceAccounts.add(`${sa.namespace}/${sa.name}`);
      for (const ns of this.cluster.namespaces) namespaces.add(ns);
    }
    namespaces.delete("");
    const shape = `${[...roles.keys()].join("\n")}\n\n${[...serviceAccounts].join("\n")}\n${this.cluster ? "cluster" : ""}`;
    this.indexes = { roles, rolesByName, bindings, serviceAccounts, namespaces, shape };
    return this.indexes;
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
