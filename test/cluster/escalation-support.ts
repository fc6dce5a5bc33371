// Helpers of the escalation proof: an HTTPS client for any credential (token or client certificate, with
// impersonation headers), SelfSubjectAccessReviews, and a client certificate request signed the way
// kube-controller-manager's kubernetes.io/kube-apiserver-client signer would sign it (openssl, the test
// server's CA).
import { ExecFileSyncOptions, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as https from "node:https";
import * as path from "node:path";
import { TestApiServer } from "../support/apiserver";

export type Credential = { token: string } | { cert: string; key: string };

export class IdentityClient {
  private readonly agent: https.Agent;
  private readonly headers: Record<string, string>;

  constructor(
    private readonly server: TestApiServer,
    cred: Credential,
    impersonate: { user?: string; groups?: string[] } = {},
  ) {
    const ca = fs.readFileSync(server.ready.caFile!);
    this.agent = new https.Agent("token" in cred ? { ca } : { ca, cert: cred.cert, key: cred.key });
    this.headers = "token" in cred ? { authorization: `Bearer ${cred.token}` } : {};
    if (impersonate.user) this.headers["impersonate-user"] = impersonate.user;
    // Node joins repeated headers given as an array into separate header lines.
    if (impersonate.groups) (this.headers as Record<string, string | string[]>)["impersonate-group"] = impersonate.groups;
  }

  request<T = Record<string, unknown>>(method: string, p: string, body?: unknown): Promise<{ status: number; body: T }> {
    return new Promise((resolve, reject) => {
      const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const req = https.request(
        new URL(p, this.server.server),
        {
          method,
          agent: this.agent,
          headers: {
            ...this.headers,
            accept: "application/json",
            ...(data ? { "content-type": "application/json", "content-length": String(data.length) } : {}),
          },
          timeout: 30_000,
        },
        (res) => {
          let text = "";
          res.setEncoding("utf8").on("data", (d: string) => (text += d));
          res.on("end", () => {
            let parsed: unknown = {};
            try {
              parsed = text ? JSON.parse(text) : {};
            } catch {
              parsed = { text };
            }
            resolve({ status: res.statusCode ?? 0, body: parsed as T });
          });
        },
      );
      req.on("timeout", () => req.destroy(new Error(`${method} ${p} timed out`)));
      req.on("error", reject);
      req.end(data);
    });
  }

  /** Fails unless the server answers `status`; returns the body. */
  async expect<T = Record<string, unknown>>(status: number, method: string, p: string, body?: unknown): Promise<T> {
    const r = await this.request<T>(method, p, body);
    if (r.status !== status) throw new Error(`${method} ${p} -> ${r.status} (expected ${status}): ${JSON.stringify(r.body).slice(0, 400)}`);
    return r.body;
  }

  /** SelfSubjectAccessReview: may this identity do it? */
  async can(attrs: Record<string, string>): Promise<boolean> {
    const body = await this.expect<{ status: { allowed: boolean } }>(
      201,
      "POST",
      "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
      {
        apiVersion: "authorization.k8s.io/v1",
        kind: "SelfSubjectAccessReview",
        spec: { resourceAttributes: attrs },
      },
    );
    return body.status.allowed;
  }

  /** The user name and groups the server sees (SelfSubjectReview). */
  async whoAmI(): Promise<{ username: string; groups: string[] }> {
    const body = await this.expect<{ status: { userInfo: { username: string; groups: string[] } } }>(
      201,
      "POST",
      "/apis/authentication.k8s.io/v1/selfsubjectreviews",
      { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" },
    );
    return { username: body.status.userInfo.username, groups: body.status.userInfo.groups };
  }

  dispose(): void {
    this.agent.destroy();
  }
}

const QUIET: ExecFileSyncOptions = { stdio: ["ignore", "pipe", "pipe"] };

export const CLUSTER_ADMIN_ATTRS = { verb: "*", group: "*", resource: "*" };

/** A key and a PEM certificate request for CN=user, O=groups. */
export function certificateRequest(dir: string, user: string, groups: string[]): { key: string; csr: string } {
  const keyFile = path.join(dir, "client.key");
  const csrFile = path.join(dir, "client.csr");
  const subj = `/CN=${user}${groups.map((g) => `/O=${g}`).join("")}`;
  execFileSync("openssl", ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", keyFile], QUIET);
  execFileSync("openssl", ["req", "-new", "-key", keyFile, "-subj", subj, "-out", csrFile], QUIET);
  return { key: fs.readFileSync(keyFile, "utf8"), csr: fs.readFileSync(csrFile, "utf8") };
}

/** What the kube-apiserver-client signer does for an approved request: a client certificate from the cluster CA. */
export function signAsClusterSigner(server: TestApiServer, dir: string, csrPem: string): string {
  const state = path.join(server.dir, "state");
  const csrFile = path.join(dir, "signer.csr");
  const extFile = path.join(dir, "client.ext");
  const out = path.join(dir, "client.crt");
  fs.writeFileSync(csrFile, csrPem);
  fs.writeFileSync(extFile, "extendedKeyUsage=clientAuth\nkeyUsage=digitalSignature\n");
  execFileSync(
    "openssl",
    [
      "x509",
      "-req",
      "-in",
      csrFile,
      "-CA",
      path.join(state, "ca.crt"),
      "-CAkey",
      path.join(state, "ca.key"),
      "-set_serial",
      "4242",
      "-days",
      "1",
      "-extfile",
      extFile,
      "-out",
      out,
    ],
    QUIET,
  );
  return fs.readFileSync(out, "utf8");
}
