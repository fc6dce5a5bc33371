// Picks a user, group or service account of the loaded RBAC (written namespace/name).
import * as vscode from "vscode";
import { ReadyState } from "../cluster/state";
import { SubjectRef, subjectLists } from "../tree/subjects";

export async function pickSubject(s: ReadyState, title: string): Promise<SubjectRef | undefined> {
  const lists = subjectLists(s.index, s.snapshot.others);
  const all = [...lists.users, ...lists.groups, ...[...lists.serviceAccounts.values()].flat()];
  const pick = await vscode.window.showQuickPick(
    all.map((x) => ({ label: x.namespace ? `${x.namespace}/${x.name}` : x.name, description: x.kind, x })),
    { title, matchOnDescription: true, placeHolder: "user, group or namespace/service-account" },
  );
  return pick?.x;
}
