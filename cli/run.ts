// The command line's dispatcher: parse, pick the command, map failures to exit codes and messages.
// Nothing here prints a stack trace to a user; nothing here prints a credential.

import { FlagSpec, parseArgs, UsageError, flagBool, flagString, flagStrings } from "./args";
import { CAN_I_USAGE, canI, requestFromArgs } from "./commands/can-i";
import { PERMISSIONS_USAGE, permissionsCommand } from "./commands/permissions";
import { WHO_CAN_USAGE, whoCanCommand } from "./commands/who-can";
import { CAN_APPLY_USAGE, CHECK_USAGE, ESCALATIONS_USAGE, SNAPSHOT_USAGE, SUGGEST_USAGE, WHAT_IF_USAGE } from "./usage";
import { EXIT, InputError, Io } from "./io";
import { loadQueryInput } from "./query-input";

const COMMON: FlagSpec[] = [
  { name: "filename", short: "f", kind: "strings" },
  { name: "kubeconfig", kind: "string" },
  { name: "context", kind: "string" },
  { name: "output", short: "o", kind: "string" },
  { name: "help", short: "h", kind: "boolean" },
];
/** Values for charts (rendered by `check CHART/` and by `-f CHART/`). */
const CHART: FlagSpec[] = [
  { name: "values", kind: "strings" },
  { name: "set", kind: "strings" },
];
const CHECK: FlagSpec[] = [
  ...COMMON,
  ...CHART,
  { name: "fail-on", kind: "string" },
  { name: "stdin-filename", kind: "string" },
  { name: "config", kind: "string" },
  { name: "audit-log", kind: "strings" },
];
const QUERY: FlagSpec[] = [
  ...COMMON,
  ...CHART,
  { name: "namespace", short: "n", kind: "string" },
  { name: "all-namespaces", short: "A", kind: "boolean" },
  { name: "subresource", kind: "string" },
  { name: "as", kind: "string" },
  { name: "as-group", kind: "strings" },
  { name: "explain", kind: "boolean" },
];

const SUGGEST: FlagSpec[] = [
  { name: "audit-log", kind: "strings" },
  { name: "as", kind: "string" },
  { name: "as-group", kind: "strings" },
  { name: "output", short: "o", kind: "string" },
  { name: "help", short: "h", kind: "boolean" },
];

const USAGE: Record<string, string> = {
  "can-i": CAN_I_USAGE,
  "can-apply": CAN_APPLY_USAGE,
  "who-can": WHO_CAN_USAGE,
  permissions: PERMISSIONS_USAGE,
  "what-if": WHAT_IF_USAGE,
};

const HELP = `kube-rbac: check and query Kubernetes RBAC

Commands:
  ${CHECK_USAGE}
  ${CAN_I_USAGE}
  ${CAN_APPLY_USAGE}
  ${WHO_CAN_USAGE}
  ${PERMISSIONS_USAGE}
  ${WHAT_IF_USAGE}
  ${ESCALATIONS_USAGE}
  ${SNAPSHOT_USAGE}
  ${SUGGEST_USAGE}

RBAC state comes from -f/--filename (files or folders of manifests, or kubectl get … -o yaml|json dumps;
repeatable; a Helm chart folder is rendered with helm, --values FILE and --set K=V apply to it; a
kustomization folder is built with kustomize) or from a live cluster (--kubeconfig FILE, --context NAME;
read-only). check renders charts and builds kustomizations too, when helm and kustomize are there.
-o json prints machine-readable output. Exit codes: 0 yes/ok, 1 no/errors found, 2 usage or input problems.
check follows the nearest .kube-rbac.yaml above each file (severities, disabled checks, ignored paths,
Kubernetes version); - reads standard input.
suggest prints the Roles, ClusterRoles and bindings that allow exactly the requests a user, service account
(--as system:serviceaccount:NS:NAME) or group made in Kubernetes audit logs (JSON lines, gzip too): every
request it made, allowed or denied, except those answered 401. Exit 1 when it made none.
`;

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === "help" || command === "--help" || command === "-h") {
      io.out(HELP);
      return command === undefined ? EXIT.usage : EXIT.ok;
    }
    if (command === "check") {
      const a = parseArgs(rest, CHECK);
      if (flagBool(a, "help")) return help(io, CHECK_USAGE);
      // Commands that read manifests need the YAML parsers (and `check` the checks): each command's
      // module is loaded when it runs, so a question to a cluster loads neither.
      const { checkCommand } = await import("./commands/check.js");
      return await checkCommand(a, io);
    }
    if (Object.hasOwn(USAGE, command)) {
      const a = parseArgs(rest, QUERY);
      if (flagBool(a, "help")) return help(io, USAGE[command]);
      const json = wantsJson(a);
      const state = await loadQueryInput({
        ...sourceFlags(a),
        scope: queryScope(command, a),
        chart: { values: flagStrings(a, "values"), set: flagStrings(a, "set") },
      });
      try {
        if (command === "can-i") return await canI(a, state, io, json);
        if (command === "can-apply") {
          const { canApplyCommand } = await import("./commands/can-apply.js");
          return await canApplyCommand(a, state, io, json);
        }
        if (command === "what-if") {
          const { whatIfCommand } = await import("./commands/what-if.js");
          return whatIfCommand(a, state, io, json);
        }
        if (command === "who-can") return whoCanCommand(a, state, io, json);
        return permissionsCommand(a, state, io, json);
      } finally {
        state.cluster?.connection.dispose();
      }
    }
    if (command === "escalations") return await escalations(rest, io);
    if (command === "suggest") return await suggest(rest, io);
    if (command === "snapshot") {
      const a = parseArgs(rest, COMMON);
      if (flagBool(a, "help")) return help(io, SNAPSHOT_USAGE);
      if (flagStrings(a, "filename").length) throw new UsageError("snapshot reads a live cluster, not files");
      const state = await loadQueryInput({
        files: [],
        kubeconfig: flagString(a, "kubeconfig"),
        context: flagString(a, "context"),
        defaultKubeconfig: true,
      });
      try {
        const { snapshotCommand } = await import("./commands/snapshot.js");
        return snapshotCommand(a, state, io);
      } finally {
        state.cluster?.connection.dispose();
      }
    }
    throw new UsageError(`unknown command "${command}"\n\n${HELP}`);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`error: ${e.message}\n`);
      return EXIT.usage;
    }
    if (e instanceof InputError) {
      io.err(`error: ${e.message}\n`);
      return EXIT.input;
    }
    // A bug of ours: say so without a stack trace full of paths, and with a way to report it.
    io.err(`error: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.internal;
  }
}

async function suggest(rest: readonly string[], io: Io): Promise<number> {
  const a = parseArgs(rest, SUGGEST);
  if (flagBool(a, "help")) return help(io, SUGGEST_USAGE);
  const { suggestCommand } = await import("./commands/suggest.js");
  return await suggestCommand(a, io);
}

async function escalations(rest: readonly string[], io: Io): Promise<number> {
  const a = parseArgs(rest, [
    ...COMMON,
    { name: "as", kind: "string" },
    { name: "as-group", kind: "strings" },
    { name: "to", kind: "string" },
  ]);
  if (flagBool(a, "help")) return help(io, ESCALATIONS_USAGE);
  const json = wantsJson(a);
  const state = await loadQueryInput(sourceFlags(a));
  try {
    const { escalationsCommand } = await import("./commands/escalations.js");
    return escalationsCommand(a, state, io, json);
  } finally {
    state.cluster?.connection.dispose();
  }
}

/** `-o json` (else a table; `text` is a table too). */
function wantsJson(a: ReturnType<typeof parseArgs>): boolean {
  const output = flagString(a, "output") ?? "table";
  if (!["table", "json", "text"].includes(output)) throw new UsageError("--output must be table or json");
  return output === "json";
}

/** Where the RBAC is read from: files (-f), else the kubeconfig's cluster. */
function sourceFlags(a: ReturnType<typeof parseArgs>): { files: string[]; kubeconfig: string | undefined; context: string | undefined } {
  return { files: flagStrings(a, "filename"), kubeconfig: flagString(a, "kubeconfig"), context: flagString(a, "context") };
}

/** Where a question can be answered from a live cluster (see LiveClusterOptions.scope); undefined = everywhere. */
function queryScope(command: string, a: ReturnType<typeof parseArgs>): { namespace: string } | undefined {
  if (command === "permissions") {
    const ns = flagString(a, "namespace");
    return ns === undefined ? undefined : { namespace: ns };
  }
  // The objects to apply may live anywhere: read everything visible.
  if (command === "can-apply" || command === "what-if") return undefined;
  try {
    const { request } = requestFromArgs(a, "");
    return { namespace: request.kind === "resource" ? request.namespace : "" };
  } catch {
    return undefined; // the command reports the usage error itself
  }
}

function help(io: Io, usage: string): number {
  io.out(`usage: ${usage}\n`);
  return EXIT.ok;
}
