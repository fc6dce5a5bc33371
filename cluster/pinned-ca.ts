// Is this API server certificate vouched for by the cluster's own certificate authority (the kubeconfig's
// certificate-authority), by itself? Node parses its whole store of public root certificates (about 25 ms
// of a command's start) for the first TLS context that trusts any certificate; a kubeconfig names the one
// authority it trusts, so a context that trusts none is enough when we check the answer ourselves.
//
// This check only ever accepts: it accepts a certificate that OpenSSL's own verification (the one Node
// does with `ca`) would also accept, in the common shape — signed directly by a pinned authority — and
// says "unsure" for everything else (an intermediate, a weak key or digest, an extension it does not
// handle), which sends the connection back to Node's verification with its usual errors.

import { checkServerIdentity, PeerCertificate } from "node:tls";
import { X509Certificate } from "node:crypto";
import { certificateParts, CertificateParts, keyUsageFlags } from "./der";

const OID = {
  keyUsage: "551d0f",
  subjectAltName: "551d11",
  basicConstraints: "551d13",
  nameConstraints: "551d1e",
  extKeyUsage: "551d25",
  netscapeCertType: "6086480186f8420101",
};

/** Signatures OpenSSL accepts at every security level: SHA-2 with RSA or ECDSA, and Ed25519. */
const STRONG_SIGNATURES = new Set([
  "2a864886f70d01010b", // sha256WithRSAEncryption
  "2a864886f70d01010c", // sha384WithRSAEncryption
  "2a864886f70d01010d", // sha512WithRSAEncryption
  "2a8648ce3d040302", // ecdsa-with-SHA256
  "2a8648ce3d040303", // ecdsa-with-SHA384
  "2a8648ce3d040304", // ecdsa-with-SHA512
  "2b6570", // Ed25519
]);

/** Extensions whose meaning OpenSSL checks here; any other critical one makes it refuse, and us unsure. */
const HANDLED_CRITICAL = new Set([OID.keyUsage, OID.subjectAltName, OID.basicConstraints, OID.extKeyUsage]);

const SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
/** digitalSignature | keyEncipherment | keyAgreement: the uses of a TLS server's key. */
const TLS_KEY_USES = 0x80 | 0x20 | 0x08;
/** keyCertSign */
const CERT_SIGN = 0x04;

export interface PeerToCheck {
  /** The server's certificate. */
  readonly leaf: X509Certificate;
  /** The same, as tls.checkServerIdentity reads it. */
  readonly legacy: PeerCertificate;
  /** The name the certificate must carry (the TLS server name, else the host). */
  readonly host: string;
}

/** True when `peer.leaf` is valid for `peer.host` and signed by one of `anchors`; false = unsure. */
export function trustedByPinnedCa(peer: PeerToCheck, anchors: readonly X509Certificate[], now = Date.now()): boolean {
  const { leaf } = peer;
  const parts = certificateParts(leaf.raw);
  if (!parts || !within(leaf, now) || !servesTls(leaf, parts)) return false;
  if (!STRONG_SIGNATURES.has(parts.signatureAlgorithm) || !strongKey(leaf)) return false;
  if (checkServerIdentity(peer.host, peer.legacy) !== undefined) return false;
  return anchors.some((a) => issuedBy(leaf, a, now));
}

function within(c: X509Certificate, now: number): boolean {
  const from = Date.parse(c.validFrom);
  const to = Date.parse(c.validTo);
  return Number.isFinite(from) && Number.isFinite(to) && from <= now && now <= to;
}

/** OpenSSL's "SSL server" purpose: extended key usage (if any) has serverAuth; key usage (if any) a TLS use. */
function servesTls(leaf: X509Certificate, parts: CertificateParts): boolean {
  if (!handlesAll(parts) || parts.extensions.some((e) => e.oid === OID.netscapeCertType)) return false;
  const eku = leaf.keyUsage;
  if (eku !== undefined && !eku.includes(SERVER_AUTH)) return false;
  const ku = parts.extensions.find((e) => e.oid === OID.keyUsage);
  if (!ku) return true;
  const flags = keyUsageFlags(ku.value);
  return flags !== undefined && (flags & TLS_KEY_USES) !== 0;
}

function handlesAll(parts: CertificateParts): boolean {
  const seen = new Set<string>();
  for (const e of parts.extensions) {
    if (seen.has(e.oid)) return false; // a repeated extension: OpenSSL refuses the certificate
    seen.add(e.oid);
    if (e.critical && !HANDLED_CRITICAL.has(e.oid)) return false;
  }
  return true;
}

/**
 * A certificate authority that signed `leaf`: a CA, valid now, with a strong key, no name constraints,
 * and no extended key usage or Netscape certificate type (a limit on what it may vouch for, left to OpenSSL).
 */
function issuedBy(leaf: X509Certificate, anchor: X509Certificate, now: number): boolean {
  const parts = certificateParts(anchor.raw);
  if (!parts || !anchor.ca || !within(anchor, now) || !handlesAll(parts)) return false;
  const limits = [OID.nameConstraints, OID.extKeyUsage, OID.netscapeCertType];
  if (parts.extensions.some((e) => limits.includes(e.oid))) return false;
  const ku = parts.extensions.find((e) => e.oid === OID.keyUsage);
  if (ku && ((keyUsageFlags(ku.value) ?? 0) & CERT_SIGN) === 0) return false;
  if (!strongKey(anchor)) return false;
  try {
    return leaf.checkIssued(anchor) && leaf.verify(anchor.publicKey);
  } catch {
    return false;
  }
}

/** Keys OpenSSL accepts at every security level (and more than its default level asks of RSA). */
function strongKey(c: X509Certificate): boolean {
  const key = c.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case "rsa":
      return (details.modulusLength ?? 0) >= 2048;
    case "ec":
      return details.namedCurve === "prime256v1" || details.namedCurve === "secp384r1" || details.namedCurve === "secp521r1";
    case "ed25519":
      return true;
    default:
      return false;
  }
}
