// The allow-sets of two generated RBAC outputs, judged by the real API server: each tool's objects are
// applied to the test API server for a copy of the subject of its own (the service account `NAME-TOOL`,
// objects renamed `TOOL.NAME`), then a SubjectAccessReview asks, for every probe, whether each copy is
// allowed, and whether a copy with nothing generated ("none": only what every authenticated service
// account has) is. The sets are compared probe by probe.

import jsYaml from "js-yaml";
import { mapLimit } from "./stats.mjs";
import { sarIdentityAllows } from "./sar.mjs";
import { probeKey } from "./audit-probes.mjs";

const RBAC = "/apis/rbac.authorization.k8s.io/v1";
const GENERATED_KINDS = new Set(["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"]);

/** The RBAC objects of a tool's output: YAML documents, a JSON object, or a List (either form). */
export function outputObjects(text) {
  const docs = text.trimStart().startsWith("{") || text.trimStart().startsWith("[") ? [JSON.parse(text)] : jsYaml.loadAll(text);
  const flat = [];
  const visit = (d) => {
    if (Array.isArray(d)) d.forEach(visit);
    else if (d && typeof d === "object" && Array.isArray(d.items)) d.items.forEach(visit);
    else if (d && typeof d === "object" && GENERATED_KINDS.has(d.kind)) flat.push(d);
  };
  docs.forEach(visit);
  return flat;
}

const copyName = (subject, tool) => `${subject.name}-${tool}`;

/** The subject's copy for a tool: a subject naming the original service account now names the copy. */
function rewriteSubject(s, subject, tool) {
  const user = `system:serviceaccount:${subject.namespace}:${subject.name}`;
  if (s.kind === "ServiceAccount" && s.name === subject.name && (s.namespace ?? "") === subject.namespace)
    return { ...s, name: copyName(subject, tool) };
  if (s.kind === "User" && s.name === user) return { ...s, name: `system:serviceaccount:${subject.namespace}:${copyName(subject, tool)}` };
  return s;
}

/** The objects to apply for a tool: renamed (so tools never collide), bound to the tool's copy. */
export function copyFor(objects, subject, tool) {
  const generated = new Set(
    objects.filter((o) => o.kind.endsWith("Role")).map((o) => `${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`),
  );
  return objects.map((o) => {
    const { name, namespace, labels, annotations } = o.metadata;
    const copy = { ...o, metadata: { name: `${tool}.${name}`, ...(namespace ? { namespace } : {}), labels, annotations } };
    if (o.kind.endsWith("Binding")) {
      const refNs = o.roleRef.kind === "Role" ? (namespace ?? "") : "";
      const ours = generated.has(`${o.roleRef.kind}/${refNs}/${o.roleRef.name}`);
      copy.roleRef = ours ? { ...o.roleRef, name: `${tool}.${o.roleRef.name}` } : o.roleRef;
      copy.subjects = (o.subjects ?? []).map((s) => rewriteSubject(s, subject, tool));
    }
    return copy;
  });
}

const collection = (o) => `${RBAC}/${o.metadata.namespace ? `namespaces/${o.metadata.namespace}/` : ""}${o.kind.toLowerCase()}s`;

/** Applies objects (namespaces first); returns the refusals as strings. */
async function apply(admin, objects) {
  const refused = [];
  for (const ns of new Set(objects.map((o) => o.metadata.namespace).filter(Boolean))) {
    const r = await admin.request("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
    if (r.status !== 201 && r.status !== 409) refused.push(`namespace ${ns}: ${r.status}`);
  }
  const order = { ClusterRole: 0, Role: 1, ClusterRoleBinding: 2, RoleBinding: 3 };
  for (const o of [...objects].sort((a, b) => order[a.kind] - order[b.kind])) {
    const r = await admin.request("POST", collection(o), o);
    if (r.status !== 201) refused.push(`${o.kind} ${o.metadata.namespace ?? ""}/${o.metadata.name}: ${r.status} ${r.body?.message ?? ""}`);
  }
  return refused;
}

const identity = (subject, tool) => ({
  user: `system:serviceaccount:${subject.namespace}:${copyName(subject, tool)}`,
  groups: ["system:serviceaccounts", `system:serviceaccounts:${subject.namespace}`, "system:authenticated"],
});

async function sarPass(admin, probes, subject, tools) {
  const answers = new Map();
  await mapLimit(probes, 8, async (q) => {
    const a = {};
    for (const t of tools) a[t] = await sarIdentityAllows(admin, identity(subject, t), q);
    answers.set(probeKey(q), a);
  });
  return answers;
}

/**
 * Applies each tool's output ({ tool: text }) and asks the server about every probe. The RBAC authorizer
 * reads through informers: passes repeat until two in a row agree. Returns { refused, answers, passes }.
 */
export async function allowSets(admin, { outputs, subject, probes }) {
  const refused = {};
  for (const [tool, text] of Object.entries(outputs)) refused[tool] = await apply(admin, copyFor(outputObjects(text), subject, tool));
  const tools = ["none", ...Object.keys(outputs)];
  await new Promise((r) => setTimeout(r, 1000)); // a head start for the informers; agreement is checked below
  let last = await sarPass(admin, probes, subject, tools);
  let passes = 1;
  for (;;) {
    const next = await sarPass(admin, probes, subject, tools);
    passes++;
    const same = [...next].every(([k, a]) => JSON.stringify(a) === JSON.stringify(last.get(k)));
    last = next;
    if (same || passes >= 5) break;
  }
  return { refused, answers: last, passes };
}
