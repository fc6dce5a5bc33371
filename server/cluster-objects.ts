// The live cluster as the language server holds it: the objects by key, from a whole state
// (kubeRbac/clusterState) or kept up to date by changes (kubeRbac/clusterChanges), plus the
// ServiceAccounts and namespaces. Read-only documents of its objects are rendered from here.
import { RbacObject } from "../core/model";
import { ClusterSnapshot } from "../core/service/workspace";
import { rbacToPlain } from "../core/to-plain";
import { ClusterChangesParams } from "../protocol/index";

export function rawKey(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

const NAMESPACED = new Set(["Role", "RoleBinding"]);
const KINDS = new Set(["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"]);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const strings = (v: unknown) => Array.isArray(v) && v.every((s) => typeof s === "string");

/** The shape the model's code relies on; the client built the object from the model, but a message is input. */
export function isModelObject(v: unknown): v is RbacObject {
  if (!isObject(v) || typeof v.kind !== "string" || !KINDS.has(v.kind) || typeof v.apiVersion !== "string") return false;
  const m = v.metadata;
  if (!isObject(m) || typeof m.name !== "string" || typeof m.namespace !== "string" || !isObject(m.labels) || !isObject(m.annotations))
    return false;
  if (v.kind === "Role" || v.kind === "ClusterRole")
    return (
      Array.isArray(v.rules) &&
      v.rules.every(
        (r) =>
          isObject(r) &&
          strings(r.verbs) &&
          strings(r.apiGroups) &&
          strings(r.resources) &&
          strings(r.resourceNames) &&
          strings(r.nonResourceURLs),
      )
    );
  const ref = v.roleRef;
  return (
    isObject(ref) &&
    typeof ref.kind === "string" &&
    typeof ref.name === "string" &&
    typeof ref.apiGroup === "string" &&
    Array.isArray(v.subjects) &&
    v.subjects.every(
      (s) =>
        isObject(s) &&
        typeof s.kind === "string" &&
        typeof s.name === "string" &&
        typeof s.namespace === "string" &&
        typeof s.apiGroup === "string",
    )
  );
}

export class ClusterObjects {
  private objects = new Map<string, RbacObject>();
  /** The API's own JSON of objects that came whole (kubeRbac/clusterState); others are rendered from the model. */
  private raw = new Map<string, Record<string, unknown>>();
  private context = "cluster";
  private serviceAccounts: ClusterSnapshot["serviceAccounts"] = [];
  private namespaces: readonly string[] = [];
  /** The seq of the last change applied; 0 = no state a change could apply to. */
  private seq = 0;

  clear(): void {
    this.objects = new Map();
    this.raw = new Map();
    this.seq = 0;
  }

  /** A whole state, converted by the caller. */
  replace(snapshot: ClusterSnapshot, raw: Map<string, Record<string, unknown>>): void {
    this.objects = new Map(snapshot.objects.map((o) => [keyOf(o), o]));
    this.raw = raw;
    this.context = snapshot.context;
    this.serviceAccounts = snapshot.serviceAccounts;
    this.namespaces = snapshot.namespaces;
    this.seq = 0;
  }

  /**
   * Applies a change message; false when it does not follow the state held (a change after a lost
   * message, or before any whole state), which is then left as it was.
   */
  apply(change: ClusterChangesParams): boolean {
    if (!change.full && (this.seq === 0 || change.seq !== this.seq + 1)) return false;
    if (change.full) this.clear();
    for (const k of Array.isArray(change.deletes) ? change.deletes : []) {
      if (!isObject(k)) continue;
      const key = rawKey(String(k.kind), String(k.namespace), String(k.name));
      this.objects.delete(key);
      this.raw.delete(key);
    }
    for (const o of Array.isArray(change.upserts) ? change.upserts : []) {
      if (!isModelObject(o)) continue;
      const key = keyOf(o);
      this.objects.set(key, o);
      this.raw.delete(key);
    }
    if (typeof change.context === "string") this.context = change.context;
    if (Array.isArray(change.serviceAccounts))
      this.serviceAccounts = change.serviceAccounts.filter(
        (s) => isObject(s) && typeof s.name === "string" && typeof s.namespace === "string",
      );
    if (Array.isArray(change.namespaces)) this.namespaces = change.namespaces.filter((n): n is string => typeof n === "string");
    this.seq = change.seq;
    return true;
  }

  snapshot(): ClusterSnapshot {
    return {
      context: this.context,
      objects: [...this.objects.values()],
      serviceAccounts: this.serviceAccounts,
      namespaces: this.namespaces,
    };
  }

  /** The object as the API would show it, for a read-only document. */
  plain(key: { readonly kind: string; readonly namespace: string; readonly name: string }): Record<string, unknown> | undefined {
    const k = rawKey(key.kind, key.namespace, key.name);
    const raw = this.raw.get(k);
    if (raw) return raw;
    const o = this.objects.get(k);
    return o ? rbacToPlain(o) : undefined;
  }
}

function keyOf(o: RbacObject): string {
  return rawKey(o.kind, NAMESPACED.has(o.kind) ? o.metadata.namespace : "", o.metadata.name);
}
