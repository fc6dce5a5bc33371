// Server-side dry runs against the test kube-apiserver: where a manifest's document would be created
// (from the server's own discovery), and the server's verdict on creating it, without storing anything.

import { AdminClient } from "./apiserver";

export interface Route {
  /** Collection path, e.g. /apis/rbac.authorization.k8s.io/v1/namespaces/dev/roles. */
  readonly path: string;
  readonly namespaced: boolean;
  /** False when discovery does not list the kind at that version (the server answers 404). */
  readonly served: boolean;
}

export interface Verdict {
  readonly accepted: boolean;
  readonly status: number;
  readonly message: string;
}

type Resources = Map<string, { resource: string; namespaced: boolean }>;

/** Every served (apiVersion, kind) of the server, from discovery. */
export async function discoverKinds(admin: AdminClient): Promise<Resources> {
  const out: Resources = new Map();
  const versions = ["v1"];
  const groups = await admin.request<{ groups: { versions: { groupVersion: string }[] }[] }>("GET", "/apis");
  for (const g of groups.body.groups) for (const v of g.versions) versions.push(v.groupVersion);
  for (const gv of versions) {
    const list = await admin.request<{ resources: { name: string; kind: string; namespaced: boolean }[] }>(
      "GET",
      gv === "v1" ? "/api/v1" : `/apis/${gv}`,
    );
    for (const r of list.body.resources ?? [])
      if (!r.name.includes("/")) out.set(`${gv}/${r.kind}`, { resource: r.name, namespaced: r.namespaced });
  }
  return out;
}

const NAMESPACED_RBAC = new Set(["Role", "RoleBinding"]);

/** Where to POST a document of that apiVersion and kind (a guess by the usual plural when not served). */
export function routeOf(kinds: Resources, apiVersion: string, kind: string, namespace: string): Route {
  const known = kinds.get(`${apiVersion}/${kind}`);
  const namespaced = known ? known.namespaced : NAMESPACED_RBAC.has(kind);
  const resource = known?.resource ?? `${kind.toLowerCase()}s`;
  const base = apiVersion === "v1" ? "/api/v1" : `/apis/${apiVersion}`;
  const ns = namespaced ? `/namespaces/${encodeURIComponent(namespace || "default")}` : "";
  return { path: `${base}${ns}/${resource}`, namespaced, served: known !== undefined };
}

/**
 * The server's verdict on creating `body` (a YAML or JSON text) with strict field validation, as
 * kubectl sends it. 409 AlreadyExists counts as accepted: the registry validates an object before
 * its storage finds the name taken.
 */
export async function dryRunCreate(
  client: AdminClient,
  route: Route,
  body: string,
  contentType: "application/yaml" | "application/json",
  headers: Readonly<Record<string, string>> = {},
): Promise<Verdict> {
  const r = await client.requestText<{ reason?: string; message?: string }>(
    "POST",
    `${route.path}?dryRun=All&fieldValidation=Strict`,
    body,
    contentType,
    headers,
  );
  const accepted = r.status === 201 || r.status === 200 || (r.status === 409 && r.body.reason === "AlreadyExists");
  return { accepted, status: r.status, message: r.body.message ?? "" };
}
