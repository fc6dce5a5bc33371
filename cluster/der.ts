// The few parts of an X.509 certificate (DER) that Node 20's X509Certificate does not expose and that
// the pinned-CA check (pinned-ca.ts) needs: the signature algorithm and the extensions. A strict reader:
// anything it does not understand is `undefined`, never a guess.

/** One DER element: its tag and where its content lies in the buffer. */
interface Element {
  readonly tag: number;
  readonly start: number;
  readonly end: number;
}

export interface Extension {
  /** The OID's content bytes in hex (2.5.29.15 = "551d0f"). */
  readonly oid: string;
  readonly critical: boolean;
  /** The extension's value: the content of its OCTET STRING. */
  readonly value: Buffer;
}

export interface CertificateParts {
  /** The OID of the issuer's signature over this certificate, content bytes in hex. */
  readonly signatureAlgorithm: string;
  readonly extensions: readonly Extension[];
}

const SEQUENCE = 0x30;
const OID = 0x06;
const BOOLEAN = 0x01;
const OCTET_STRING = 0x04;
const BIT_STRING = 0x03;
const EXTENSIONS = 0xa3;

/** The element at `at` (within `limit`), or undefined when the bytes are not well-formed DER. */
function element(buf: Buffer, at: number, limit: number): Element | undefined {
  if (at + 2 > limit) return undefined;
  const tag = buf[at];
  if ((tag & 0x1f) === 0x1f) return undefined; // multi-byte tags: not in a certificate's outline
  let len = buf[at + 1];
  let start = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || start + n > limit) return undefined;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[start + i];
    start += n;
  }
  const end = start + len;
  return end > limit ? undefined : { tag, start, end };
}

/** The children of a constructed element, in order; undefined when any of them is malformed. */
function children(buf: Buffer, parent: Element): Element[] | undefined {
  const out: Element[] = [];
  for (let at = parent.start; at < parent.end;) {
    const e = element(buf, at, parent.end);
    if (!e) return undefined;
    out.push(e);
    at = e.end;
  }
  return out;
}

function hex(buf: Buffer, e: Element): string {
  return buf.toString("hex", e.start, e.end);
}

/** Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue } (RFC 5280 4.1). */
export function certificateParts(der: Buffer): CertificateParts | undefined {
  const cert = element(der, 0, der.length);
  if (!cert || cert.tag !== SEQUENCE || cert.end !== der.length) return undefined;
  const top = children(der, cert);
  if (!top || top.length !== 3 || top[0].tag !== SEQUENCE || top[1].tag !== SEQUENCE || top[2].tag !== BIT_STRING) return undefined;
  const alg = children(der, top[1]);
  if (!alg || alg.length < 1 || alg[0].tag !== OID) return undefined;
  const tbs = children(der, top[0]);
  if (!tbs) return undefined;
  const extensions = tbs.find((e) => e.tag === EXTENSIONS);
  const list = extensions ? extensionList(der, extensions) : [];
  return list && { signatureAlgorithm: hex(der, alg[0]), extensions: list };
}

/** [3] EXPLICIT SEQUENCE OF Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue }. */
function extensionList(der: Buffer, wrapper: Element): Extension[] | undefined {
  const inner = children(der, wrapper);
  if (!inner || inner.length !== 1 || inner[0].tag !== SEQUENCE) return undefined;
  const items = children(der, inner[0]);
  if (!items) return undefined;
  const out: Extension[] = [];
  for (const item of items) {
    const parts = item.tag === SEQUENCE ? children(der, item) : undefined;
    if (!parts || parts.length < 2 || parts.length > 3 || parts[0].tag !== OID) return undefined;
    const flag = parts.length === 3 ? parts[1] : undefined;
    const value = parts[parts.length - 1];
    if (value.tag !== OCTET_STRING) return undefined;
    if (flag && (flag.tag !== BOOLEAN || flag.end - flag.start !== 1)) return undefined;
    const critical = flag ? der[flag.start] !== 0 : false;
    out.push({ oid: hex(der, parts[0]), critical, value: der.subarray(value.start, value.end) });
  }
  return out;
}

/** KeyUsage ::= BIT STRING: its first byte of flags (digitalSignature = 0x80 … keyAgreement = 0x08). */
export function keyUsageFlags(value: Buffer): number | undefined {
  const bits = element(value, 0, value.length);
  if (!bits || bits.tag !== BIT_STRING || bits.end !== value.length || bits.end - bits.start < 1) return undefined;
  return bits.end - bits.start >= 2 ? value[bits.start + 1] : 0;
}
