// Azure Kubernetes Service: recognise the cluster and its Entra ID identities, so the UI can say what
// Kubernetes RBAC cannot show (rbac-semantics.md §8).

import * as path from "node:path";
import { ResolvedContext } from "./kubeconfig";

export interface AksInfo {
  readonly isAks: boolean;
  /** Why we think so: "server host under azmk8s.io", "kubelogin exec plugin". */
  readonly reasons: readonly string[];
  /** The login mode of kubelogin (devicecode, azurecli, spn, msi, ...) when known. */
  readonly kubeloginMode?: string;
  /** Set when isAks: Azure role assignments are not visible through Kubernetes RBAC. */
  readonly note?: string;
}

export const AZURE_RBAC_NOTE =
  "This is an AKS cluster. If Azure RBAC for Kubernetes authorization is enabled, Azure role assignments also grant " +
  "access; they are not visible in Kubernetes RBAC, so what is shown here may be less than what a principal can do.";

const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Entra object IDs (users without UPN, service principals, managed identities, groups) are GUIDs. */
export function isEntraObjectId(name: string): boolean {
  return GUID_RE.test(name);
}

export function detectAks(ctx: ResolvedContext): AksInfo {
  const reasons: string[] = [];
  try {
    const host = new URL(ctx.cluster.server).hostname.toLowerCase();
    if (host === "azmk8s.io" || host.endsWith(".azmk8s.io")) reasons.push("server host under azmk8s.io");
  } catch {
    // not a URL: no AKS evidence from it
  }
  let kubeloginMode: string | undefined;
  const exec = ctx.user.exec;
  if (exec && /^kubelogin(\.exe)?$/i.test(path.basename(exec.command))) {
    reasons.push("kubelogin exec plugin");
    const i = exec.args.findIndex((a) => a === "--login" || a === "-l");
    const inline = exec.args.find((a) => a.startsWith("--login="));
    kubeloginMode = inline ? inline.slice("--login=".length) : i >= 0 && i + 1 < exec.args.length ? exec.args[i + 1] : "devicecode";
  }
  if (ctx.user.authProvider?.name === "azure") reasons.push("legacy azure auth-provider");
  const isAks = reasons.length > 0;
  return { isAks, reasons, ...(kubeloginMode ? { kubeloginMode } : {}), ...(isAks ? { note: AZURE_RBAC_NOTE } : {}) };
}
