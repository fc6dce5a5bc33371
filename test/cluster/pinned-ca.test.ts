import { strict as assert } from "node:assert";
import { X509Certificate } from "node:crypto";
import { PeerCertificate } from "node:tls";
import { trustedByPinnedCa } from "../../cluster/pinned-ca";
import { Issued, SERVING, TestPki } from "../support/test-pki";
import { useTempDir } from "../support/temp-dir";

/** What tls.checkServerIdentity reads of a peer certificate. */
function legacyOf(c: X509Certificate): PeerCertificate {
  const cn = /CN=([^\n]*)/.exec(c.subject)?.[1] ?? "";
  return { subject: { CN: cn }, subjectaltname: c.subjectAltName } as unknown as PeerCertificate;
}

describe("trustedByPinnedCa", function () {
  this.timeout(60_000);
  const tmp = useTempDir("kube-rbac-pinned-ca-");
  let pki: TestPki;
  let ca: Issued;
  let caX: X509Certificate;

  before(() => {
    pki = new TestPki(tmp.dir());
    ca = pki.authority("cluster-ca");
    caX = new X509Certificate(ca.cert);
  });

  const check = (leaf: Issued, opts: { host?: string; anchors?: X509Certificate[]; now?: number } = {}) => {
    const x = new X509Certificate(leaf.cert);
    return trustedByPinnedCa({ leaf: x, legacy: legacyOf(x), host: opts.host ?? "127.0.0.1" }, opts.anchors ?? [caX], opts.now);
  };

  it("accepts a serving certificate the cluster's authority signed, for its IP and its DNS name", () => {
    const leaf = pki.issue("serving", ca, SERVING);
    assert.equal(check(leaf), true);
    assert.equal(check(leaf, { host: "localhost" }), true);
  });

  it("finds the signer among several pinned authorities", () => {
    const other = new X509Certificate(pki.authority("other-ca").cert);
    assert.equal(check(pki.issue("serving-2", ca, SERVING), { anchors: [other, caX] }), true);
  });

  it("is unsure of a name the certificate does not carry", () => {
    assert.equal(check(pki.issue("serving-3", ca, SERVING), { host: "kubernetes.example" }), false);
  });

  it("is unsure outside the validity of the certificate or of the authority", () => {
    const leaf = pki.issue("serving-4", ca, SERVING);
    const x = new X509Certificate(leaf.cert);
    assert.equal(check(leaf, { now: Date.parse(x.validTo) + 1000 }), false);
    assert.equal(check(leaf, { now: Date.parse(x.validFrom) - 1000 }), false);
    assert.equal(check(leaf, { now: Date.parse(caX.validTo) + 1000 }), false);
  });

  it("is unsure of a certificate another authority signed", () => {
    const stranger = pki.authority("stranger-ca");
    assert.equal(check(pki.issue("serving-5", stranger, SERVING)), false);
  });

  it("is unsure of a chain through an intermediate authority (Node's own check decides)", () => {
    const intermediate = pki.issue("intermediate", ca, ["basicConstraints=critical,CA:TRUE", "keyUsage=critical,keyCertSign"]);
    const leaf = pki.issue("serving-6", intermediate, SERVING);
    assert.equal(check(leaf), false);
    assert.equal(check(leaf, { anchors: [new X509Certificate(intermediate.cert)] }), true);
  });

  it("is unsure of a certificate that is not for a TLS server", () => {
    const client = ["keyUsage=critical,digitalSignature", "extendedKeyUsage=clientAuth", "subjectAltName=IP:127.0.0.1"];
    assert.equal(check(pki.issue("client", ca, client)), false);
    const signingOnly = ["keyUsage=critical,nonRepudiation", "subjectAltName=IP:127.0.0.1"];
    assert.equal(check(pki.issue("non-repudiation", ca, signingOnly)), false);
    const anyUse = ["extendedKeyUsage=anyExtendedKeyUsage", "subjectAltName=IP:127.0.0.1"];
    assert.equal(check(pki.issue("any-use", ca, anyUse)), false);
  });

  it("accepts a certificate without key usage extensions, as OpenSSL does", () => {
    assert.equal(check(pki.issue("bare", ca, ["subjectAltName=IP:127.0.0.1"])), true);
  });

  it("is unsure of a critical extension it does not handle, and of a weak digest", () => {
    assert.equal(check(pki.issue("unknown-critical", ca, [...SERVING, "1.2.3.4=critical,ASN1:UTF8String:x"])), false);
    assert.equal(check(pki.issue("sha1", ca, SERVING, "sha1")), false);
    assert.equal(check(pki.issue("sha384", ca, SERVING, "sha384")), true);
  });

  it("is unsure of a server key below what it takes as strong, and accepts an RSA key of 2048 bits", () => {
    assert.equal(check(pki.issue("rsa1024-leaf", ca, SERVING, "sha256", "rsa1024")), false);
    assert.equal(check(pki.issue("rsa2048-leaf", ca, SERVING, "sha256", "rsa2048")), true);
  });

  it("is unsure of an authority limited to some uses by an extended key usage or a Netscape certificate type", () => {
    const base = ["basicConstraints=critical,CA:TRUE", "keyUsage=critical,keyCertSign"];
    for (const [name, extra] of [
      ["eku-client-ca", "extendedKeyUsage=clientAuth"],
      ["eku-server-ca", "extendedKeyUsage=serverAuth"],
      ["ns-type-ca", "nsCertType=objCA"],
    ] as const) {
      const authority = pki.authority(name, [...base, extra]);
      const leaf = pki.issue(`under-${name}`, authority, SERVING);
      assert.equal(check(leaf, { anchors: [new X509Certificate(authority.cert)] }), false, name);
    }
  });

  it("is unsure of an authority that is not a CA, cannot sign certificates, is weak or is name-constrained", () => {
    const notCa = pki.authority("not-ca", ["basicConstraints=critical,CA:FALSE"]);
    const noCertSign = pki.authority("no-cert-sign", ["basicConstraints=critical,CA:TRUE", "keyUsage=critical,digitalSignature"]);
    const weak = pki.authority("weak-ca", ["basicConstraints=critical,CA:TRUE", "keyUsage=critical,keyCertSign"], "rsa1024");
    const strongRsa = pki.authority("rsa-ca", ["basicConstraints=critical,CA:TRUE", "keyUsage=critical,keyCertSign"], "rsa2048");
    const constrained = pki.authority("constrained-ca", [
      "basicConstraints=critical,CA:TRUE",
      "nameConstraints=critical,permitted;IP:127.0.0.0/255.0.0.0",
    ]);
    for (const [name, authority, expected] of [
      ["not-ca", notCa, false],
      ["no-cert-sign", noCertSign, false],
      ["weak-ca", weak, false],
      ["rsa-ca", strongRsa, true],
      ["constrained-ca", constrained, false],
    ] as const) {
      const leaf = pki.issue(`under-${name}`, authority, SERVING);
      assert.equal(check(leaf, { anchors: [new X509Certificate(authority.cert)] }), expected, name);
    }
  });
});
