// `kube-rbac who-can VERB TYPE[/NAME] [--subresource SUB] [-n NS | -A]`: the subjects allowed, each with
// the binding(s) that grant it. Groups are open sets; members of system:masters can always.

import { whoCan } from "../../core/who-can";
import { ParsedArgs } from "../args";
import { EXIT, Io, table } from "../io";
import { describeRequest } from "../request";
import { QueryInput } from "../query-input";
import { requestFromArgs } from "./can-i";
import { bindingName, grantJson, roleName } from "./grants";

export const WHO_CAN_USAGE =
  "kube-rbac who-can VERB TYPE[/NAME] [--subresource SUB] [-n NS | -A] (-f PATH | --kubeconfig FILE [--context NAME]) [-o json]";

export function whoCanCommand(a: ParsedArgs, state: QueryInput, io: Io, json: boolean): number {
  const { request, warnings } = requestFromArgs(a, WHO_CAN_USAGE);
  const result = whoCan(state.index, request);
  for (const w of [...warnings, ...state.warnings]) io.err(w + "\n");
  if (json) {
    io.out(
      JSON.stringify(
        {
          request,
          subjects: result.subjects.map((s) => ({
            kind: s.kind,
            name: s.name,
            namespace: s.namespace,
            description: s.description,
            grants: s.grants.map(grantJson),
          })),
          superuserGroups: result.superuserGroups,
          errors: result.errors,
        },
        null,
        2,
      ) + "\n",
    );
    return EXIT.ok;
  }
  io.out(`Who can ${describeRequest(request)}:\n`);
  const rows: string[][] = [];
  for (const s of result.subjects)
    for (const g of s.grants) rows.push([s.kind, s.namespace ? `${s.namespace}/${s.name}` : s.name, bindingName(g), roleName(g)]);
  if (rows.length) io.out(table(["KIND", "SUBJECT", "BINDING", "ROLE"], rows));
  else io.out("No subject is granted this by RBAC.\n");
  io.out(`Always allowed (superuser authorizer): members of group ${result.superuserGroups.join(", ")}.\n`);
  for (const e of result.errors) io.out(`note: ${e}\n`);
  return EXIT.ok;
}
