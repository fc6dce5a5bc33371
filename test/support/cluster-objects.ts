// The RBAC objects the test kube-apiserver holds, read as the engine reads them, and waiting for the
// aggregation controller to converge. Shared by the tests that compare the engine with the server.

import { strict as assert } from "node:assert";
import { aggregate } from "../../core/aggregation";
import { objectsFromPlain } from "../../core/load";
import { RbacObject, RoleObject } from "../../core/model";
import { AdminClient, useApiServer } from "./apiserver";
import { Manifest, Query } from "./random-world";

export const RBAC = "/apis/rbac.authorization.k8s.io/v1";

/** Collection path of a manifest of one of the four RBAC kinds. */
export function pathOf(m: Manifest): string {
  const plural = m.kind.toLowerCase() + "s";
  return m.metadata.namespace ? `${RBAC}/namespaces/${m.metadata.namespace}/${plural}` : `${RBAC}/${plural}`;
}

export async function listAll(admin: AdminClient): Promise<RbacObject[]> {
  return (await listWithVersion(admin)).objects;
}

/** listAll, with the resourceVersion of the ClusterRoles' list (a watch from it sees every later change). */
async function listWithVersion(admin: AdminClient): Promise<{ objects: RbacObject[]; clusterRolesVersion: string }> {
  const resources = ["clusterroles", "clusterrolebindings", "roles", "rolebindings"];
  const lists = await Promise.all(resources.map((r) => admin.request("GET", `${RBAC}/${r}`)));
  const objects: RbacObject[] = [];
  for (const l of lists) {
    const body = l.body as { kind: string; items: Record<string, unknown>[] };
    // List items carry no kind/apiVersion: restore them as kubectl does.
    const kind = body.kind.replace(/List$/, "");
    objectsFromPlain(
      { kind: "List", items: body.items.map((i) => ({ ...i, kind, apiVersion: "rbac.authorization.k8s.io/v1" })) },
      { objects, others: [] },
    );
  }
  const clusterRoles = lists[0].body as { metadata?: { resourceVersion?: string } };
  return { objects, clusterRolesVersion: clusterRoles.metadata?.resourceVersion ?? "" };
}

const ruleSet = (r: RoleObject["rules"]) => JSON.stringify(r.map((x) => JSON.stringify(x)).sort());

/**
 * Lists until every aggregated ClusterRole holds what the aggregation controller converges to. The
 * controller is asynchronous: while one is behind, a watch of the ClusterRoles says when the controller
 * (or anything) wrote one, and the objects are listed again then.
 */
export async function listConverged(admin: AdminClient): Promise<RbacObject[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { objects, clusterRolesVersion } = await listWithVersion(admin);
    const crs = objects.filter((o): o is RoleObject => o.kind === "ClusterRole");
    const converged = aggregate(crs).rules;
    const behind = crs.filter((c) => c.aggregationRule && ruleSet(converged.get(c.metadata.name) ?? []) !== ruleSet(c.rules));
    if (behind.length === 0) return objects;
    if (Date.now() > deadline) {
      assert.fail(
        `the aggregation controller and the engine disagree on ${behind.map((b) => b.metadata.name).join(", ")}:\n` +
          behind
            .map((b) => `${b.metadata.name}\n  server: ${ruleSet(b.rules)}\n  engine: ${ruleSet(converged.get(b.metadata.name) ?? [])}`)
            .join("\n"),
      );
    }
    await admin.nextChange(`${RBAC}/clusterroles`, clusterRolesVersion, Math.max(1, deadline - Date.now()));
  }
}

/** Runs `fn` over `items` with `width` requests in flight. */
export async function pool<T>(items: readonly T[], width: number, fn: (t: T) => Promise<void>): Promise<void> {
  let i = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (i < items.length) await fn(items[i++]);
    }),
  );
}

/** SubjectAccessReview: whether the server allows the query's identity its request. */
export async function serverAllows(admin: AdminClient, q: Query): Promise<boolean> {
  const spec: Record<string, unknown> = { user: q.identity.user, groups: q.identity.groups };
  const r = q.request;
  if (r.kind === "resource")
    spec.resourceAttributes = {
      namespace: r.namespace,
      verb: r.verb,
      group: r.apiGroup,
      resource: r.resource,
      subresource: r.subresource,
      name: r.name,
    };
  else spec.nonResourceAttributes = { path: r.path, verb: r.verb };
  const res = await admin.request<{ status?: { allowed?: boolean } }>("POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", {
    apiVersion: "authorization.k8s.io/v1",
    kind: "SubjectAccessReview",
    spec,
  });
  if (res.status !== 201) throw new Error(`SubjectAccessReview -> ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
  return res.body.status?.allowed === true;
}

/** Creates the namespaces (those that exist already are fine). */
export async function createNamespaces(admin: AdminClient, names: readonly string[]): Promise<void> {
  for (const ns of names) {
    const r = await admin.request("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
    assert.ok(r.status === 201 || r.status === 409, `namespace ${ns}: ${r.status}`);
  }
}

/**
 * The describe block's own API server, with an admin client and the namespaces created before its tests;
 * returns the admin client (call it inside a test).
 */
export function useAdminWithNamespaces(names: readonly string[]): () => AdminClient {
  const server = useApiServer();
  let admin: AdminClient | undefined;
  before(async () => {
    admin = new AdminClient(server().kubeconfig("admin"));
    await createNamespaces(admin, names);
  });
  after(() => admin?.dispose());
  return () => {
    if (!admin) throw new Error("the admin client exists only once the describe block's before hook ran");
    return admin;
  };
}
