// `kube-rbac permissions --as USER [--as-group G]… [-n NS]`: everything an identity may do, cluster-wide and
// per namespace, compacted (one line per group/resource/names with its verbs) and with provenance.

import { compact, effectivePermissions } from "../../core/effective";
import { ParsedArgs, UsageError, flagString } from "../args";
import { EXIT, Io, table } from "../io";
import { QueryInput } from "../query-input";
import { identityFromArgs } from "./can-i";
import { bindingName, grantJson, roleName } from "./grants";

export const PERMISSIONS_USAGE =
  "kube-rbac permissions --as USER [--as-group GROUP]... [-n NS] (-f PATH | --kubeconfig FILE [--context NAME]) [-o json]";

function via(sources: readonly Parameters<typeof bindingName>[0][]): string {
  return [...new Set(sources.map((s) => `${bindingName(s)} → ${roleName(s)}`))].join("; ");
}

export function permissionsCommand(a: ParsedArgs, state: QueryInput, io: Io, json: boolean): number {
  if (a.positionals.length !== 0) throw new UsageError(`unexpected argument "${a.positionals[0]}"\nusage: ${PERMISSIONS_USAGE}`);
  const identity = identityFromArgs(a);
  if (!identity) throw new UsageError(`--as USER is required\nusage: ${PERMISSIONS_USAGE}`);
  const ns = flagString(a, "namespace");
  const perms = compact(effectivePermissions(state.index, identity));
  const inScope = (scope: string) => ns === undefined || scope === "" || scope === ns;
  const resources = perms.resources.filter((r) => inScope(r.scope));
  const superuser = identity.groups.includes("system:masters");
  for (const w of state.warnings) io.err(w + "\n");
  if (json) {
    io.out(
      JSON.stringify(
        {
          identity,
          superuser,
          resources: resources.map((r) => ({ ...r, sources: r.sources.map(grantJson) })),
          nonResourceURLs: perms.nonResourceURLs.map((r) => ({ ...r, sources: r.sources.map(grantJson) })),
        },
        null,
        2,
      ) + "\n",
    );
    return EXIT.ok;
  }
  io.out(`Permissions of user "${identity.user}" (groups: ${identity.groups.join(", ") || "none"}):\n`);
  if (superuser) io.out("This identity is in system:masters: the API server allows every request before RBAC is consulted.\n");
  const rows = resources.map((r) => [
    r.scope === "" ? "cluster-wide" : `namespace ${r.scope}`,
    r.apiGroup === "" ? r.resource : `${r.resource}.${r.apiGroup}`,
    r.resourceNames.length ? r.resourceNames.join(",") : "",
    r.verbs.join(","),
    via(r.sources),
  ]);
  const urlRows = perms.nonResourceURLs.map((u) => ["cluster-wide", u.url, "", u.verbs.join(","), via(u.sources)]);
  if (rows.length + urlRows.length === 0) io.out("RBAC grants nothing to this identity.\n");
  else io.out(table(["SCOPE", "RESOURCE / URL", "NAMES", "VERBS", "VIA"], [...rows, ...urlRows]));
  return EXIT.ok;
}
