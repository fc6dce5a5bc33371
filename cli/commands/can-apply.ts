// `kube-rbac can-apply FILE… [--as USER [--as-group G]…] (-f STATE… | --kubeconfig K) [-n NS] [-o json]`
// Whether `kubectl apply -f FILE…` of the RBAC objects would pass the API server's authorization and
// escalation checks. First line `yes` or `no` with the reason; one line per object after it; exit 0 / 1.

import { canApplyObjects, CanApplyResult, ObjectVerdict } from "../../core/can-apply";
import { describeAtom } from "../../core/coverage";
import { describeObject } from "../../core/model";
import { whoAmI } from "../../cluster/reviews";
import { ParsedArgs, UsageError, flagString } from "../args";
import { EXIT, Io, table } from "../io";
import { loadState } from "../sources";
import { QueryState } from "../state";
import { identityFromArgs } from "./can-i";
import { CAN_APPLY_USAGE } from "../usage";

/** One short phrase per reason, for the first line and the table. */
const SAYS: Record<ObjectVerdict["reason"], string> = {
  superuser: "member of system:masters",
  escalate: "may escalate",
  bind: "may bind the role",
  covered: "holds every permission it grants",
  unchanged: "the patch changes nothing checked",
  "no-write-permission": "no permission to write it",
  "role-ref-changed": "roleRef cannot change",
  "role-not-found": "the role does not exist",
  "missing-coverage": "grants permissions not held",
};

export async function canApplyCommand(a: ParsedArgs, state: QueryState, io: Io, json: boolean): Promise<number> {
  if (a.positionals.length === 0) throw new UsageError(`expected the FILEs to apply\nusage: ${CAN_APPLY_USAGE}`);
  let identity = identityFromArgs(a);
  if (!identity) {
    if (!state.cluster)
      throw new UsageError(`--as USER is required with -f (there is no "me" in a set of files)\nusage: ${CAN_APPLY_USAGE}`);
    const me = await whoAmI(state.cluster.connection);
    identity = { user: me.username, groups: me.groups };
  }
  const input = loadState(a.positionals);
  const result = canApplyObjects(state.index, identity, input.objects, { namespace: flagString(a, "namespace") });
  for (const w of [...input.warnings, ...state.warnings]) io.err(w + "\n");
  if (input.objects.length === 0) io.err(`note: ${a.positionals.join(", ")} holds no RBAC objects\n`);
  if (json) io.out(JSON.stringify(resultJson(result), null, 2) + "\n");
  else io.out(resultText(result));
  return result.allowed ? EXIT.ok : EXIT.no;
}

function firstLine(r: CanApplyResult): string {
  const refused = r.objects.filter((v) => !v.allowed);
  if (refused.length === 0) {
    const n = (op: string) => r.objects.filter((v) => v.operation === op).length;
    return `yes: every object can be applied (${n("create")} created, ${n("patch")} patched)`;
  }
  const first = refused[0]!;
  const more = refused.length > 1 ? ` (and ${refused.length - 1} more of ${r.objects.length})` : "";
  return `no: ${describeObject(first.object)}: ${SAYS[first.reason]}${more}`;
}

export function resultText(r: CanApplyResult): string {
  const rows = r.objects.map((v) => [describeObject(v.object), v.operation, v.allowed ? "yes" : "no", SAYS[v.reason]]);
  let out = `${firstLine(r)}\n`;
  if (rows.length) out += table(["OBJECT", "WRITE", "ALLOWED", "WHY"], rows);
  for (const v of r.objects.filter((x) => !x.allowed)) {
    out += `\n${describeObject(v.object)}:\n`;
    for (const d of v.details) out += `  ${d.replace(/\n/g, "\n    ")}\n`;
  }
  return out;
}

export function resultJson(r: CanApplyResult) {
  return {
    allowed: r.allowed,
    identity: r.identity,
    objects: r.objects.map((v) => ({
      kind: v.object.kind,
      namespace: v.namespace,
      name: v.object.metadata.name,
      operation: v.operation,
      allowed: v.allowed,
      reason: v.reason,
      details: v.details,
      missing: [...new Set(v.missing.map(describeAtom))],
    })),
  };
}
