// Who can…, Can I…, Who am I: answered from the loaded RBAC (and, for "Can I", confirmed by the API
// server's SelfSubjectAccessReview when connected). Offline (a snapshot, the example, the workspace) they
// answer as an identity the user chooses. With arguments they skip the pickers (tests, keybindings).
import * as vscode from "vscode";
import { authorize } from "../../core/authorize";
import { compact, effectivePermissions } from "../../core/effective";
import { impersonatedIdentity } from "../../core/identity";
import { Identity } from "../../core/model";
import { whoCan } from "../../core/who-can";
import { nearestMisses, nearestMissesForAnyone } from "../../core/nearest-miss";
import { catalogOf } from "../cluster/catalog";
import { selfAccessReview, whoAmI } from "../../cluster";
import { ReadyState } from "../cluster/model-state";
import { permissionsReport, whoCanReport } from "../reports";
import { canIReport } from "../results/can-i";
import { reportMarkdown } from "../results/report";
import { identityOf } from "../tree/permissions";
import { answerSource, answerSourceLabel } from "./answer-source";
import { CommandDeps } from "./deps";
import { pickRequest, RequestArgs, requestFrom } from "./request-picker";
import { pickSubject } from "./subject-picker";

/** Arguments of "Can I…?" and "Who Am I?" for an offline identity: `as` is a user name. */
export interface AsArgs {
  readonly as?: string;
  readonly groups?: readonly string[];
}

export function registerQueryCommands(deps: CommandDeps): vscode.Disposable {
  /** The identity offline answers are given as, chosen once per window. */
  let chosen: { identity: Identity; who: string } | undefined;

  const identityFor = async (s: ReadyState, a: AsArgs | undefined, title: string) => {
    if (a?.as) return (chosen = { identity: impersonatedIdentity(a.as, [...(a.groups ?? [])]), who: a.as });
    if (s.me && deps.model.conn) return { identity: s.me, who: "you" };
    if (chosen) return chosen;
    const ref = await pickSubject(s, `${title} (${s.label} has no identity of yours): answer as`);
    if (!ref) return undefined;
    const identity = identityOf(ref);
    return (chosen = { identity, who: ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name });
  };

  const whoCanCmd = async (args?: RequestArgs, format?: "markdown" | "json") => {
    const s = await answerSource(deps);
    if (!s) return undefined;
    const request = args ? requestFrom(s, args) : await pickRequest(s, "Who can");
    if (!request) return undefined;
    const result = whoCan(s.index, request);
    const misses = result.subjects.length === 0 ? nearestMissesForAnyone(s.index, request, catalogOf(s)) : [];
    const report = whoCanReport(request, result, answerSourceLabel(s), deps.groupNames(), misses);
    deps.results.show(report);
    return {
      request,
      subjects: result.subjects.map((x) => ({ kind: x.kind, name: x.name, namespace: x.namespace })),
      text: format === "json" ? report.json : reportMarkdown(report),
    };
  };

  const canI = async (args?: RequestArgs & AsArgs) => {
    const s = await answerSource(deps);
    if (!s) return undefined;
    const me = await identityFor(s, args, "Can I");
    if (!me) return undefined;
    const request = args?.verb ? requestFrom(s, args) : await pickRequest(s, "Can I");
    if (!request) return undefined;
    const local = authorize(s.index, me.identity, request);
    const conn = deps.model.conn;
    const server =
      conn && me.who === "you" && !s.whatIf
        ? await selfAccessReview(conn, request).then(
            (d) => d.allowed,
            () => undefined,
          )
        : undefined;
    const misses = local.decision === "not-allowed" ? nearestMisses(s.index, me.identity, request, catalogOf(s)) : [];
    const report = canIReport({ request, identity: me.identity, who: me.who, local, server, source: answerSourceLabel(s), misses });
    deps.results.show(report);
    return {
      request,
      local: local.decision !== "not-allowed",
      server,
      reason: local.reason,
      verdict: report.verdict,
      note: report.note,
      nearestMisses: misses,
    };
  };

  /** Writes the shown result to a file: asked for, or given (tests). */
  const exportResult = (args?: { uri?: string; format?: "markdown" | "json" }) =>
    deps.results.export(args?.uri ? vscode.Uri.parse(args.uri) : undefined, args?.format);

  return vscode.Disposable.from(
    vscode.commands.registerCommand("kubeRbac.whoCan", whoCanCmd),
    vscode.commands.registerCommand("kubeRbac.canI", canI),
    vscode.commands.registerCommand("kubeRbac.whoAmI", (args?: AsArgs) => whoAmICmd(deps, identityFor, args)),
    vscode.commands.registerCommand("kubeRbac.exportResult", exportResult),
    vscode.commands.registerCommand("kubeRbac.openResultLink", (i: number) => deps.results.open(i)),
    vscode.commands.registerCommand("kubeRbac.forgetIdentity", () => (chosen = undefined)),
  );
}

/** Who the cluster says you are (SelfSubjectReview), or the identity chosen offline, with its permissions. */
async function whoAmICmd(
  deps: CommandDeps,
  identityFor: (s: ReadyState, a: AsArgs | undefined, title: string) => Promise<{ identity: Identity; who: string } | undefined>,
  args?: AsArgs,
): Promise<Identity | undefined> {
  const s = await answerSource(deps);
  if (!s) return undefined;
  const conn = deps.model.conn;
  const fromServer =
    conn && !args?.as
      ? await whoAmI(conn).then(
          (w) => ({ identity: { user: w.username, groups: [...w.groups] }, who: "you" }),
          (e: Error) => e,
        )
      : undefined;
  if (fromServer instanceof Error) {
    void vscode.window.showWarningMessage(`kube-rbac: who am I failed: ${fromServer.message}`);
    return undefined;
  }
  const me = fromServer ?? (await identityFor(s, args, "Who am I"));
  if (!me) return undefined;
  const perms = compact(effectivePermissions(s.index, me.identity));
  const title = me.who === "you" ? `you (${me.identity.user})` : me.who;
  deps.results.show(
    permissionsReport(title, { kind: "User", name: me.identity.user, namespace: "" }, me.identity, perms, answerSourceLabel(s)),
  );
  return me.identity;
}
