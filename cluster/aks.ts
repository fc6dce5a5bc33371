// Azure Kubernetes Service: recognise the cluster and its Entra ID identities, so the UI can say what
// Kubernetes RBAC cannot show (rbac-semantics.md §8).

import { X509Certificate } from "node:crypto";
import * as fs from "node:fs";
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
  /** Why the credential is a local admin account (in system:masters, not Entra ID), when it is one. */
  readonly localAdmin?: string;
  /** How the context signs in, for the context view: the local admin account, or kubelogin's mode. */
  readonly signIn?: string;
}

/** What each kubelogin --login mode signs in as. */
const KUBELOGIN_MODES: Readonly<Record<string, string>> = {
  devicecode: "a person, through a device code in the browser",
  interactive: "a person, in the browser",
  azurecli: "the Azure CLI's signed-in account",
  azd: "the Azure Developer CLI's signed-in account",
  spn: "a service principal",
  msi: "a managed identity",
  workloadidentity: "a workload identity (federated token)",
  ropc: "a person, with a user name and password",
};

/**
 * A local admin credential: AKS's `--admin` credentials (user `clusterAdmin_<group>_<cluster>`), or any
 * client certificate whose subject has O=system:masters. Undefined for anything else (or an unreadable file).
 */
export function localAdminReason(user: ResolvedContext["user"]): string | undefined {
  if (/^clusterAdmin_/.test(user.name)) return `the clusterAdmin credential "${user.name}"`;
  let pem: string | undefined;
  try {
    if (user.clientCertificateData) pem = Buffer.from(user.clientCertificateData, "base64").toString("utf8");
    else if (user.clientCertificate) pem = fs.readFileSync(path.resolve(path.dirname(user.file), user.clientCertificate), "utf8");
    if (pem && new X509Certificate(pem).subject.split("\n").includes("O=system:masters"))
      return "a client certificate in the group system:masters";
  } catch {
    // not a certificate we can read: no evidence either way
  }
  return undefined;
}

function signInNote(isAks: boolean, localAdmin: string | undefined, kubeloginMode: string | undefined): string | undefined {
  if (localAdmin)
    return (
      `This context signs in with a local admin account (${localAdmin})${isAks ? ", not Entra ID" : ""}: it is in system:masters, ` +
      `so the API server allows every request before RBAC${isAks ? " or Azure RBAC" : ""} is consulted.`
    );
  if (kubeloginMode)
    return `Signed in with Entra ID through kubelogin, login mode "${kubeloginMode}" (${KUBELOGIN_MODES[kubeloginMode] ?? "a mode kube-rbac does not know"}).`;
  return undefined;
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
  const localAdmin = localAdminReason(ctx.user);
  const signIn = signInNote(isAks, localAdmin, kubeloginMode);
  return {
    isAks,
    reasons,
    ...(kubeloginMode ? { kubeloginMode } : {}),
    ...(isAks ? { note: AZURE_RBAC_NOTE } : {}),
    ...(localAdmin ? { localAdmin } : {}),
    ...(signIn ? { signIn } : {}),
  };
}
