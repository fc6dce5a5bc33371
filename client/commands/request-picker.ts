// Builds a request (verb, resource, namespace) from quick picks, or from command arguments.
import * as vscode from "vscode";
import { resolveType, resourceKey, VERBS } from "../../core/catalog";
import { ResourceRequest } from "../../core/model";
import { catalogOf } from "../cluster/catalog";
import { ReadyState } from "../cluster/model-state";

export interface RequestArgs {
  readonly verb: string;
  /** A kubectl TYPE: `pods`, `deployments.apps`, `pods/exec`, `widgets.example.com`. */
  readonly resource: string;
  /** "" = cluster scope. */
  readonly namespace?: string;
  readonly name?: string;
}

export function requestFrom(s: ReadyState, a: RequestArgs): ResourceRequest {
  const m = resolveType(catalogOf(s), a.resource).matches[0];
  const [resource, sub = ""] = (m?.resource ?? a.resource).split("/");
  return {
    kind: "resource",
    verb: a.verb,
    apiGroup: m?.group ?? "",
    resource: resource,
    subresource: sub,
    name: a.name ?? "",
    namespace: a.namespace ?? "",
  };
}

export async function pickRequest(s: ReadyState, title: string): Promise<ResourceRequest | undefined> {
  const verb = await vscode.window.showQuickPick(
    VERBS.filter((v) => v.category !== "nonResource").map((v) => ({ label: v.verb, detail: v.doc })),
    { title: `${title}: verb`, placeHolder: "verb", matchOnDetail: true },
  );
  if (!verb) return undefined;
  const catalog = catalogOf(s);
  const resources = catalog.allResources().filter((r) => !r.authorizationOnly || r.verbs.includes(verb.label));
  const res = await vscode.window.showQuickPick(
    resources.map((r) => ({ label: resourceKey(r), description: r.group || "core", detail: r.kind, r })),
    { title: `${title}: ${verb.label} …`, placeHolder: "resource", matchOnDescription: true },
  );
  if (!res) return undefined;
  let namespace = "";
  if (res.r.namespaced) {
    // With what-if on, the namespaces the workspace and its rendered charts bring count too.
    const nsItems = [{ label: "(all namespaces / cluster scope)", ns: "" }, ...s.index.namespaces().map((ns) => ({ label: ns, ns }))];
    if (s.namespace) nsItems.splice(1, 0, { label: s.namespace, ns: s.namespace });
    const ns = await vscode.window.showQuickPick(nsItems, {
      title: `${title}: ${verb.label} ${resourceKey(res.r)} in …`,
      placeHolder: "namespace",
    });
    if (!ns) return undefined;
    namespace = ns.ns;
  }
  return {
    kind: "resource",
    verb: verb.label,
    apiGroup: res.r.group,
    resource: res.r.resource,
    subresource: res.r.subresource ?? "",
    name: "",
    namespace,
  };
}
