// W062: a ServiceAccount subject that exists nowhere we can see, when a near-identical one does (a typo
// in its name, or in its namespace). Bindings to missing ServiceAccounts are common on purpose (a chart
// creates them later), so only a likely intent is reported.

import type { Check, Fix, WorkspaceView } from "./context";
import { nearestName } from "./support/names";
import { subjectsOf, valueSpan } from "./support/target";
import { yamlStringLike } from "./support/yaml";

interface KnownAccounts {
  readonly shape: number | undefined;
  readonly namesIn: Map<string, string[]>;
  readonly namespacesOf: Map<string, string[]>;
}

/** The view's ServiceAccounts by namespace and by name, built once per shape of the view (every binding asks). */
const indexes = new WeakMap<WorkspaceView, KnownAccounts>();

function knownAccounts(ws: WorkspaceView): KnownAccounts {
  const hit = indexes.get(ws);
  if (hit && hit.shape === ws.shape) return hit;
  const namesIn = new Map<string, string[]>();
  const namespacesOf = new Map<string, string[]>();
  for (const { namespace, name } of ws.serviceAccounts?.() ?? []) {
    const names = namesIn.get(namespace) ?? [];
    if (names.length === 0) namesIn.set(namespace, names);
    names.push(name);
    const namespaces = namespacesOf.get(name) ?? [];
    if (namespaces.length === 0) namespacesOf.set(name, namespaces);
    namespaces.push(namespace);
  }
  const built = { shape: ws.shape, namesIn, namespacesOf };
  indexes.set(ws, built);
  return built;
}

export const serviceAccountNotFound: Check = {
  code: "service-account-not-found",
  defaultSeverity: "warning",
  title: "ServiceAccount subject that does not exist, with a near-identical one that does",
  object(t, report) {
    const ws = t.ctx.workspace;
    const known = knownAccounts(ws);
    if (known.namesIn.size === 0) return;
    for (const s of subjectsOf(t)) {
      const { kind, name } = s.subject;
      const ns = s.subject.namespace || (t.object.kind === "RoleBinding" ? t.object.metadata.namespace : "");
      if (kind !== "ServiceAccount" || name === "" || ns === "" || ws.hasServiceAccount?.(ns, name) === true) continue;
      const nearName = nearestName(name, known.namesIn.get(ns) ?? []);
      const nearNs = nearName === undefined && s.subject.namespace !== "" ? nearestName(ns, known.namespacesOf.get(name) ?? []) : undefined;
      const field = nearName !== undefined ? "name" : "namespace";
      const meant = nearName ?? nearNs;
      if (meant === undefined) continue;
      const span = valueSpan(t, [...s.path, field]);
      if (!span) continue;
      const fixes: Fix[] = [
        { title: `Use ${field} ${meant}`, edits: [{ span, newText: yamlStringLike(meant, t.file.text.slice(span.start, span.end)) }] },
      ];
      const where = ws.clusterKnown ? "in the workspace or the cluster" : "in the workspace";
      const intent = nearName !== undefined ? `ServiceAccount "${meant}" in ${ns}` : `ServiceAccount "${name}" in namespace ${meant}`;
      report(
        span,
        `No ServiceAccount "${name}" in namespace ${ns} exists ${where}: did you mean ${intent}? The binding grants nothing until one is created.`,
        { fixes, data: { suggestion: meant } },
      );
    }
  },
};
