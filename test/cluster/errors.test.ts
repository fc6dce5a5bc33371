import { strict as assert } from "node:assert";
import { backoffDelay, sanitize, SecretRegistry, toClusterError } from "../../cluster";

describe("error sanitising", () => {
  it("removes bearer tokens, Authorization headers, secret fields, PEM blocks and JWTs", () => {
    const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJmYWtlIn0.c2lnbmF0dXJlLWZha2U";
    const text = [
      "Authorization: Bearer fake-bearer-SECRET-111",
      "curl -H 'authorization: basic ZmFrZTpzZWNyZXQ='",
      `{"token":"fake-json-SECRET-222","password": "fake-pw-SECRET-333"}`,
      "client-key-data: LS0tfakeKEYdataSECRET444",
      "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIfakeSECRET555\n-----END EC PRIVATE KEY-----",
      `id ${jwt} end`,
    ].join("\n");
    const out = sanitize(text);
    for (const s of ["SECRET", "ZmFrZTpzZWNyZXQ", jwt]) assert.ok(!out.includes(s), out);
    assert.equal(
      out,
      [
        "Authorization: [redacted]",
        "curl -H 'authorization: [redacted]'",
        `{"token":"[redacted]","password": "[redacted]"}`,
        "client-key-data: [redacted]",
        "[redacted]",
        "id [redacted] end",
      ].join("\n"),
    );
  });

  it("removes registered secret values, raw and base64, wherever they appear", () => {
    const reg = new SecretRegistry();
    reg.add("plain-secret-value-777");
    const e = toClusterError(
      new Error(`server said: bad credential plain-secret-value-777 / ${Buffer.from("plain-secret-value-777").toString("base64")}`),
      reg,
    );
    assert.equal(e.message, "server said: bad credential [redacted] / [redacted]");
    assert.equal(e.kind, "server");
  });

  it("keeps ordinary API messages intact", () => {
    const msg = `roles.rbac.authorization.k8s.io is forbidden: User "lister" cannot list resource "roles" in API group "rbac.authorization.k8s.io" at the cluster scope`;
    assert.equal(sanitize(msg), msg);
  });
});

describe("watch backoff", () => {
  it("doubles from the initial delay, is capped, and jitters within [50%, 100%]", () => {
    const b = { initialMs: 500, maxMs: 30_000 };
    assert.deepEqual(
      [0, 1, 2, 5, 6, 40].map((n) => backoffDelay(b, n, () => 1)),
      [500, 1000, 2000, 16000, 30000, 30000],
    );
    assert.deepEqual(
      [0, 6].map((n) => backoffDelay(b, n, () => 0)),
      [250, 15000],
    );
  });
});
