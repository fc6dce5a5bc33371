// Errors of cluster access, and the sanitiser every message goes through: no bearer token, password,
// client key, certificate data or exec-plugin output may ever reach a log or an error message.

export type ClusterErrorKind =
  | "no-kubeconfig" // nothing to connect to (typed, never a silent fallback to localhost:8080)
  | "config" // the kubeconfig is unusable (bad YAML, unknown context, unreadable file)
  | "exec" // the exec credential plugin failed, hung or printed garbage
  | "unreachable" // connection refused, DNS, reset
  | "tls" // certificate verification failed (wrong CA, wrong host name)
  | "timeout"
  | "unauthorized" // 401: the credentials were refused
  | "forbidden" // 403
  | "not-found" // 404
  | "gone" // 410 (expired resourceVersion)
  | "server" // other HTTP errors
  | "invalid-response" // the body was not what the API promises
  | "cancelled";

export class ClusterError extends Error {
  override readonly name = "ClusterError";
  constructor(
    readonly kind: ClusterErrorKind,
    message: string,
    /** HTTP status when the server answered. */
    readonly status?: number,
  ) {
    super(message);
  }
}

const REDACTED = "[redacted]";

/** Recognisable secret shapes, for text we did not produce ourselves (server messages, plugin stderr). */
const PATTERNS: readonly RegExp[] = [
  // Authorization headers, in any of the ways they get printed.
  /(authorization["']?\s*[:=]\s*["']?)(bearer|basic)?\s*[^\s"',}]+/gi,
  /(\b(?:bearer|basic)\s+)[A-Za-z0-9\-._~+/]+=*/gi,
  // JSON / YAML fields that hold secrets.
  /(["']?(?:token|access_token|id_token|refresh_token|password|client-key-data|client-certificate-data|clientKeyData|clientCertificateData|client_secret|secret)["']?\s*[:=]\s*["']?)[^\s"',}]+/gi,
  // PEM blocks (keys and certificates).
  /-----BEGIN [A-Z ]+-----[\s\S]*?(-----END [A-Z ]+-----|$)/g,
  // JWTs.
  /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g,
];

/** Replace every known secret value and every recognisable secret shape. */
export function sanitize(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  // Longest first, so a secret that contains another is removed whole.
  const list = [...new Set([...secrets].filter((s) => s.length >= 6))].sort((a, b) => b.length - a.length);
  for (const s of list) out = out.split(s).join(REDACTED);
  for (const re of PATTERNS) {
    out = out.replace(re, (m, prefix?: string) =>
      typeof prefix === "string" && m.startsWith(prefix) && prefix.length < m.length ? prefix + REDACTED : REDACTED,
    );
  }
  return out;
}

/** A set of secret values known to one connection; messages built from its errors are scrubbed of them. */
export class SecretRegistry {
  private readonly values = new Set<string>();

  add(...values: (string | Buffer | undefined)[]): void {
    for (const v of values) {
      if (v === undefined) continue;
      const s = typeof v === "string" ? v : v.toString("utf8");
      if (s.length < 6) continue;
      this.values.add(s);
      // The same secret also travels base64-encoded (kubeconfig *-data fields, basic auth).
      this.values.add(Buffer.from(s, "utf8").toString("base64"));
      for (const line of s.split(/\r?\n/)) if (line.length >= 16 && !line.startsWith("-----")) this.values.add(line);
    }
  }

  sanitize(text: string): string {
    return sanitize(text, this.values);
  }
}

/** Any thrown value -> a ClusterError with a sanitised message. */
export function toClusterError(e: unknown, secrets?: SecretRegistry, fallback: ClusterErrorKind = "server"): ClusterError {
  const clean = (s: string) => (secrets ? secrets.sanitize(s) : sanitize(s));
  if (e instanceof ClusterError) {
    const msg = clean(e.message);
    return msg === e.message ? e : new ClusterError(e.kind, msg, e.status);
  }
  const raw = e instanceof Error ? e.message : String(e);
  return new ClusterError(fallback, clean(raw));
}

/** "300 ms", "30 s": for messages about deadlines. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${Math.round(ms / 100) / 10} s`;
}
