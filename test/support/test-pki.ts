// Certificates for TLS tests, made with the openssl command line in a temporary folder: certificate
// authorities and server certificates in the shapes the pinned-CA check must accept or leave to Node.

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

export interface Issued {
  readonly cert: string;
  readonly key: string;
}

export type KeySpec = "ec" | "rsa1024" | "rsa2048";

export class TestPki {
  private serial = 1000;

  constructor(private readonly dir: string) {}

  /** A self-signed certificate authority; `extensions` are openssl v3 lines (basicConstraints etc.). */
  authority(
    name: string,
    extensions = ["basicConstraints=critical,CA:TRUE", "keyUsage=critical,keyCertSign,cRLSign"],
    keySpec: KeySpec = "ec",
  ): Issued {
    const key = this.key(name, keySpec);
    const ext = this.write(`${name}.ext`, ["[v3]", "subjectKeyIdentifier=hash", ...extensions].join("\n"));
    const out = path.join(this.dir, `${name}.crt`);
    openssl([
      "req",
      "-x509",
      "-new",
      "-key",
      key,
      "-subj",
      `/CN=${name}`,
      "-days",
      "2",
      "-sha256",
      "-config",
      ext,
      "-extensions",
      "v3",
      "-out",
      out,
    ]);
    return { cert: fs.readFileSync(out, "utf8"), key: fs.readFileSync(key, "utf8") };
  }

  /** A certificate for `name` signed by `issuer`, with openssl v3 `extensions`; digest sha256 and a P-256 key unless told. */
  issue(name: string, issuer: Issued, extensions: string[], digest = "sha256", keySpec: KeySpec = "ec"): Issued {
    const key = this.key(name, keySpec);
    const csr = path.join(this.dir, `${name}.csr`);
    openssl(["req", "-new", "-key", key, "-subj", `/CN=${name}`, "-out", csr]);
    const ext = this.write(`${name}.ext`, ["subjectKeyIdentifier=hash", "authorityKeyIdentifier=keyid", ...extensions].join("\n"));
    const caCert = this.write(`${name}.issuer.crt`, issuer.cert);
    const caKey = this.write(`${name}.issuer.key`, issuer.key);
    const out = path.join(this.dir, `${name}.crt`);
    const serial = String(this.serial++);
    openssl([
      "x509",
      "-req",
      "-in",
      csr,
      "-CA",
      caCert,
      "-CAkey",
      caKey,
      "-set_serial",
      serial,
      "-days",
      "1",
      `-${digest}`,
      "-extfile",
      ext,
      "-out",
      out,
    ]);
    return { cert: fs.readFileSync(out, "utf8"), key: fs.readFileSync(key, "utf8") };
  }

  private key(name: string, spec: KeySpec): string {
    const file = path.join(this.dir, `${name}.key`);
    if (spec === "ec") openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", file]);
    else openssl(["genpkey", "-algorithm", "RSA", "-pkeyopt", `rsa_keygen_bits:${spec === "rsa1024" ? 1024 : 2048}`, "-out", file]);
    return file;
  }

  private write(name: string, text: string): string {
    const file = path.join(this.dir, name);
    fs.writeFileSync(file, text);
    return file;
  }
}

/** The extensions of a kube-apiserver serving certificate for localhost and 127.0.0.1. */
export const SERVING = [
  "basicConstraints=critical,CA:FALSE",
  "keyUsage=critical,digitalSignature,keyEncipherment",
  "extendedKeyUsage=serverAuth",
  "subjectAltName=DNS:localhost,IP:127.0.0.1",
];

function openssl(args: string[]): void {
  execFileSync("openssl", args, { stdio: ["ignore", "pipe", "pipe"] });
}
