// "Can I apply this file?" as a report: the verdict for the whole file, then one section per object with
// its verdict and, once, the permissions it would grant without holding them, as RBAC rules.
import type { Atom, ApplyResult } from "../../core/coverage";
import { describeObject, Identity, RbacObject } from "../../core/model";
import type { Report, ReportLine } from "./report";

/** Missing permissions as the rules a Role would need: one rule per group, resource names and verb set. */
export function missingRulesYaml(missing: readonly Atom[]): string {
  const resourceRules = new Map<string, { group: string; names: string; resources: Set<string>; verbs: Set<string> }>();
  const byResource = new Map<string, Set<string>>();
  for (const a of missing) {
    if (a.kind !== "resource") continue;
    const k = JSON.stringify([a.apiGroup, a.resource, a.resourceName ?? ""]);
    byResource.set(k, (byResource.get(k) ?? new Set()).add(a.verb));
  }
  for (const [k, verbs] of byResource) {
    const [group, resource, names] = JSON.parse(k) as [string, string, string];
    const verbKey = [...verbs].sort().join(",");
    const rk = JSON.stringify([group, names, verbKey]);
    const r = resourceRules.get(rk) ?? { group, names, resources: new Set<string>(), verbs };
    r.resources.add(resource);
    resourceRules.set(rk, r);
  }
  const flow = (xs: Iterable<string>) => `[${[...xs].map((x) => (/^[a-z0-9][a-z0-9./-]*$/.test(x) ? x : JSON.stringify(x))).join(", ")}]`;
  const lines: string[] = [];
  for (const r of resourceRules.values()) {
    lines.push(`- apiGroups: [${JSON.stringify(r.group)}]`, `  resources: ${flow(r.resources)}`);
    if (r.names) lines.push(`  resourceNames: ${flow([r.names])}`);
    lines.push(`  verbs: ${flow(r.verbs)}`);
  }
  const urls = new Map<string, Set<string>>();
  for (const a of missing) if (a.kind === "nonResource") urls.set(a.url, (urls.get(a.url) ?? new Set()).add(a.verb));
  for (const [url, verbs] of urls) lines.push(`- nonResourceURLs: ${flow([url])}`, `  verbs: ${flow(verbs)}`);
  return lines.join("\n");
}

/** Reasons without the server's long "not currently held" text: its permissions are listed once, as rules. */
function reasonsOf(result: ApplyResult): string[] {
  return result.reasons.filter((r) => !r.includes("is attempting to grant RBAC permissions not currently held"));
}

export function canApplyReport(
  file: string,
  identity: Identity,
  results: readonly { object: RbacObject; result: ApplyResult }[],
  source: string,
): Report {
  const refused = results.filter((r) => !r.result.allowed);
  const who = identity.user || identity.groups.join(", ");
  const verdict =
    results.length === 0
      ? `${file} holds no RBAC objects.`
      : refused.length === 0
        ? `Yes: ${who} may apply all ${results.length} RBAC object${results.length === 1 ? "" : "s"} of ${file}.`
        : `No: ${who} may not apply ${refused.length} of the ${results.length} RBAC object${results.length === 1 ? "" : "s"} of ${file}.`;
  return {
    kind: "can-apply",
    title: `Can ${who} apply ${file}?`,
    verdict,
    tone: results.length === 0 ? "neutral" : refused.length === 0 ? "yes" : "no",
    note: `As ${who}${identity.groups.length ? ` (groups ${identity.groups.join(", ")})` : ""}, against ${source}: RBAC's escalation checks, computed here, not the API server's answer.`,
    sections: results.map(({ object, result }) => {
      const lines: ReportLine[] = reasonsOf(result).map((text) => ({ text }));
      if (result.missing.length)
        lines.push({ text: "Permissions it would grant without holding them:", code: missingRulesYaml(result.missing) });
      return { heading: `${result.allowed ? "✅ May apply" : "❌ May not apply"} ${describeObject(object)}`, lines };
    }),
    json: JSON.stringify(
      results.map(({ object, result }) => ({
        object: describeObject(object),
        allowed: result.allowed,
        reasons: reasonsOf(result),
        missingRules: result.missing.length ? missingRulesYaml(result.missing) : "",
      })),
      null,
      2,
    ),
  };
}
