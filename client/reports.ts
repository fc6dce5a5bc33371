// Text renderings of answers (Markdown for people, JSON for tools): a subject's permissions, a who-can
// answer, a what-if diff, a can-I-apply verdict. Pure functions; the commands decide where they go.
import { CompactPermissions } from "../core/effective";
import { ApplyResult, describeAtom } from "../core/coverage";
import { Identity, Request, RbacObject, describeObject } from "../core/model";
import { describeWhoCanGrant, WhoCanResult } from "../core/who-can";
import { entryRisks, resourceLabel } from "./tree/permissions";
import { bindingName, roleName } from "./tree/provenance-node";

const scopeTitle = (s: string) => (s === "" ? "Cluster-wide (ClusterRoleBindings)" : `Namespace ${s} (RoleBindings)`);

export function permissionsMarkdown(title: string, identity: Identity, perms: CompactPermissions, source: string): string {
  const out = [
    `# Permissions of ${title}`,
    "",
    `Identity: \`${identity.user || "(group)"}\`, groups: ${identity.groups.map((g) => `\`${g}\``).join(", ") || "none"}  `,
    `Source: ${source}`,
    "",
  ];
  const scopes = [...new Set(perms.resources.map((e) => e.scope))].sort();
  if (perms.nonResourceURLs.length && !scopes.includes("")) scopes.unshift("");
  if (scopes.length === 0) out.push("No RBAC permissions.");
  for (const scope of scopes) {
    out.push(`## ${scopeTitle(scope)}`, "", "| resource | names | verbs | risk | granted by |", "|---|---|---|---|---|");
    for (const e of perms.resources.filter((x) => x.scope === scope)) {
      const risks = entryRisks(e)
        .map((r) => r.code)
        .join(", ");
      const by = e.sources
        .map((p) => `${p.binding.kind} ${bindingName(p)} → ${p.role.kind} ${roleName(p)} rules[${p.ruleIndex}]`)
        .join("<br>");
      out.push(
        `| ${resourceLabel(e.apiGroup, e.resource)} | ${e.resourceNames.join(", ") || "*"} | ${e.verbs.join(", ")} | ${risks} | ${by} |`,
      );
    }
    if (scope === "")
      for (const u of perms.nonResourceURLs)
        out.push(`| ${u.url} | | ${u.verbs.join(", ")} | | ${u.sources.map((p) => `${p.binding.kind} ${bindingName(p)}`).join("<br>")} |`);
    out.push("");
  }
  return out.join("\n");
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

export function whoCanMarkdown(req: Request, res: WhoCanResult): string {
  const out = [
    `# Who can ${describeRequest(req)}`,
    "",
    `Always: members of ${res.superuserGroups.map((g) => `\`${g}\``).join(", ")} (superusers).`,
    "",
  ];
  if (res.subjects.length === 0) out.push("No subject is granted this by RBAC.");
  for (const s of res.subjects) {
    out.push(`- **${s.kind} ${s.namespace ? `${s.namespace}/` : ""}${s.name}** — ${s.description}`);
    for (const g of s.grants) out.push(`  - ${describeWhoCanGrant(g)}`);
  }
  if (res.errors.length) out.push("", "Unresolved role references:", ...res.errors.map((e) => `- ${e}`));
  return out.join("\n");
}

export function whoCanJson(req: Request, res: WhoCanResult): string {
  return JSON.stringify(
    {
      request: req,
      superuserGroups: res.superuserGroups,
      subjects: res.subjects.map((s) => ({
        kind: s.kind,
        name: s.name,
        namespace: s.namespace,
        description: s.description,
        grants: s.grants.map(describeWhoCanGrant),
      })),
      errors: res.errors,
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

export function diffMarkdown(title: string, diff: { added: DiffLine[]; removed: DiffLine[] }): string {
  const line = (d: DiffLine) => `- \`${d.verb}\` ${d.resource} — ${d.scope === "" ? "cluster-wide" : `namespace ${d.scope}`}`;
  return [
    `# What applying the workspace would change for ${title}`,
    "",
    `## Added (${diff.added.length})`,
    ...(diff.added.length ? diff.added.map(line) : ["nothing"]),
    "",
    `## Removed (${diff.removed.length})`,
    ...(diff.removed.length ? diff.removed.map(line) : ["nothing"]),
    "",
  ].join("\n");
}

export function canApplyMarkdown(
  file: string,
  identity: Identity,
  results: readonly { object: RbacObject; result: ApplyResult }[],
): string {
  const out = [`# Can ${identity.user} apply ${file}?`, ""];
  if (results.length === 0) out.push("The file holds no RBAC objects.");
  for (const { object, result } of results) {
    out.push(`## ${result.allowed ? "✅" : "❌"} ${describeObject(object)}`, "");
    for (const r of result.reasons) out.push(`- ${r.replace(/\n/g, "\n  ")}`);
    if (result.missing.length) out.push("", "Not held:", ...[...new Set(result.missing.map(describeAtom))].map((m) => `- ${m}`));
    out.push("");
  }
  return out.join("\n");
}
