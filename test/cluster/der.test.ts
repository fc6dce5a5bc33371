import { strict as assert } from "node:assert";
import { X509Certificate } from "node:crypto";
import { certificateParts, keyUsageFlags } from "../../cluster/der";
import { SERVING, TestPki } from "../support/test-pki";
import { useTempDir } from "../support/temp-dir";

describe("certificate parts (DER)", function () {
  this.timeout(30_000);
  const tmp = useTempDir("kube-rbac-der-");
  let der: Buffer;

  before(() => {
    const pki = new TestPki(tmp.dir());
    const ca = pki.authority("ca");
    der = new X509Certificate(pki.issue("serving", ca, [...SERVING, "1.2.3.4=ASN1:UTF8String:x"]).cert).raw;
  });

  it("reads the signature algorithm and every extension with its critical flag", () => {
    const parts = certificateParts(der);
    assert.ok(parts);
    assert.equal(parts.signatureAlgorithm, "2a8648ce3d040302"); // ecdsa-with-SHA256
    const byOid = new Map(parts.extensions.map((e) => [e.oid, e]));
    assert.equal(byOid.get("551d13")?.critical, true); // basicConstraints
    assert.equal(byOid.get("551d0f")?.critical, true); // keyUsage
    assert.equal(byOid.get("551d25")?.critical, false); // extKeyUsage
    assert.equal(byOid.get("551d11")?.critical, false); // subjectAltName
    assert.equal(byOid.get("2a0304")?.critical, false); // 1.2.3.4
    // digitalSignature (0x80) and keyEncipherment (0x20)
    assert.equal(keyUsageFlags(byOid.get("551d0f")!.value), 0xa0);
  });

  it("says undefined, and never throws, for bytes that are not a certificate", () => {
    assert.equal(certificateParts(Buffer.alloc(0)), undefined);
    assert.equal(certificateParts(Buffer.from("not a certificate")), undefined);
    assert.equal(certificateParts(Buffer.concat([der, Buffer.from([0])])), undefined);
    for (let cut = 0; cut < der.length; cut += 7) assert.equal(certificateParts(der.subarray(0, cut)), undefined);
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 2000; i++) {
      const copy = Buffer.from(der);
      copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256);
      const parts = certificateParts(copy); // any answer, but an answer
      assert.ok(parts === undefined || typeof parts.signatureAlgorithm === "string");
    }
    assert.equal(keyUsageFlags(Buffer.from([0x04, 0x00])), undefined);
  });
});
