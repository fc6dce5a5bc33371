// `kube-rbac snapshot -o FILE [--kubeconfig FILE] [--context NAME]`: save what a live cluster's RBAC
// looks like as a `kind: List` file — usable later as `-f FILE`, or as the extension's offline snapshot.
// Read-only against the cluster; says which parts could not be seen.

import { snapshotToYaml, saveSnapshot } from "../../cluster/offline";
import { ParsedArgs, UsageError, flagString } from "../args";
import { EXIT, Io } from "../io";
import { InputError } from "../io";
import { QueryState } from "../state";
import { SNAPSHOT_USAGE } from "../usage";

export function snapshotCommand(a: ParsedArgs, state: QueryState, io: Io): number {
  const target = flagString(a, "output");
  if (target === undefined) throw new UsageError(`-o FILE is required (- for standard output)\nusage: ${SNAPSHOT_USAGE}`);
  if (a.positionals.length) throw new UsageError(`unexpected argument "${a.positionals[0]}"\nusage: ${SNAPSHOT_USAGE}`);
  const snap = state.cluster?.snapshot;
  if (!snap)
    throw new UsageError(`snapshot reads a live cluster: use --kubeconfig/--context (or the default kubeconfig)\nusage: ${SNAPSHOT_USAGE}`);
  for (const w of state.warnings) io.err(w + "\n");
  if (target === "-") io.out(snapshotToYaml(snap));
  else {
    try {
      saveSnapshot(snap, target);
    } catch (e) {
      throw new InputError(`cannot write ${target}: ${(e as Error).message}`);
    }
    io.err(
      `saved ${snap.objects.length} RBAC objects and ${snap.others.length} service accounts/namespaces of ${state.description} to ${target}${snap.complete ? "" : " (incomplete: see the warnings above)"}\n`,
    );
  }
  return EXIT.ok;
}
