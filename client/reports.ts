// Answers as reports (client/results/report.ts: verdict first, links to their grants, JSON for tools):
// a subject's permissions, a who-can answer, a what-if diff. Pure functions; the commands show them.
import { CompactPermissions, Provenance } from "../core/effective";
import { Identity, Request } from "../core/model";
import { describeGrant } from "../core/authorize";
import { WhoCanGrant, WhoCanResult } from "../core/who-can";
import type { NearestMiss } from "../core/nearest-miss";
import { missesSections } from "./results/misses";
import { grantLinks, Report, ReportLine, ReportSection } from "./results/report";
import { entryRisks, resourceLabel, verbLabel } from "./tree/permissions";

const scopeTitle = (s: string) => (s === "" ? "Cluster-wide (ClusterRoleBindings)" : `Namespace ${s} (RoleBindings)`);

/** A subject's permissions, per scope, each entry with the grants it comes from. */
export function permissionsReport(
  title: string,
  subject: { kind: string; name: string; namespace: string },
  identity: Identity,
  perms: CompactPermissions,
  source: string,
): Report {
  const scopes = [...new Set(perms.resources.map((e) => e.scope))].sort();
  if (perms.nonResourceURLs.length && !scopes.includes("")) scopes.unshift("");
  let risky = 0;
  const sections: ReportSection[] = scopes.map((scope) => {
    const lines: ReportLine[] = perms.resources
      .filter((x) => x.scope === scope)
      .map((e) => {
        const risks = entryRisks(e).map((r) => r.code);
        if (risks.length) risky++;
        const names = e.resourceNames.length ? ` (only ${e.resourceNames.join(", ")})` : "";
        return {
          text: `${e.verbs.map(verbLabel).join(", ")} on ${resourceLabel(e.apiGroup, e.resource)}${names}${risks.length ? ` — risk: ${risks.join(", ")}` : ""}`,
          links: e.sources.flatMap(grantLinks),
        };
      });
    if (scope === "")
      for (const u of perms.nonResourceURLs)
        lines.push({ text: `${u.verbs.map(verbLabel).join(", ")} on ${u.url}`, links: u.sources.flatMap(grantLinks) });
    return { heading: scopeTitle(scope), lines };
  });
  const count = perms.resources.length + perms.nonResourceURLs.length;
  return {
    kind: "permissions",
    title: `Permissions of ${title}`,
    verdict:
      count === 0
        ? `${title} has no RBAC permissions.`
        : `${title} holds ${count} permission${count === 1 ? "" : "s"} in ${scopes.length} scope${scopes.length === 1 ? "" : "s"}${risky ? `, ${risky} risky` : ""}.`,
    tone: risky ? "no" : "neutral",
    note: `Identity: ${identity.user || "(group)"}, groups: ${identity.groups.join(", ") || "none"}. Source: ${source}. RBAC's answer, computed here.`,
    sections,
    json: permissionsJson(subject, identity, perms),
  };
}

export function permissionsJson(
  subject: { kind: string; name: string; namespace: string },
  identity: Identity,
  perms: CompactPermissions,
): string {
  return JSON.stringify(
    {
      subject,
      identity,
      resources: perms.resources.map((e) => ({
        scope: e.scope,
        apiGroup: e.apiGroup,
        resource: e.resource,
        resourceNames: e.resourceNames,
        verbs: e.verbs,
        risks: entryRisks(e).map((r) => r.code),
        sources: e.sources.map((p) => ({
          binding: { kind: p.binding.kind, name: p.binding.metadata.name, namespace: p.bindingNamespace },
          role: { kind: p.role.kind, name: p.role.metadata.name },
          rule: p.ruleIndex,
        })),
      })),
      nonResourceURLs: perms.nonResourceURLs.map((u) => ({ url: u.url, verbs: u.verbs })),
    },
    null,
    2,
  );
}

export function describeRequest(r: Request): string {
  if (r.kind === "nonResource") return `${r.verb} ${r.path}`;
  const res = `${r.resource}${r.subresource ? `/${r.subresource}` : ""}${r.apiGroup ? `.${r.apiGroup}` : ""}${r.name ? ` ${r.name}` : ""}`;
  return `${r.verb} ${res} ${r.namespace ? `in namespace ${r.namespace}` : "at cluster scope"}`;
}

/** `misses`: when no subject may, the bindings that nearly allow the request (core/nearest-miss.ts). */
export function whoCanReport(
  req: Request,
  res: WhoCanResult,
  source: string,
  groupNames: ReadonlyMap<string, string> = new Map(),
  misses: readonly NearestMiss[] = [],
): Report {
  const n = res.subjects.length;
  return {
    kind: "who-can",
    title: `Who can ${describeRequest(req)}`,
    verdict:
      n === 0
        ? `No subject may ${describeRequest(req)} through RBAC (only superusers).`
        : `${n} subject${n === 1 ? "" : "s"} may ${describeRequest(req)}.`,
    tone: n === 0 ? "no" : "yes",
    note: `Always allowed: members of ${res.superuserGroups.join(", ")} (superusers). Source: ${source}. RBAC's answer, computed here, not the API server's.`,
    sections: [
      {
        heading: "Subjects",
        lines: res.subjects.map((s) => ({
          text: `${s.kind} ${s.namespace ? `${s.namespace}/` : ""}${s.name}${groupNames.has(s.name) && s.kind === "Group" ? ` (${groupNames.get(s.name)})` : ""} — ${s.description}`,
          links: s.grants.flatMap((g) => grantLinks(grantProvenance(g))),
        })),
      },
      ...(n === 0 ? missesSections(misses) : []),
      ...(res.errors.length ? [{ heading: "Unresolved role references", lines: res.errors.map((e) => ({ text: e })) }] : []),
    ],
    json: whoCanJson(req, res, n === 0 ? misses : undefined),
  };
}

/** A who-can grant as the provenance of its first allowing rule. */
function grantProvenance(g: WhoCanGrant): Provenance {
  const ruleIndex = g.ruleIndexes[0] ?? 0;
  const rules = g.role.rules ?? [];
  return { binding: g.binding, bindingNamespace: g.bindingNamespace, role: g.role, ruleIndex, rule: rules[ruleIndex] };
}

export function whoCanJson(req: Request, res: WhoCanResult, misses?: readonly NearestMiss[]): string {
  return JSON.stringify(
    {
      request: req,
      superuserGroups: res.superuserGroups,
      subjects: res.subjects.map((s) => ({
        kind: s.kind,
        name: s.name,
        namespace: s.namespace,
        description: s.description,
        grants: s.grants.map((g) => describeGrant(g.binding, g.bindingNamespace, g.subject)),
      })),
      errors: res.errors,
      ...(misses ? { nearestMisses: misses } : {}),
    },
    null,
    2,
  );
}

export interface DiffLine {
  readonly scope: string;
  readonly resource: string;
  readonly verb: string;
}

/** (scope, resource, verb) triples added and removed between two permission sets. */
export function diffPermissions(before: CompactPermissions, after: CompactPermissions): { added: DiffLine[]; removed: DiffLine[] } {
  const keys = (p: CompactPermissions) => {
    const m = new Map<string, DiffLine>();
    for (const e of p.resources) {
      const resource = resourceLabel(e.apiGroup, e.resource) + (e.resourceNames.length ? ` [${e.resourceNames.join(",")}]` : "");
      for (const verb of e.verbs) m.set(JSON.stringify([e.scope, resource, verb]), { scope: e.scope, resource, verb });
    }
    for (const u of p.nonResourceURLs)
      for (const verb of u.verbs) m.set(JSON.stringify(["", u.url, verb]), { scope: "", resource: u.url, verb });
    return m;
  };
  const a = keys(before);
  const b = keys(after);
  return { added: [...b].filter(([k]) => !a.has(k)).map(([, v]) => v), removed: [...a].filter(([k]) => !b.has(k)).map(([, v]) => v) };
}

export function diffReport(title: string, diff: { added: DiffLine[]; removed: DiffLine[] }, source: string): Report {
  const line = (d: DiffLine) => ({
    text: `${verbLabel(d.verb)} on ${d.resource} — ${d.scope === "" ? "cluster-wide" : `namespace ${d.scope}`}`,
  });
  const none = [{ text: "nothing" }];
  return {
    kind: "what-if",
    title: `What applying the workspace would change for ${title}`,
    verdict:
      diff.added.length + diff.removed.length === 0
        ? `Applying the workspace changes nothing for ${title}.`
        : `Applying the workspace adds ${diff.added.length} and removes ${diff.removed.length} permission${diff.removed.length === 1 ? "" : "s"} of ${title}.`,
    tone: "neutral",
    note: `The workspace's manifests overlaid on ${source}. RBAC's answer, computed here.`,
    sections: [
      { heading: `Added (${diff.added.length})`, lines: diff.added.length ? diff.added.map(line) : none },
      { heading: `Removed (${diff.removed.length})`, lines: diff.removed.length ? diff.removed.map(line) : none },
    ],
    json: JSON.stringify(diff, null, 2),
  };
}
