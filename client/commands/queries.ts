// Who can…, Can I…, Who am I: answered from the loaded RBAC (and, for "Can I", confirmed by the API
// server's SelfSubjectAccessReview when connected). With arguments they skip the pickers (tests, keybindings).
import * as vscode from "vscode";
import { authorize } from "../../core/authorize";
import { compact, effectivePermissions } from "../../core/effective";
import { Identity, Request } from "../../core/model";
import { whoCan, WhoCanResult } from "../../core/who-can";
import { selfAccessReview, whoAmI } from "../../cluster";
import { describeRequest, permissionsMarkdown, whoCanJson, whoCanMarkdown } from "../reports";
import { CommandDeps, readyOrSay, showText } from "./deps";
import { pickRequest, RequestArgs, requestFrom } from "./request-picker";

export interface CanIAnswer {
  readonly request: Request;
  readonly local: boolean;
  readonly server: boolean | undefined;
  readonly reason: string;
}

export function registerQueryCommands(deps: CommandDeps): vscode.Disposable {
  let last: { request: Request; result: WhoCanResult } | undefined;

  const whoCanCmd = async (args?: RequestArgs) => {
    const s = readyOrSay(deps);
    if (!s) return undefined;
    const request = args ? requestFrom(s, args) : await pickRequest(s, "Who can");
    if (!request) return undefined;
    const result = whoCan(s.index, request);
    last = { request, result };
    await showText(whoCanMarkdown(request, result), "markdown");
    return { request, subjects: result.subjects.map((x) => ({ kind: x.kind, name: x.name, namespace: x.namespace })) };
  };

  const exportWhoCan = async (format?: "markdown" | "json") => {
    if (!last) {
      void vscode.window.showInformationMessage('kube-rbac: ask "Who can…" first.');
      return undefined;
    }
    const f =
      format ?? ((await vscode.window.showQuickPick(["markdown", "json"], { title: "Export as" })) as "markdown" | "json" | undefined);
    if (!f) return undefined;
    const doc = await showText(f === "json" ? whoCanJson(last.request, last.result) : whoCanMarkdown(last.request, last.result), f);
    return doc.getText();
  };

  return vscode.Disposable.from(
    vscode.commands.registerCommand("kubeRbac.whoCan", whoCanCmd),
    vscode.commands.registerCommand("kubeRbac.canI", (args?: RequestArgs) => canI(deps, args)),
    vscode.commands.registerCommand("kubeRbac.whoAmI", () => whoAmICmd(deps)),
    vscode.commands.registerCommand("kubeRbac.exportWhoCan", exportWhoCan),
  );
}

/** Answers from the loaded RBAC; the API server's SelfSubjectAccessReview confirms it when connected. */
async function canI(deps: CommandDeps, args?: RequestArgs): Promise<CanIAnswer | undefined> {
  const s = readyOrSay(deps);
  if (!s) return undefined;
  if (!s.me) {
    void vscode.window.showWarningMessage('kube-rbac: "Can I" needs a cluster connection to know who you are (SelfSubjectReview).');
    return undefined;
  }
  const request = args ? requestFrom(s, args) : await pickRequest(s, "Can I");
  if (!request) return undefined;
  const local = authorize(s.index, s.me, request);
  const conn = deps.model.conn;
  const server =
    conn && !s.whatIf
      ? await selfAccessReview(conn, request).then(
          (d) => d.allowed,
          () => undefined,
        )
      : undefined;
  const allowed = local.decision !== "not-allowed";
  const answer: CanIAnswer = { request, local: allowed, server, reason: local.reason };
  const verdict = `${allowed ? "Yes" : "No"}: you can${allowed ? "" : "not"} ${describeRequest(request)}${s.whatIf ? " (what-if)" : ""}.`;
  const check =
    server === undefined
      ? ""
      : server === allowed
        ? " The API server agrees."
        : ` The API server says ${server ? "yes" : "no"} (another authorizer, e.g. Azure RBAC or a webhook, decides too).`;
  void vscode.window.showInformationMessage(`${verdict}${local.reason ? ` ${local.reason}.` : ""}${check}`);
  return answer;
}

/** The identity the cluster sees (SelfSubjectReview), or the snapshot's, with its permissions. */
async function whoAmICmd(deps: CommandDeps): Promise<Identity | undefined> {
  const s = readyOrSay(deps);
  if (!s) return undefined;
  const conn = deps.model.conn;
  const me = conn
    ? await whoAmI(conn).then(
        (w) => ({ user: w.username, groups: [...w.groups] }),
        (e: Error) => e,
      )
    : s.me;
  if (!me || me instanceof Error) {
    void vscode.window.showWarningMessage(
      me instanceof Error
        ? `kube-rbac: who am I failed: ${me.message}`
        : "kube-rbac: an offline snapshot has no identity; connect to a cluster.",
    );
    return undefined;
  }
  const perms = compact(effectivePermissions(s.index, me));
  await showText(permissionsMarkdown(`you (${me.user})`, me, perms, s.label), "markdown");
  return me;
}
