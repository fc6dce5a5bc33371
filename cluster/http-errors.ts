// What a failed request means, in words a user can act on: network and TLS errors, and HTTP error statuses
// (with the API server's Status message, secrets removed).
import { ClusterError, ClusterErrorKind, SecretRegistry } from "./errors";

export function networkError(e: Error, server: URL, user: string, secrets: SecretRegistry): ClusterError {
  const code = errCode(e);
  const host = server.host;
  if (TLS_CODES.has(code) || /certificate|self[- ]signed|altname/i.test(e.message)) {
    return new ClusterError(
      "tls",
      `The TLS certificate of ${host} could not be verified (${code}): check the cluster's certificate-authority in the kubeconfig.`,
    );
  }
  if (code === "ECONNREFUSED") return new ClusterError("unreachable", `Cannot reach ${server.origin}: connection refused.`);
  if (code === "ENOTFOUND" || code === "EAI_AGAIN")
    return new ClusterError("unreachable", `Cannot reach ${server.origin}: the host name ${server.hostname} does not resolve.`);
  if (code === "ECONNRESET" || code === "EPIPE") return new ClusterError("unreachable", `The connection to ${server.origin} was reset.`);
  if (code === "ETIMEDOUT" || code === "EHOSTUNREACH" || code === "ENETUNREACH")
    return new ClusterError("unreachable", `Cannot reach ${server.origin} (${code}).`);
  if (/ssl|tls|bad decrypt|key values mismatch|PEM/i.test(e.message))
    return new ClusterError("config", `The client certificate or key of user "${user}" is not usable (${code}).`);
  return new ClusterError("unreachable", secrets.sanitize(`Cannot reach ${server.origin} (${code}).`));
}

export function httpError(
  status: number,
  body: string,
  method: string,
  path: string,
  host: string,
  user: string,
  secrets: SecretRegistry,
): ClusterError {
  let message = "";
  try {
    const s = JSON.parse(body) as { kind?: string; message?: unknown };
    if (s && s.kind === "Status" && typeof s.message === "string") message = s.message;
  } catch {
    // not a Status
  }
  const detail = message ? `: ${secrets.sanitize(message)}` : "";
  const kind: ClusterErrorKind =
    status === 401 ? "unauthorized" : status === 403 ? "forbidden" : status === 404 ? "not-found" : status === 410 ? "gone" : "server";
  if (status === 401)
    return new ClusterError(kind, `The API server ${host} refused the credentials of user "${user}" (401 Unauthorized).`, status);
  return new ClusterError(kind, `${method} ${shownPath(path)} failed with ${status}${detail}`, status);
}

/** The request's path without the paging and watch bookkeeping of its query, which a reader does not need. */
function shownPath(path: string): string {
  const q = path.indexOf("?");
  if (q < 0) return path;
  return /[?&]watch=(1|true)\b/.test(path) ? `${path.slice(0, q)}?watch` : path.slice(0, q);
}

const TLS_CODES = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "CERT_SIGNATURE_FAILURE",
]);

export function errCode(e: unknown): string {
  const c = (e as { code?: unknown }).code;
  return typeof c === "string" ? c : "error";
}
