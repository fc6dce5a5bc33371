// The user's credentials for requests: a token or basic auth, a client certificate, an exec credential
// plugin's answer (kept until shortly before it expires), or a legacy auth-provider's token. Every secret
// read is registered, so that no message repeats it.
import * as fs from "node:fs";
import * as https from "node:https";
import { ClientNodeModule, importClientNode } from "./client-node";
import { ClusterError, SecretRegistry } from "./errors";
import { ExecCredential, runExecPlugin } from "./exec-credential";
import { ResolvedContext } from "./kubeconfig";

export interface AuthMaterial {
  readonly headers: Record<string, string>;
  readonly cert?: string | Buffer;
  readonly key?: string | Buffer;
}

/** How exec plugins run (the connection's options). */
export interface ExecOptions {
  readonly execTimeoutMs?: number;
  readonly onExecOutput?: (text: string) => void;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export class UserCredentials {
  private execCredential: ExecCredential | undefined;
  private execPending: Promise<ExecCredential> | undefined;

  constructor(
    private readonly context: ResolvedContext,
    private readonly options: ExecOptions,
    private readonly secrets: SecretRegistry,
  ) {}

  /** The exec plugin's credential was refused: the next request runs the plugin again. */
  expire(): void {
    this.execCredential = undefined;
  }

  /** Headers and client certificate of a request; an exec plugin runs when its credential is missing or about to lapse. */
  async material(): Promise<AuthMaterial> {
    const u = this.context.user;
    const headers: Record<string, string> = {};
    let cert: string | Buffer | undefined;
    let key: string | Buffer | undefined;
    try {
      cert = u.clientCertificateData
        ? Buffer.from(u.clientCertificateData, "base64")
        : u.clientCertificate
          ? fs.readFileSync(u.clientCertificate)
          : undefined;
      key = u.clientKeyData ? Buffer.from(u.clientKeyData, "base64") : u.clientKey ? fs.readFileSync(u.clientKey) : undefined;
    } catch {
      throw new ClusterError("config", `The client certificate or key file of user "${u.name}" cannot be read.`);
    }
    if (key) this.secrets.add(key);
    if (u.token) headers.authorization = `Bearer ${u.token}`;
    else if (u.tokenFile) {
      let t: string;
      try {
        t = fs.readFileSync(u.tokenFile, "utf8").trim();
      } catch {
        throw new ClusterError("config", `The token file of user "${u.name}" cannot be read: ${u.tokenFile}.`);
      }
      this.secrets.add(t);
      headers.authorization = `Bearer ${t}`;
    } else if (u.username !== undefined && u.password !== undefined) {
      const basic = Buffer.from(`${u.username}:${u.password}`).toString("base64");
      this.secrets.add(basic);
      headers.authorization = `Basic ${basic}`;
    } else if (u.exec) {
      const cred = await this.execCredentialFor();
      if (cred.token) headers.authorization = `Bearer ${cred.token}`;
      if (cred.clientCertificateData && cred.clientKeyData) {
        cert = cred.clientCertificateData;
        key = cred.clientKeyData;
      }
    } else if (u.authProvider) {
      Object.assign(headers, await this.authProviderHeaders());
    }
    if (u.impersonate) headers["impersonate-user"] = u.impersonate;
    return { headers, ...(cert ? { cert } : {}), ...(key ? { key } : {}) };
  }

  private async execCredentialFor(): Promise<ExecCredential> {
    const cached = this.execCredential;
    // Renew a little before expiry, so a request never starts with a token about to lapse.
    if (cached && (cached.expiresAt === undefined || cached.expiresAt - 10_000 > Date.now())) return cached;
    if (!this.execPending) {
      const exec = this.context.user.exec!;
      this.execPending = runExecPlugin(exec, {
        timeoutMs: this.options.execTimeoutMs,
        onOutput: this.options.onExecOutput,
        cluster: this.context.cluster,
        env: this.options.env,
      })
        .then((cred) => {
          this.secrets.add(cred.token, cred.clientKeyData, cred.clientCertificateData);
          this.execCredential = cred;
          return cred;
        })
        .finally(() => (this.execPending = undefined));
    }
    return this.execPending;
  }

  /** Legacy auth-provider users (oidc, gcp, azure): client-node knows how to refresh them. */
  private async authProviderHeaders(): Promise<Record<string, string>> {
    const u = this.context.user;
    let k8s: ClientNodeModule;
    try {
      k8s = await importClientNode();
    } catch {
      throw new ClusterError(
        "config",
        `The auth-provider "${u.authProvider!.name}" of user "${u.name}" needs @kubernetes/client-node, which could not be loaded.`,
      );
    }
    const kc = new k8s.KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: "c", server: this.context.cluster.server, skipTLSVerify: this.context.cluster.insecureSkipTlsVerify }],
      users: [{ name: u.name, authProvider: { name: u.authProvider!.name, config: { ...u.authProvider!.config } } }],
      contexts: [{ name: "x", cluster: "c", user: u.name }],
      currentContext: "x",
    });
    const opts: https.RequestOptions = { headers: {} };
    await kc.applyToHTTPSOptions(opts);
    const out: Record<string, string> = {};
    const a = (opts.headers as Record<string, unknown> | undefined)?.Authorization;
    if (typeof a === "string") {
      this.secrets.add(a, a.replace(/^\S+\s+/, ""));
      out.authorization = a;
    }
    return out;
  }
}
