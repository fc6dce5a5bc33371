// The API server's own answer, as the judge of every disagreement between kube-rbac and a peer:
// a SubjectAccessReview for one subject alone (a service account with its own groups only).

/** A subject as a `Kind/namespace/name` key; a service account named as a user is the service account. */
export function subjectKey(s, defaultNamespace) {
  if (s.kind === "ServiceAccount") return `ServiceAccount/${s.namespace || defaultNamespace}/${s.name}`;
  if (s.kind === "User" && /^system:serviceaccount:[^:]+:[^:]+$/.test(s.name)) {
    const [, , ns, name] = s.name.split(":");
    return `ServiceAccount/${ns}/${name}`;
  }
  return `${s.kind}//${s.name}`;
}

/** The subjects of a `kube-rbac who-can -o json` answer, as keys. */
export function oursSubjects(json) {
  return new Set(json.subjects.map((s) => `${s.kind}/${s.namespace}/${s.name}`));
}

/** The user and groups a SubjectAccessReview asks about for a subject key `Kind/namespace/name`. */
export function subjectIdentity(key) {
  const [kind, ns, name] = key.split("/");
  if (kind === "ServiceAccount")
    return { user: `system:serviceaccount:${ns}:${name}`, groups: ["system:serviceaccounts", `system:serviceaccounts:${ns}`] };
  if (kind === "User") return { user: name, groups: [] };
  return { user: "kube-rbac-bench:group-probe", groups: [name] };
}

/**
 * Whether the authorizer allows `identity` ({ user, groups }) the request `q`: { verb, group, resource,
 * subresource?, name?, namespace } or { verb, path } for a non-resource URL.
 */
export async function sarIdentityAllows(admin, identity, q) {
  const attributes =
    q.path !== undefined
      ? { nonResourceAttributes: { verb: q.verb, path: q.path } }
      : {
          resourceAttributes: {
            verb: q.verb,
            group: q.group,
            resource: q.resource,
            ...(q.subresource ? { subresource: q.subresource } : {}),
            ...(q.name ? { name: q.name } : {}),
            namespace: q.namespace,
          },
        };
  const body = { apiVersion: "authorization.k8s.io/v1", kind: "SubjectAccessReview", spec: { ...identity, ...attributes } };
  const r = await admin.request("POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", body);
  return r.body.status?.allowed === true;
}

/** What the authorizer says for one subject key alone. */
export function sarAllows(admin, key, q) {
  return sarIdentityAllows(admin, subjectIdentity(key), q);
}
